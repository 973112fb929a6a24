import { escapeHtml } from '../../lib/escape-html.ts';
import { stopwords as danishStopwords } from '@orama/stopwords/danish';
import { stopwords as dutchStopwords } from '@orama/stopwords/dutch';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as finnishStopwords } from '@orama/stopwords/finnish';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { stopwords as germanStopwords } from '@orama/stopwords/german';
import { stopwords as italianStopwords } from '@orama/stopwords/italian';
import { stopwords as norwegianStopwords } from '@orama/stopwords/norwegian';
import { stopwords as portugueseStopwords } from '@orama/stopwords/portuguese';
import { stopwords as russianStopwords } from '@orama/stopwords/russian';
import { stopwords as spanishStopwords } from '@orama/stopwords/spanish';
import { stopwords as swedishStopwords } from '@orama/stopwords/swedish';
import { stopwords as turkishStopwords } from '@orama/stopwords/turkish';
import { stemmer as danish } from '@orama/stemmers/danish';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as finnish } from '@orama/stemmers/finnish';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as norwegian } from '@orama/stemmers/norwegian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';
import { stemmer as turkish } from '@orama/stemmers/turkish';

/**
 * The knowledge base's text rules, one implementation for both databases: Rapport splits, folds
 * and stems the words itself and hands the index plain tokens, so FTS5 and tsvector see the same
 * terms and the same query finds the same articles. Pure: no I/O.
 */

/** Snowball stemmers by ISO 639-1 code; other languages are searched by their unstemmed words. */
const STEMMERS: Record<string, (word: string) => string> = {
  da: danish,
  de: german,
  en: english,
  es: spanish,
  fi: finnish,
  fr: french,
  it: italian,
  nb: norwegian,
  nl: dutch,
  no: norwegian,
  pt: portuguese,
  ru: russian,
  sv: swedish,
  tr: turkish,
};

export const STEMMED_LANGUAGES = Object.keys(STEMMERS);

/** The base language of a tag: `en-GB` → `en`. */
export const baseLanguage = (language: string) => language.toLowerCase().split(/[-_]/)[0];

const MAX_WORD = 40;

/** Lower-case words without diacritics ("Café" → "cafe"), in order; longer runs are cut. */
export function words(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.slice(0, MAX_WORD));
}

/**
 * Words too common to tell articles apart ("the", "your", "und"), per language: left out of the
 * index and of queries, so a search for "reset your password" ranks by "reset" and "password" and
 * no query has to score every article.
 */
const STOPWORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    da: danishStopwords,
    de: germanStopwords,
    en: englishStopwords,
    es: spanishStopwords,
    fi: finnishStopwords,
    fr: frenchStopwords,
    it: italianStopwords,
    nb: norwegianStopwords,
    nl: dutchStopwords,
    no: norwegianStopwords,
    pt: portugueseStopwords,
    ru: russianStopwords,
    sv: swedishStopwords,
    tr: turkishStopwords,
  }).map(([language, list]) => [language, new Set(words(list.join(' ')))]),
);

/** The words of a text that carry meaning in its language: `words` without the stop words. */
export function contentWords(text: string, language: string): string[] {
  const stop = STOPWORDS[baseLanguage(language)];
  const all = words(text);
  return stop ? all.filter((word) => !stop.has(word)) : all;
}

export function stem(word: string, language: string) {
  const stemmer = STEMMERS[baseLanguage(language)];
  return stemmer ? stemmer(word) : word;
}

/** The index form of a text: its stemmed words, space-separated. */
export const indexForm = (text: string, language: string) =>
  contentWords(text, language)
    .map((word) => stem(word, language))
    .join(' ');

export interface ParsedQuery {
  /** Whole words, stemmed: every one must match (or, in `any` mode, at least one). */
  terms: string[];
  /** The word still being typed, unstemmed, matched as a prefix of the article's words. */
  prefix: string | null;
  /** The words as typed (folded), for highlighting and spelling suggestions. */
  typed: string[];
}

/**
 * A search box's text as a query. With `prefix`, a last word not followed by a space is still
 * being typed: it matches any word it begins (at least two letters, as the index keeps).
 */
