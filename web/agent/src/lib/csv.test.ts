import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(toCsv([['Channel', 'FCR %'], ['email', 76.5], ['say "hi", then', null], ['=1+1', -3]])).toBe(
      'Channel,FCR %\r\nemail,76.5\r\n"say ""hi"", then",\r\n\'=1+1,-3\r\n',
    );
  });
});
