import { InlineKeyboard } from 'grammy';
import { FORM_CODES, GROUP_CODES } from '../../../core/domain/vocabulary-codes';
import type { FlowSession } from './flow-sessions';

export const PARTICIPANT_PRESETS = [10, 20, 30, 50, 100, 200] as const;

/** Labels the keyboards need, in the session's language. */
export interface FlowLabels {
  t(key: string, values?: Record<string, unknown>): string;
  vocabulary(kind: 'forms' | 'groups', code: string): string;
}

/** Button data: `f:<nonce>:<op>[:<arg>]`, well under Telegram's 64 bytes. */
export function flowData(session: FlowSession, op: string, arg?: string | number): string {
  return arg === undefined ? `f:${session.nonce}:${op}` : `f:${session.nonce}:${op}:${arg}`;
}

export const FLOW_DATA = /^f:([0-9a-f]{8}):([a-z]+)(?::([a-z0-9]+))?$/;

function withCancel(kb: InlineKeyboard, session: FlowSession, labels: FlowLabels): InlineKeyboard {
  return kb.row().text(labels.t('flow.cancel'), flowData(session, 'x'));
}

function grid<T extends string | number>(items: readonly T[], perRow: number, button: (item: T) => [string, string]): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((item, i) => {
    if (i > 0 && i % perRow === 0) kb.row();
    const [label, data] = button(item);
    kb.text(label, data);
  });
  return kb;
}

export function formKeyboard(session: FlowSession, labels: FlowLabels): InlineKeyboard {
  const kb = grid(FORM_CODES, 2, (code) => [labels.vocabulary('forms', code), flowData(session, 'fm', code)]);
  return withCancel(kb, session, labels);
}

export function groupsKeyboard(session: FlowSession, labels: FlowLabels): InlineKeyboard {
  const kb = grid(GROUP_CODES, 2, (code) => [
    (session.groups.includes(code) ? '✓ ' : '') + labels.vocabulary('groups', code),
    flowData(session, 'g', code),
  ]);
  kb.row().text(labels.t('flow.next'), flowData(session, 'gn'));
  return withCancel(kb, session, labels);
}

export function participantsKeyboard(session: FlowSession, labels: FlowLabels): InlineKeyboard {
  return withCancel(grid(PARTICIPANT_PRESETS, 3, (n) => [String(n), flowData(session, 'n', n)]), session, labels);
}

/** Today, yesterday, the day before: the dates a collaborator actually logs. */
export function dateKeyboard(session: FlowSession, labels: FlowLabels, shown: [string, string, string]): InlineKeyboard {
  const keys = ['flow.today', 'flow.yesterday', 'flow.dayBefore'] as const;
  const kb = new InlineKeyboard();
  keys.forEach((key, offset) => kb.text(labels.t(key, { date: shown[offset] }), flowData(session, 'd', offset)).row());
  return kb.text(labels.t('flow.cancel'), flowData(session, 'x'));
}

export function confirmKeyboard(session: FlowSession, labels: FlowLabels): InlineKeyboard {
  return new InlineKeyboard().text(labels.t('flow.save'), flowData(session, 'ok')).text(labels.t('flow.cancel'), flowData(session, 'x'));
}
