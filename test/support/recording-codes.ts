import type { Core } from '../../core/create-core';
import { silentLogger } from '../../core/logger';
import type { Outbound, OutboundRequest, OutboundResult } from '../../core/outbound/port';
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

/** An outbound port that records what it is handed; answers "queued by SMS" unless told otherwise. */
export function recordingOutbound(): Pick<RecordingCodes, 'sent' | 'answer' | 'lastCode'> & { outbound: Outbound } {
  const sent: OutboundRequest[] = [];
  const answer: RecordingCodes['answer'] = { next: null };
  const outbound: Outbound = {
    async send(request) {
      sent.push(request);
      const next = answer.next;
      answer.next = null;
      return next ?? { ok: true, status: 'queued', channel: 'sms' };
    },
  };
  return { outbound, sent, answer, lastCode: () => String(sent[sent.length - 1]?.reply.values?.['code']) };
}

/** One-time codes on a core's store whose messages are recorded instead of sent. */
export function recordingCodes(core: Core): RecordingCodes {
  const { outbound, ...recorded } = recordingOutbound();
  const codes = createOneTimeCodes({ codes: core.repos.oneTimeCodes, people: core.repos.people, counters: core.repos.counters, logger: silentLogger, outbound });
  return { codes, ...recorded };
}
