import { describe, expect, it } from 'vitest';
import { contactSearchTerms, prefixUpperBound, searchQueryWords } from './search-terms.ts';

describe('contact search terms', () => {
  it('holds every word of the name, its parts and the email addresses, folded', () => {
    expect(contactSearchTerms('  Mary-Jane  Ó Néill ', ['MJ@Example.test'])).toEqual([
      'mary-jane',
      'mary',
      'jane',
      'o',
      'neill',
      'mj@example.test',
    ]);
  });

  it('reads a query as up to four folded words', () => {
    expect(searchQueryWords(' JOSÉ  gar ')).toEqual(['jose', 'gar']);
    expect(searchQueryWords('a b c d e')).toHaveLength(4);
  });

  it('bounds the prefix range', () => {
    expect(prefixUpperBound('ann')).toBe('ano');
    expect(prefixUpperBound('a@b.')).toBe('a@b/');
    expect('anna' < prefixUpperBound('ann') && 'anna' >= 'ann').toBe(true);
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\u{d7ff}')).toBe('\u{e000}');
  });
});
