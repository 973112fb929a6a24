/**
 * Contact search ("results as you type"): each contact has a few lower-cased, accent-free terms —
 * every word of the name (also split at punctuation: "Mary-Jane" gives "mary-jane", "mary" and "jane")
 * and every email address. A query word matches a term it is a prefix of, read from an index as the
 * range [word, upper bound), which is exact in byte (code point) order on both databases.
 */

const MAX_TERM_LENGTH = 254;
const MAX_TERMS = 60;
const MAX_QUERY_WORDS = 4;

/** Lower case without accents, so "José" is found by "jose" and "JOSÉ". */
export const foldText = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export function contactSearchTerms(name: string, emails: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const word of foldText(name).split(/\s+/)) {
    if (!word) continue;
    terms.add(word.slice(0, MAX_TERM_LENGTH));
    for (const part of word.match(/[\p{L}\p{N}]+/gu) ?? []) terms.add(part.slice(0, MAX_TERM_LENGTH));
  }
  for (const email of emails) {
    const folded = foldText(email.trim());
    if (folded) terms.add(folded.slice(0, MAX_TERM_LENGTH));
  }
  return [...terms].slice(0, MAX_TERMS);
}

/** The words of a query, each matched as a prefix of some term of the contact (all required). */
export const searchQueryWords = (query: string) =>
  foldText(query)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.slice(0, MAX_TERM_LENGTH))
    .slice(0, MAX_QUERY_WORDS);

/** The smallest string greater than every string starting with `prefix` (code point order). */
export function prefixUpperBound(prefix: string): string {
  const points = Array.from(prefix, (char) => char.codePointAt(0) as number);
  while (points.length) {
    const last = points.pop() as number;
    // Skip the surrogate range: no valid string contains a lone surrogate.
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    if (next <= 0x10ffff) return String.fromCodePoint(...points, next);
  }
  return '\u{10ffff}'.repeat(2);
}
