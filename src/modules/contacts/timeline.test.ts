import { describe, expect, it } from 'vitest';
import { excerptOf } from './timeline.ts';

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
