import { CORPUS, CORPUS_CONTEXT } from './corpus';
import { shippedParser } from './shared-parser';

describe('the message corpus', () => {
  const parser = shippedParser();

  it('holds at least 200 realistic texts', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
  });

  it('has no text listed twice, so no entry silently overrides another', () => {
    const texts = CORPUS.map(([text]) => text);
    expect(texts.filter((text, i) => texts.indexOf(text) !== i)).toEqual([]);
  });

  it.each(CORPUS)('reads %j as expected', (text, expected) => {
    expect(parser.parse(text, CORPUS_CONTEXT)).toEqual(expected);
  });
});
