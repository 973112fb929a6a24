import type { HistogramColumn, HistogramName } from '../../db/types.ts';

// Medians and p90s from rollups (decisions/0024). Each duration a report shows as an average is
// also counted in a histogram per rollup row: 36 buckets, the first [0, 1 min), then edges a factor
// √2 apart (1 min, 1.41 min, 2 min, … 2^17 min ≈ 91 days), the last open-ended. Histograms add up
// like the other counters, so a period's percentile reads a few thousand rows, never the tickets.
// Pure.

export const HISTOGRAM_MEASURES = ['first_reply', 'first_resolution', 'full_resolution', 'requester_wait', 'agent_wait'] as const;
export type HistogramMeasure = (typeof HISTOGRAM_MEASURES)[number];
export const HISTOGRAM_CLOCKS = ['calendar', 'business'] as const;

export const HISTOGRAM_NAMES: ReadonlyArray<HistogramName> = HISTOGRAM_MEASURES.flatMap((measure) =>
  HISTOGRAM_CLOCKS.map((clock) => `${measure}_${clock}` as const),
);

export const BUCKET_COUNT = 36;
const MINUTE = 60_000;

/** The lower edge of each bucket in milliseconds; bucket k holds [edge k, edge k+1). */
export const BUCKET_LOWER_MS: ReadonlyArray<number> = [0, ...Array.from({ length: BUCKET_COUNT - 1 }, (_, k) => MINUTE * 2 ** (k / 2))];

export const histogramColumn = (name: HistogramName, bucket: number) => `${name}_h${String(bucket).padStart(2, '0')}` as HistogramColumn;

/** Every bucket column of every histogram, in order. */
export const HISTOGRAM_COLUMNS: ReadonlyArray<HistogramColumn> = HISTOGRAM_NAMES.flatMap((name) =>
  Array.from({ length: BUCKET_COUNT }, (_, bucket) => histogramColumn(name, bucket)),
);

/** The bucket a duration (ms, ≥ 0) falls in. */
export function bucketOf(ms: number): number {
  let low = 0;
  let high = BUCKET_COUNT - 1;
  // The last bucket whose lower edge is ≤ ms.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (BUCKET_LOWER_MS[middle] <= ms) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The p-quantile (0 < p ≤ 1) of the durations a histogram counts, in milliseconds; null when it
 * counts none. The bucket is the one holding the nearest-rank value (the ⌈p·n⌉-th smallest), so the
 * estimate lies in the same bucket as the exact value: within a factor √2 of it at worst. Inside the
 * bucket it interpolates on the log scale (linearly in the first, from 0), as if the bucket's values
 * were spread evenly; in the open-ended last bucket it answers that bucket's lower edge.
 */
export function percentileOf(counts: ReadonlyArray<number>, p: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const rank = p * total;
  let before = 0;
  for (let bucket = 0; bucket < counts.length; bucket += 1) {
    const count = counts[bucket];
    if (count > 0 && before + count >= rank) {
      // Where the rank falls among the bucket's values, each taken at the middle of its share: < 1.
      const share = Math.max(0, (rank - before - 0.5) / count);
      const lower = BUCKET_LOWER_MS[bucket];
      if (bucket === 0) return share * BUCKET_LOWER_MS[1];
      if (bucket === BUCKET_COUNT - 1) return lower;
      return lower * Math.SQRT2 ** share;
    }
    before += count;
  }
  return BUCKET_LOWER_MS[BUCKET_COUNT - 1];
}

/** The nearest-rank p-quantile of exact values (what `percentileOf` estimates); null for none. */
export function nearestRank(values: ReadonlyArray<number>, p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** One duration counted in its histogram: the counter delta a rollup row gets. */
export const histogramCount = (name: HistogramName, ms: number | null): Partial<Record<HistogramColumn, number>> =>
  ms === null ? {} : { [histogramColumn(name, bucketOf(ms))]: 1 };

export interface Percentiles {
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Median and p90 in minutes of every histogram, from a row of summed bucket columns. */
export function percentilesOf(sums: Readonly<Record<string, number>>) {
  const result = {} as Record<HistogramMeasure, { calendar: Percentiles; business: Percentiles }>;
  for (const measure of HISTOGRAM_MEASURES) {
    const [calendar, business] = HISTOGRAM_CLOCKS.map((clock) => {
      const counts = Array.from({ length: BUCKET_COUNT }, (_, bucket) => Number(sums[histogramColumn(`${measure}_${clock}`, bucket)] ?? 0));
      const inMinutes = (ms: number | null) => (ms === null ? null : ms / MINUTE);
      return { medianMinutes: inMinutes(percentileOf(counts, 0.5)), p90Minutes: inMinutes(percentileOf(counts, 0.9)) };
    });
    result[measure] = { calendar, business };
  }
  return result;
}
