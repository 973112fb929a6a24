import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { excerptOf, mergeNewestFirst } from './timeline.ts';

describe('timeline excerpt', () => {
  it('collapses whitespace and keeps short text whole', () => {
    expect(excerptOf('  Hello,\n\n  my order   is late. ')).toBe('Hello, my order is late.');
  });

  it('cuts long text at a word, with an ellipsis', () => {
    const excerpt = excerptOf('word '.repeat(100), 23);
    expect(excerpt).toBe('word word word word…');
    expect(excerpt.length).toBeLessThanOrEqual(23);
  });

  it('cuts a long unbroken string where it must', () => {
    expect(excerptOf('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('mergeNewestFirst: messages and follow-up notes in one newest-first page', () => {
  const keyed = (createdAt: number, id: string) => ({ createdAt, id });
  it('interleaves by time, then id, and stops at the limit', () => {
    const messages = [keyed(50, 'm2'), keyed(30, 'm1'), keyed(10, 'm0')];
    const notes = [keyed(40, 'n1'), keyed(30, 'n0')];
    expect(mergeNewestFirst(messages, notes, 4).map((entry) => entry.id)).toEqual(['m2', 'n1', 'n0', 'm1']);
    expect(mergeNewestFirst(messages, [], 10).map((entry) => entry.id)).toEqual(['m2', 'm1', 'm0']);
  });
  it('keeps every entry once and in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100)), fc.array(fc.nat(100)), fc.nat(20), (a, b, limit) => {
        const sorted = (times: number[], prefix: string) => times.map((time, index) => keyed(time, `${prefix}${String(index).padStart(3, '0')}`)).sort((x, y) => y.createdAt - x.createdAt || (y.id > x.id ? 1 : -1));
        const merged = mergeNewestFirst(sorted(a, 'a'), sorted(b, 'b'), limit);
        expect(merged).toHaveLength(Math.min(limit, a.length + b.length));
        for (let i = 1; i < merged.length; i++) expect(merged[i - 1].createdAt).toBeGreaterThanOrEqual(merged[i].createdAt);
      }),
    );
  });
});
