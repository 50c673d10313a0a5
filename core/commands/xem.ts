import { viewReply } from '../wording/replies';
import { viewVillage } from '../usecases/session-logs';
import { defineCommand } from './command-module';
import { bare, officerHandler, withScope, type OfficerRun } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    /** `placeName`: the place typed after `@`, resolved inside the sender's area by the use case. */
    view: { kind: 'view'; placeName?: string };
  }
}

/** XEM for staff: their place this month. */
export const viewPlace: OfficerRun<'view'> = (kit, command, person, context) => withScope(kit, person, command, context.now, false, (report) => viewReply(report.snapshot));

/** XEM: a collaborator's village this month and this year; an officer's or admin's place this month. */
export const xem = defineCommand<'view'>({
  kind: 'view',
  rank: 2,
  words: ['view'],
  example: 'XEM',
  menu: 'xem',
  asksAboutAPlace: true,
  grammar: bare('view'),
  action: 'view',
  by: { collaborator: (ctx, person) => viewVillage(ctx, person), officer: officerHandler(viewPlace), admin: officerHandler(viewPlace) },
  refusal: null,
  replies: ['view.covered', 'view.quiet', 'summary:view', 'summary:no_place', 'log.no_village'],
});
