import fs from 'node:fs';
import path from 'node:path';
import { createI18n, LANGUAGES } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { smsSegments } from '../../../core/i18n/gsm7';
import type { ReplyValue } from '../../../core/reply';

/** Namespaces whose strings never go out by SMS (web: the officers' pages; export: the XUAT workbook; roster: the import's problems, on the web page and the CLI; report: the BAOCAO Word draft). */
const NOT_SMS = new Set(['bot', 'vocabulary', 'zalo', 'web', 'export', 'roster', 'report']);

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

const LOCALES_DIR = path.resolve(__dirname, '../../../locales');
const i18n = createI18n();
const namespaces = fs
  .readdirSync(path.join(LOCALES_DIR, 'vi'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .filter((ns) => !NOT_SMS.has(ns));

describe('every SMS string fits one GSM-7 segment', () => {
  for (const ns of namespaces) {
    const samplesFile = path.join(__dirname, 'samples', `${ns}.ts`);
    const samples: Record<string, Record<string, unknown>> = fs.existsSync(samplesFile)
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require(samplesFile) as { samples: Record<string, Record<string, unknown>> }).samples
      : {};
    const keys = new Set<string>();
    for (const lng of LANGUAGES) {
      const file = path.join(LOCALES_DIR, lng, `${ns}.json`);
      if (!fs.existsSync(file)) continue;
      for (const key of leafKeys(JSON.parse(fs.readFileSync(file, 'utf8')))) keys.add(key.replace(/_sms$/, ''));
    }

    it(`every key of the ${ns} namespace has realistic sample values in test/core/i18n/samples/${ns}.ts`, () => {
      expect([...keys].filter((k) => !(k in samples))).toEqual([]);
    });

    // `key#variant` samples render the same key with another worst case (e.g. a correction with a split).
    const variants = Object.keys(samples).filter((k) => k.includes('#') && keys.has(k.split('#')[0]!));
    for (const sampleKey of [...keys, ...variants]) {
      const key = sampleKey.split('#')[0]!;
      for (const lng of LANGUAGES) {
        it(`${lng} ${ns}:${sampleKey} renders for SMS as GSM-7 within 160 characters`, () => {
          const fullKey = ns === 'translation' ? key : `${ns}:${key}`;
          const text = renderReply(i18n, { key: fullKey, values: (samples[sampleKey] ?? {}) as Record<string, ReplyValue> }, lng, 'sms');
          const info = smsSegments(text);
          expect({ text, encoding: info.encoding, fits: info.units <= 160 }).toEqual({ text, encoding: 'GSM-7', fits: true });
          expect(text).not.toMatch(/\{\{|\}\}/);
        });
      }
    }
  }
});
