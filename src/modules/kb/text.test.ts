import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentWords, correction, editDistance, excerpt, highlight, indexForm, parseQuery, words } from './text.ts';

describe('knowledge-base text rules', () => {
  it('folds case and diacritics and drops stop words of the language', () => {
    expect(words('Café GRÖSSE naïve')).toEqual(['cafe', 'grosse', 'naive']);
    expect(contentWords('How do I reset your password', 'en')).toEqual(['reset', 'password']);
    expect(contentWords('Wie finde ich die Rechnungen', 'de')).toEqual(['finde', 'rechnungen']);
    expect(indexForm('Resetting passwords', 'en')).toBe('reset password');
    expect(indexForm('Rechnungen', 'de')).toBe('rechnung');
  });

  it('keeps the word being typed as a prefix, unstemmed', () => {
    expect(parseQuery('resetting pass', 'en', { prefix: true })).toEqual({
      terms: ['reset'],
      prefix: 'pass',
      typed: ['resetting', 'pass'],
    });
    expect(parseQuery('resetting pass ', 'en', { prefix: true }).prefix).toBeNull();
    expect(parseQuery('the', 'en').terms).toEqual([]);
  });

  it('measures edit distance with transpositions and gives up past the limit', () => {
    expect(editDistance('pasword', 'password')).toBe(1);
    expect(editDistance('psasword', 'password')).toBe(1);
    expect(editDistance('pssaword', 'password')).toBe(2);
    expect(editDistance('router', 'outer')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const distance = editDistance(a, b, 20);
        expect(distance).toBe(editDistance(b, a, 20));
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('corrects to the nearest, then the most common known word, and leaves short or known words alone', () => {
    const known = [
      { term: 'password', docs: 3 },
      { term: 'passport', docs: 9 },
      { term: 'router', docs: 2 },
    ];
    expect(correction('pasword', known)).toBe('password');
    expect(correction('passwrd', known)).toBe('password');
    expect(correction('passwort', known)).toBe('passport'); // one away from both: the more common wins
    expect(correction('passpurt', known)).toBe('passport');
    expect(correction('password', known)).toBeUndefined();
    expect(correction('rtr', known)).toBeUndefined();
  });

  it('escapes every text it highlights, whatever it holds', () => {
    const query = parseQuery('script alert', 'en');
    expect(highlight('<script>alert("x")</script>', query, 'en')).toBe(
      '&lt;<mark>script</mark>&gt;<mark>alert</mark>(&quot;x&quot;)&lt;/<mark>script</mark>&gt;',
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const html = excerpt(text, query, 'en', 80).replaceAll('<mark>', '').replaceAll('</mark>', '');
        expect(html).not.toMatch(/[<>]/);
      }),
    );
  });

  it('cuts a long text around its densest matches', () => {
    const text = `${'intro '.repeat(80)}reset the router and the password ${'outro '.repeat(80)}`;
    const cut = excerpt(text, parseQuery('router password', 'en'), 'en', 100);
    expect(cut.startsWith('… ')).toBe(true);
    expect(cut).toContain('<mark>router</mark> and the <mark>password</mark>');
    expect(cut.endsWith(' …')).toBe(true);
  });
});
