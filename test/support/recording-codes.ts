import type { Core } from '../../core/create-core';
import { silentLogger } from '../../core/logger';
import type { OutboundRequest, OutboundResult } from '../../core/outbound/port';
import { createOneTimeCodes, type OneTimeCodes } from '../../core/usecases/one-time-codes';

export interface RecordingCodes {
  codes: OneTimeCodes;
  /** Every code message handed to the outbound, in order. */
  sent: OutboundRequest[];
  /** What the outbound answers next (default: queued by SMS). */
  answer: { next: OutboundResult | null };
  /** The code in the newest message. */
  lastCode(): string;
}

/** One-time codes on a core's store whose messages are recorded instead of sent. */
export function recordingCodes(core: Core): RecordingCodes {
  const sent: OutboundRequest[] = [];
  const answer: RecordingCodes['answer'] = { next: null };
  const codes = createOneTimeCodes({
    store: core.store,
    people: core.repos.people,
    counters: core.repos.counters,
    logger: silentLogger,
    outbound: {
      async send(request) {
        sent.push(request);
        const next = answer.next;
        answer.next = null;
        return next ?? { ok: true, status: 'queued', channel: 'sms' };
      },
    },
  });
  return { codes, sent, answer, lastCode: () => String(sent[sent.length - 1]?.reply.values?.['code']) };
}
