import { invalid } from '../../lib/errors.ts';
import { LEVELS, type Level, type Priority } from '../tickets/schema.ts';
import type { PriorityMatrix, TierRaise } from './schema.ts';

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export type CustomerTier = 'standard' | 'premium' | 'enterprise';
const TIER_RANK: Record<CustomerTier, number> = { standard: 0, premium: 1, enterprise: 2 };

/**
 * Impact → urgency → priority. The seeds name the criteria (impact, urgency, client tier) but no
 * table, so the default adds the two levels (0–3 each): 0–1 → P4, 2–3 → P3, 4 → P2, 5–6 → P1.
 */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  low: { low: 'P4', medium: 'P4', high: 'P3', critical: 'P3' },
  medium: { low: 'P4', medium: 'P3', high: 'P3', critical: 'P2' },
  high: { low: 'P3', medium: 'P3', high: 'P2', critical: 'P1' },
  critical: { low: 'P3', medium: 'P2', high: 'P1', critical: 'P1' },
};

/** Premium and enterprise customers' tickets go up one level; standard ones stay. */
export const DEFAULT_TIER_RAISE: Required<TierRaise> = { standard: 0, premium: 1, enterprise: 1 };

/** The higher of the contact's and the organisation's tier (unknown values count as standard). */
export function customerTier(contactTier: string | null | undefined, organisationTier: string | null | undefined): CustomerTier {
  const known = [contactTier, organisationTier].filter((t): t is CustomerTier => t != null && t in TIER_RANK);
  return known.reduce<CustomerTier>((best, tier) => (TIER_RANK[tier] > TIER_RANK[best] ? tier : best), 'standard');
}

export interface PriorityInput {
  impact: Level;
  urgency: Level;
  tier: CustomerTier;
}

/** The matrix's priority raised by the tier's levels, never above P1. */
export function computePriority(input: PriorityInput, matrix: PriorityMatrix, tierRaise: TierRaise): Priority {
  const base = PRIORITIES.indexOf(matrix[input.impact][input.urgency] as Priority);
  const raise = Math.max(0, Math.trunc(tierRaise[input.tier] ?? 0));
  return PRIORITIES[Math.max(0, base - raise)];
}

/** Says how the priority came about, for the ticket's history. */
export function explainPriority(input: PriorityInput, matrix: PriorityMatrix, tierRaise: TierRaise) {
  const base = matrix[input.impact][input.urgency];
  const result = computePriority(input, matrix, tierRaise);
  const tierPart = result === base ? '' : `, raised to ${result} for the customer's ${input.tier} tier`;
  return `Impact ${input.impact} × urgency ${input.urgency} gives ${base}${tierPart}`;
}

/**
 * Cells where more impact or more urgency would give a less urgent priority: such a matrix would
 * rank tickets inconsistently, so it is refused. Keys are field paths, e.g. `priorityMatrix.high.low`.
 */
export function matrixProblems(matrix: PriorityMatrix): Record<string, string> {
  const problems: Record<string, string> = {};
  const rank = (impact: Level, urgency: Level) => PRIORITIES.indexOf(matrix[impact][urgency] as Priority);
  for (const [i, impact] of LEVELS.entries()) {
    for (const [u, urgency] of LEVELS.entries()) {
      const lowerImpact = i > 0 ? LEVELS[i - 1] : undefined;
      const lowerUrgency = u > 0 ? LEVELS[u - 1] : undefined;
      const path = `priorityMatrix.${impact}.${urgency}`;
      if (lowerImpact && rank(impact, urgency) > rank(lowerImpact, urgency)) {
        problems[path] = `must be at least ${matrix[lowerImpact][urgency]}, the priority of ${lowerImpact} impact`;
      } else if (lowerUrgency && rank(impact, urgency) > rank(impact, lowerUrgency)) {
        problems[path] = `must be at least ${matrix[impact][lowerUrgency]}, the priority of ${lowerUrgency} urgency`;
      }
    }
  }
  return problems;
}

export interface PriorityChoice {
  /** What impact × urgency and the tier give; undefined while either is unknown. */
  computed?: Priority;
  /** The priority asked for explicitly. */
  explicit?: string;
  reason?: string;
}

export interface PriorityDecision {
  /** The priority to store; undefined keeps the current one. */
  priority?: string;
  /** Set when an explicit priority overrides a different computed one. */
  overridden?: Priority;
}

/** An explicit priority wins; one that differs from the computed priority is an override and needs a reason. */
export function decidePriority({ computed, explicit, reason }: PriorityChoice): PriorityDecision {
  if (explicit === undefined) return { priority: computed };
  if (computed === undefined || computed === explicit) return { priority: explicit };
  if (!reason?.trim()) {
    throw invalid(`Impact and urgency give ${computed}; give priorityReason to override it with ${explicit}`, {
      priorityReason: `required to override the computed ${computed}`,
    });
  }
  return { priority: explicit, overridden: computed };
}
