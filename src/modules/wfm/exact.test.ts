import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceilOf, dividedBy, floorOf, nearestNumber, plus, ratioOf, times, whole } from './exact.ts';

describe('exact fractions', () => {
  it('read a number as the decimal it prints as', () => {
    expect(ratioOf(0.1)).toEqual({ num: 1n, den: 10n });
    expect(ratioOf(-0.25)).toEqual({ num: -25n, den: 100n });
    expect(ratioOf(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(ratioOf(1.5e21)).toEqual({ num: 1_500_000_000_000_000_000_000n, den: 1n });
    expect(ratioOf(-0)).toEqual({ num: 0n, den: 1n });
    expect(() => ratioOf(Number.NaN)).toThrow(RangeError);
    expect(() => ratioOf(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('keep whole results whole where floats do not', () => {
    const fiftyFive = times(whole(50), plus(whole(1), ratioOf(0.1)));
    expect(50 * (1 + 0.1)).toBe(55.00000000000001);
    expect(ceilOf(fiftyFive)).toBe(55n);
    expect(nearestNumber(fiftyFive)).toBe(55);
  });

  it('take floors and ceilings of negative and positive fractions', () => {
    expect(floorOf({ num: 7n, den: 2n })).toBe(3n);
    expect(ceilOf({ num: 7n, den: 2n })).toBe(4n);
    expect(floorOf({ num: -7n, den: 2n })).toBe(-4n);
    expect(ceilOf({ num: -7n, den: 2n })).toBe(-3n);
    expect(ceilOf(whole(-3))).toBe(-3n);
    expect(dividedBy(whole(1), whole(-4))).toEqual({ num: -1n, den: 4n });
  });

  it('round a fraction to the nearest double, as one IEEE division of exact operands does', () => {
    // Both operands below 2^53 are exact doubles, so their quotient is rounded once, correctly.
    const operand = fc.bigInt({ min: 1n, max: 2n ** 53n - 1n });
    fc.assert(
      fc.property(operand, operand, fc.boolean(), (num, den, negative) => {
        const sign = negative ? -1n : 1n;
        expect(nearestNumber({ num: sign * num, den })).toBe(Number(sign * num) / Number(den));
      }),
      { numRuns: 2000 },
    );
  });

  it('round huge and tiny fractions too', () => {
    expect(nearestNumber({ num: 10n ** 400n, den: 1n })).toBe(Number.POSITIVE_INFINITY);
    expect(nearestNumber({ num: 1n, den: 10n ** 400n })).toBe(0);
    expect(nearestNumber({ num: 10n ** 300n + 1n, den: 10n ** 280n })).toBe(1e20);
    expect(nearestNumber({ num: 2n ** 53n + 1n, den: 1n })).toBe(2 ** 53); // a tie goes to even
    expect(nearestNumber({ num: 2n ** 54n + 3n, den: 2n })).toBe(2 ** 53 + 2); // just above a tie goes up
    expect(nearestNumber({ num: 0n, den: 5n })).toBe(0);
  });
});
