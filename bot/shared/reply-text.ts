/** Telegram refuses text messages longer than this. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Long replies (a province summary) split at line breaks so each part stays
 * readable; a single over-long line is cut hard.
 */
export function splitMessage(text: string, limit: number = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    let rest = line;
    while (rest.length > limit) {
      parts.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
    current = rest;
  }
  if (current !== '') parts.push(current);
  return parts;
}