export function parseQuery(query: string, language: string, options: { prefix?: boolean } = {}): ParsedQuery {
  const typed = words(query).slice(0, 12);
  const typing = options.prefix && typed.length > 0 && !/\s$/.test(query);
  const last = typing ? typed[typed.length - 1] : null;
  const whole = contentWords((typing ? typed.slice(0, -1) : typed).join(' '), language);
  return {
    terms: [...new Set(whole.map((word) => stem(word, language)))],
    prefix: last && last.length >= 2 ? last : null,
    typed,
  };
}

/** The distinct words of a text worth suggesting as spellings (3 to 30 letters, not numbers). */
export function vocabulary(text: string, language: string): Set<string> {
  return new Set(contentWords(text, language).filter((word) => word.length >= 3 && word.length <= 30 && !/^\d+$/.test(word)));
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up past
 * `limit`: then it returns limit + 1.
 */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** How far a word may be from its correction: none for short words, one for up to 5 letters, else two. */
export const allowedTypos = (word: string) => (word.length < 4 ? 0 : word.length <= 5 ? 1 : 2);

/**
 * The best correction of a word among known terms: the nearest, then the most common, then
 * alphabetical (a stable answer on both databases). Undefined when the word is known or nothing is near.
 */
export function correction(word: string, known: ReadonlyArray<{ term: string; docs: number }>): string | undefined {
  const limit = allowedTypos(word);
  if (!limit || known.some((candidate) => candidate.term === word)) return undefined;
  let best: { term: string; docs: number; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(word, candidate.term, limit);
    if (distance > limit) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && (candidate.docs > best.docs || (candidate.docs === best.docs && candidate.term < best.term)))
    ) {
      best = { ...candidate, distance };
    }
  }
  return best?.term;
}

/**
 * Which words of a text the query matches: a stemmed term, or a word the typed prefix begins.
 * Stemmers only trim endings, so a word is stemmed only when it begins like a term (most words of
 * an excerpt never are), and each distinct word once.
 */
function matcher(query: ParsedQuery, language: string) {
  const terms = new Set(query.terms);
  const head = Math.min(3, ...query.terms.map((term) => term.length));
  const heads = new Set(query.terms.map((term) => term.slice(0, head)));
  const seen = new Map<string, boolean>();
  return (word: string) => {
    let match = seen.get(word);
    if (match === undefined) {
      const folded = words(word)[0] ?? '';
      match =
        (query.prefix !== null && folded.startsWith(query.prefix)) ||
        (heads.has(folded.slice(0, head)) && terms.has(stem(folded, language)));
      seen.set(word, match);
    }
    return match;
  };
}

const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** HTML-escaped text with the matching words in <mark>: safe to render as HTML. */
export function highlight(text: string, query: ParsedQuery, language: string): string {
  const matches = matcher(query, language);
  let html = '';
  let at = 0;
  for (const found of text.matchAll(WORD_PATTERN)) {
    const index = found.index ?? 0;
    html += escapeHtml(text.slice(at, index));
    html += matches(found[0]) ? `<mark>${escapeHtml(found[0])}</mark>` : escapeHtml(found[0]);
    at = index + found[0].length;
  }
  return html + escapeHtml(text.slice(at));
}

/**
 * About `length` characters of a text around its densest run of matching words, highlighted, with
 * an ellipsis where it was cut. The start of the text when nothing matches.
 */
export function excerpt(text: string, query: ParsedQuery, language: string, length = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return highlight(flat, query, language);
  const matches = matcher(query, language);
  const hits = [...flat.matchAll(WORD_PATTERN)].filter((found) => matches(found[0])).map((found) => found.index ?? 0);
  let start = 0;
  let best = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (hits[i] - hits[j] > length * 0.8) j++;
    if (i - j + 1 > best) {
      best = i - j + 1;
      start = hits[j];
    }
  }
  // Begin a little before the first hit, at a word boundary.
  start = Math.max(0, start - Math.floor(length * 0.2));
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '… ' : ''}${highlight(flat.slice(start, end), query, language)}${end < flat.length ? ' …' : ''}`;
}
