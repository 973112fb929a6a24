// Staffing answers are whole agents, and a ceiling taken of a float can add one: 120 × 300 ÷ (3600 × 0.5)
// is 20, but 10 × 1.1 is 11.000000000000002 in binary. So the ceilings (and the "more agents than
// traffic" test) are taken of exact fractions built from the decimals the inputs print as — the digits a
// user typed — rather than of floats with an epsilon, which would wrongly drop an agent whenever the
// exact value is a hair above a whole number.

/** An exact fraction num ÷ den, den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

const SHORTEST_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** The exact value of the shortest decimal that `value` prints as (0.1 is 1/10, not the binary 0.1000000000000000055…). */
export function ratioOf(value: number): Ratio {
  const match = SHORTEST_DECIMAL.exec(String(value));
  if (!match) throw new RangeError(`Not a finite number: ${value}`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  const exponent = Number(exponentText) - fraction.length;
  return exponent >= 0 ? { num: digits * 10n ** BigInt(exponent), den: 1n } : { num: digits, den: 10n ** BigInt(-exponent) };
}

export const whole = (value: number | bigint): Ratio => ({ num: BigInt(value), den: 1n });

export const plus = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });

export const minus = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.den - b.num * a.den, den: a.den * b.den });

export const times = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.num, den: a.den * b.den });

export function dividedBy(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new RangeError('Division by zero');
  const sign = b.num < 0n ? -1n : 1n;
  return { num: sign * a.num * b.den, den: sign * b.num * a.den };
}

/** The greatest integer ≤ r. */
export function floorOf(r: Ratio): bigint {
  const quotient = r.num / r.den; // BigInt division truncates toward zero
  return r.num < 0n && quotient * r.den !== r.num ? quotient - 1n : quotient;
}

/** The least integer ≥ r. */
export const ceilOf = (r: Ratio): bigint => -floorOf({ num: -r.num, den: r.den });

/** Whether a ≤ b, exactly. */
export const isAtMost = (a: Ratio, b: Ratio): boolean => a.num * b.den <= b.num * a.den;

/** The double nearest to r (ties to even): one rounding, where float arithmetic on the inputs would round at every step. */
export function nearestNumber(r: Ratio): number {
  if (r.num < 0n) return -nearestNumber({ num: -r.num, den: r.den });
  if (r.num === 0n) return 0;
  // A quotient of 66 or more bits, with a sticky low bit when inexact, rounds once and correctly in Number().
  const shift = 66 - (r.num.toString(2).length - r.den.toString(2).length);
  const scaled = shift >= 0 ? r.num << BigInt(shift) : r.num;
  const divisor = shift >= 0 ? r.den : r.den << BigInt(-shift);
  const quotient = scaled / divisor;
  const sticky = quotient * divisor === scaled ? 0n : 1n;
  return scalePowerOfTwo(Number(quotient | sticky), -shift);
}

// x × 2^exponent in steps that stay within the double range; exact unless the result is subnormal.
function scalePowerOfTwo(x: number, exponent: number): number {
  let result = x;
  let left = exponent;
  while (left > 1000) {
    result *= 2 ** 1000;
    left -= 1000;
  }
  while (left < -1000) {
    result *= 2 ** -1000;
    left += 1000;
  }
  return result * 2 ** left;
}
