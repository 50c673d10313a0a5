import viBaocao from '../../locales/vi/baocao.json';
import viBot from '../../locales/vi/bot.json';
import viCodes from '../../locales/vi/codes.json';
import viExport from '../../locales/vi/export.json';
import viGateway from '../../locales/vi/gateway.json';
import viPlans from '../../locales/vi/plans.json';
import viReport from '../../locales/vi/report.json';
import viRoster from '../../locales/vi/roster.json';
import viSummary from '../../locales/vi/summary.json';
import viTranslation from '../../locales/vi/translation.json';
import viVocabulary from '../../locales/vi/vocabulary.json';
import viWeb from '../../locales/vi/web.json';
import viZalo from '../../locales/vi/zalo.json';
import enBaocao from '../../locales/en/baocao.json';
import enBot from '../../locales/en/bot.json';
import enCodes from '../../locales/en/codes.json';
import enExport from '../../locales/en/export.json';
import enGateway from '../../locales/en/gateway.json';
import enPlans from '../../locales/en/plans.json';
import enReport from '../../locales/en/report.json';
import enRoster from '../../locales/en/roster.json';
import enSummary from '../../locales/en/summary.json';
import enTranslation from '../../locales/en/translation.json';
import enVocabulary from '../../locales/en/vocabulary.json';
import enWeb from '../../locales/en/web.json';
import enZalo from '../../locales/en/zalo.json';
import type { Language } from '../domain/people';

/**
 * Every `locales/<lng>/<namespace>.json`, imported as modules so the build
 * carries them and the core reads no file. Each feature keeps its own
 * namespace; a new namespace file is added here (a test fails on one that is not).
 */
export const LOCALE_RESOURCES: Record<Language, Record<string, unknown>> = {
  vi: { baocao: viBaocao, bot: viBot, codes: viCodes, export: viExport, gateway: viGateway, plans: viPlans, report: viReport, roster: viRoster, summary: viSummary, translation: viTranslation, vocabulary: viVocabulary, web: viWeb, zalo: viZalo },
  en: { baocao: enBaocao, bot: enBot, codes: enCodes, export: enExport, gateway: enGateway, plans: enPlans, report: enReport, roster: enRoster, summary: enSummary, translation: enTranslation, vocabulary: enVocabulary, web: enWeb, zalo: enZalo },
};
