import { may, ownPlaceOf } from '../../../core/access/policy';
import { Composer } from 'grammy';
import type { Language } from '../../../core/domain/people';
import { MAX_PLAN_FILE_BYTES, type PlanAdmin } from '../../../core/plans/plan-admin';
import { reply, type Reply } from '../../../core/reply';
import type { BotContext } from '../context';

const PLAN_FILE = /\.(ya?ml|json)$/i;

/**
 * Admins (and officers, for their own commune) load or replace a plan by
 * sending its YAML/JSON file to the bot. The rules live in the core's
 * PlanAdmin; here we only fetch the file.
 */
export function planUploadFeature(deps: {
  plans: PlanAdmin;
  download: (filePath: string) => Promise<Buffer>;
  render: (reply: Reply, lng: Language) => string;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:document', async (ctx, next) => {
    const person = ctx.person;
    if (!person) return next();
    const answer = (r: Reply) => ctx.reply(deps.render(r, ctx.lng));
    if (!may(person, 'set_denominators', ownPlaceOf(person)).allowed) return next();
    const document = ctx.message.document;
    if (!PLAN_FILE.test(document.file_name ?? '')) return answer(reply('plans:not_a_plan'));
    if ((document.file_size ?? 0) > MAX_PLAN_FILE_BYTES) return answer(reply('plans:too_big', { maxKb: MAX_PLAN_FILE_BYTES / 1024 }));
    const file = await ctx.getFile();
    if (!file.file_path) return answer(reply('plans:not_a_plan'));
    const content = await deps.download(file.file_path);
    ctx.log.info({ bytes: content.length, person: person._id }, 'plan file received');
    return answer(await deps.plans.importText(person, content.toString('utf8')));
  });
  return composer;
}
