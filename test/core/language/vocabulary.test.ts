import { fold } from '../../../core/text';
import { createParser } from '../../../app/commands';
import {
  LANGUAGES,
  loadVocabularies,
  loadVocabulary,
  parseVocabulary,
  vocabularyPath,
} from '../../../core/language/vocabulary';

describe('the shipped vocabularies', () => {
  it.each(LANGUAGES)('%s loads and passes its schema', (lng) => {
    expect(() => loadVocabulary(lng)).not.toThrow();
  });

  it('can be read together without any phrase meaning two things', () => {
    expect(() => createParser(loadVocabularies())).not.toThrow();
  });

  it.each(LANGUAGES)('%s has labels that become plain ASCII for SMS replies', (lng) => {
    const vocab = loadVocabulary(lng);
    const labels = [...Object.values(vocab.forms), ...Object.values(vocab.groups), ...Object.values(vocab.dates.weekdays)].map(
      (entry) => entry.label,
    );
    for (const label of labels) expect(fold(label)).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('loading a vocabulary', () => {
  it('names the file when Loa ships no such locale', () => {
    expect(() => loadVocabulary('xx')).toThrow(vocabularyPath('xx'));
  });

  it('names the bad entry when a label is too long for a one-segment reply', () => {
    const vocab = structuredClone(loadVocabulary('vi'));
    vocab.forms.hop.label = 'họp thôn với rất nhiều người';
    expect(() => parseVocabulary(vocab, 'locales/vi/vocabulary.json')).toThrow(
      /Invalid vocabulary locales\/vi\/vocabulary\.json: forms\.hop\.label: /,
    );
  });

  it('names a missing form code', () => {
    const vocab: Record<string, unknown> = structuredClone(loadVocabulary('vi'));
    const forms = vocab['forms'] as Record<string, unknown>;
    delete forms['loa'];
    expect(() => parseVocabulary(vocab, 'test')).toThrow(/forms\.loa: /);
  });

  it('refuses an unknown section, so a misspelt key is not silently ignored', () => {
    const vocab = { ...structuredClone(loadVocabulary('en')), filers: ['and'] };
    expect(() => parseVocabulary(vocab, 'test')).toThrow(/Unrecognized key/);
  });

  it('refuses a phrase with no word in it', () => {
    const vocab = structuredClone(loadVocabulary('en'));
    vocab.fillers.push(' -- ');
    expect(() => parseVocabulary(vocab, 'test')).toThrow(/fillers\.\d+: must contain at least one word/);
  });
});
