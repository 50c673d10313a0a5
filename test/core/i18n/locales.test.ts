import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../../core/i18n/i18n';
import { LOCALE_RESOURCES } from '../../../core/i18n/locales';

const LOCALES_DIR = path.resolve(__dirname, '../../../locales');

describe('the locales bundled into the core', () => {
  it.each(LANGUAGES)('hold every namespace file of locales/%s, so a new file cannot be left out', (lng) => {
    const files = fs
      .readdirSync(path.join(LOCALES_DIR, lng))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
    expect(Object.keys(LOCALE_RESOURCES[lng]).sort()).toEqual(files);
  });

  it.each(LANGUAGES)('hold what the files of locales/%s say', (lng) => {
    for (const [ns, value] of Object.entries(LOCALE_RESOURCES[lng])) {
      expect(value).toEqual(JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, `${ns}.json`), 'utf8')));
    }
  });
});
