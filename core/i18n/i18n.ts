import i18next, { type i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import { LOCALE_RESOURCES } from './locales';

export const LANGUAGES: readonly Language[] = ['vi', 'en'];

/**
 * An i18next instance over every locale namespace (`translation`,
 * `vocabulary`, `summary`, `bot`, …), ready synchronously so rendering works
 * before the first message arrives.
 */
export function createI18n(resources: Record<Language, Record<string, unknown>> = LOCALE_RESOURCES): I18n {
  const namespaces = new Set(Object.values(resources).flatMap((byNs) => Object.keys(byNs)));
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'vi',
    fallbackLng: 'vi',
    ns: [...namespaces],
    defaultNS: 'translation',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<I18n['init']>[0]);
  return instance;
}
