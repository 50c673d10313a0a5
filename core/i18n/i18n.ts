import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';

export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export const LOCALES_DIR = path.join(__dirname, '../../locales');

/**
 * Loads every `locales/<lng>/<namespace>.json` synchronously, so rendering is
 * ready before the first message arrives. Each feature keeps its own namespace
 * file (`translation`, `vocabulary`, `summary`, `bot`, …).
 */
export function createI18n(localesDir: string = LOCALES_DIR): I18n {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lng of LANGUAGES) {
    resources[lng] = {};
    const dir = path.join(localesDir, lng);
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!file.endsWith('.json')) continue;
      const ns = file.slice(0, -'.json'.length);
      try {
        resources[lng]![ns] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      } catch (error) {
        throw new Error(`locales/${lng}/${file} is not valid JSON: ${(error as Error).message}`);
      }
      namespaces.add(ns);
    }
  }
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
