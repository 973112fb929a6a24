import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { LEVELS, type Level, type Priority } from '../tickets/schema.ts';
import {
  computePriority,
  customerTier,
  DEFAULT_PRIORITY_MATRIX,
  DEFAULT_TIER_RAISE,
  decidePriority,
  explainPriority,
  matrixProblems,
  PRIORITIES,
} from './priority.ts';
import type { PriorityMatrix } from './schema.ts';

const rank = (priority: string) => PRIORITIES.indexOf(priority as Priority);
const levelArb = fc.constantFrom(...LEVELS);
const tierArb = fc.constantFrom('standard' as const, 'premium' as const, 'enterprise' as const);
const raiseArb = fc.record({
  standard: fc.integer({ min: 0, max: 3 }),
  premium: fc.integer({ min: 0, max: 3 }),
  enterprise: fc.integer({ min: 0, max: 3 }),
});

/** Any matrix: 16 priorities. */
const anyMatrixArb = fc.array(fc.constantFrom(...PRIORITIES), { minLength: 16, maxLength: 16 }).map(toMatrix);

/** Matrices where more impact or urgency is never less urgent: each cell at most as low as its lower neighbours. */
const monotoneMatrixArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 16, maxLength: 16 }).map((raw) => {
  const ranks: number[][] = [];
  for (let i = 0; i < 4; i++) {
    ranks.push([]);
    for (let u = 0; u < 4; u++) {
      ranks[i][u] = Math.min(raw[i * 4 + u], i > 0 ? ranks[i - 1][u] : 3, u > 0 ? ranks[i][u - 1] : 3);
    }
  }
  return toMatrix(ranks.flat().map((r) => PRIORITIES[r]));
});

function toMatrix(cells: readonly Priority[]): PriorityMatrix {
  const row = (i: number) => Object.fromEntries(LEVELS.map((urgency, u) => [urgency, cells[i * 4 + u]]));
  return Object.fromEntries(LEVELS.map((impact, i) => [impact, row(i)])) as PriorityMatrix;
}

const higher = (level: Level) => LEVELS[Math.min(LEVELS.indexOf(level) + 1, 3)];

describe('priority from impact × urgency', () => {
  it('reads the default matrix and raises premium and enterprise customers one level', () => {
    const at = (impact: Level, urgency: Level, tier: 'standard' | 'premium' | 'enterprise' = 'standard') =>
      computePriority({ impact, urgency, tier }, DEFAULT_PRIORITY_MATRIX, DEFAULT_TIER_RAISE);
    expect(at('low', 'low')).toBe('P4');
    expect(at('medium', 'medium')).toBe('P3');
    expect(at('high', 'high')).toBe('P2');
    expect(at('critical', 'high')).toBe('P1');
    expect(at('high', 'high', 'premium')).toBe('P1');
    expect(at('medium', 'medium', 'enterprise')).toBe('P2');
    expect(at('critical', 'critical', 'enterprise')).toBe('P1');
    expect(explainPriority({ impact: 'high', urgency: 'medium', tier: 'enterprise' }, DEFAULT_PRIORITY_MATRIX, DEFAULT_TIER_RAISE)).toBe(
      "Impact high × urgency medium gives P3, raised to P2 for the customer's enterprise tier",
    );
  });

  it('always gives P1–P4, for any matrix and tier raise', () => {
    fc.assert(
      fc.property(anyMatrixArb, raiseArb, levelArb, levelArb, tierArb, (matrix, raise, impact, urgency, tier) => {
        expect(PRIORITIES).toContain(computePriority({ impact, urgency, tier }, matrix, raise));
      }),
    );
  });

  it('never lowers the priority for a customer tier, and never goes above P1', () => {
    fc.assert(
      fc.property(anyMatrixArb, raiseArb, levelArb, levelArb, tierArb, (matrix, raise, impact, urgency, tier) => {
        const raised = computePriority({ impact, urgency, tier }, matrix, raise);
        const plain = computePriority({ impact, urgency, tier }, matrix, {});
        expect(rank(raised)).toBeLessThanOrEqual(rank(plain));
        expect(rank(raised)).toBe(Math.max(0, rank(plain) - raise[tier]));
      }),
    );
  });

  it('is monotonic in impact and urgency for every matrix it accepts', () => {
    fc.assert(
      fc.property(monotoneMatrixArb, raiseArb, levelArb, levelArb, tierArb, (matrix, raise, impact, urgency, tier) => {
        expect(matrixProblems(matrix)).toEqual({});
        const base = rank(computePriority({ impact, urgency, tier }, matrix, raise));
        expect(rank(computePriority({ impact: higher(impact), urgency, tier }, matrix, raise))).toBeLessThanOrEqual(base);
        expect(rank(computePriority({ impact, urgency: higher(urgency), tier }, matrix, raise))).toBeLessThanOrEqual(base);
      }),
    );
    expect(matrixProblems(DEFAULT_PRIORITY_MATRIX)).toEqual({});
  });

  it('refuses a matrix where more impact or urgency gives a lower priority, naming the cell', () => {
    fc.assert(
      fc.property(anyMatrixArb, (matrix) => {
        const isMonotone = LEVELS.every((impact) =>
          LEVELS.every(
            (urgency) =>
              rank(matrix[higher(impact)][urgency]) <= rank(matrix[impact][urgency]) &&
              rank(matrix[impact][higher(urgency)]) <= rank(matrix[impact][urgency]),
          ),
        );
        expect(Object.keys(matrixProblems(matrix)).length === 0).toBe(isMonotone);
      }),
    );
    const inverted = { ...DEFAULT_PRIORITY_MATRIX, critical: { ...DEFAULT_PRIORITY_MATRIX.critical, critical: 'P4' } };
    expect(matrixProblems(inverted)).toEqual({ 'priorityMatrix.critical.critical': 'must be at least P1, the priority of high impact' });
  });

  it('takes the higher of the contact and organisation tiers', () => {
    expect(customerTier('standard', 'enterprise')).toBe('enterprise');
    expect(customerTier('premium', null)).toBe('premium');
    expect(customerTier('premium', 'standard')).toBe('premium');
    expect(customerTier(undefined, 'unknown')).toBe('standard');
  });
});

describe('overrides', () => {
  it('uses the computed priority unless one is given, and needs a reason to differ from it', () => {
    expect(decidePriority({ computed: 'P2' })).toEqual({ priority: 'P2' });
    expect(decidePriority({ computed: 'P2', explicit: 'P2' })).toEqual({ priority: 'P2' });
    expect(decidePriority({ explicit: 'P1' })).toEqual({ priority: 'P1' });
    expect(decidePriority({})).toEqual({ priority: undefined });
    expect(decidePriority({ computed: 'P3', explicit: 'P1', reason: 'CEO is affected' })).toEqual({ priority: 'P1', overridden: 'P3' });
    let error: unknown;
    try {
      decidePriority({ computed: 'P3', explicit: 'P1', reason: '  ' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toHaveProperty('priorityReason');
  });
});
