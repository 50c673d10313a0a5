import { type Parser } from '../../../core/language/parser';
import { createParser } from '../../../app/commands';
import { loadVocabularies } from '../../../core/language/vocabulary';

let parser: Parser | null = null;

/** One parser over the shipped vi + en vocabularies, built once per test file. */
export function shippedParser(): Parser {
  parser ??= createParser(loadVocabularies());
  return parser;
}
