import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, BUCKET_LOWER_MS, bucketOf, nearestRank, percentileOf } from './histogram.ts';

const histogramOf = (values: number[]) => {
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  for (const value of values) counts[bucketOf(value)] += 1;
  return counts;
};

describe('duration histograms', () => {
  it('puts a duration in the bucket whose edges surround it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400 * 86_400_000, noNaN: true }), (ms) => {
        const bucket = bucketOf(ms);
        expect(BUCKET_LOWER_MS[bucket]).toBeLessThanOrEqual(ms);
        if (bucket < BUCKET_COUNT - 1) expect(ms).toBeLessThan(BUCKET_LOWER_MS[bucket + 1]);
      }),
    );
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(59_999)).toBe(0);
    expect(bucketOf(60_000)).toBe(1);
    expect(bucketOf(120_000)).toBe(3);
    expect(BUCKET_LOWER_MS[BUCKET_COUNT - 1]).toBe(2 ** 17 * 60_000);
  });

  it('estimates a percentile in the bucket of the exact nearest-rank value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 * 86_400_000 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9, 0.25, 0.99, 1),
        (values, p) => {
          const estimate = percentileOf(histogramOf(values), p);
          const exact = nearestRank(values, p);
          expect(estimate).not.toBeNull();
          expect(bucketOf(estimate as number)).toBe(bucketOf(exact as number));
        },
      ),
    );
  });

  it('is null with nothing counted, and exact for one repeated value at a bucket edge', () => {
    expect(percentileOf(new Array(BUCKET_COUNT).fill(0), 0.5)).toBeNull();
    expect(nearestRank([], 0.9)).toBeNull();
    const counts = histogramOf([3_600_000, 3_600_000, 3_600_000, 3_600_000]);
    // 60 min lies inside [2^5.5, 2^6) min; interpolation stays inside the bucket.
    const median = percentileOf(counts, 0.5) as number;
    expect(bucketOf(median)).toBe(bucketOf(3_600_000));
    expect(nearestRank([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(nearestRank([5, 1, 3, 2, 4], 0.9)).toBe(5);
  });
});
