import type { EscalationSummary } from './schema.ts';

export interface EscalationGroup {
  to_tier: number;
  trigger: string;
  outcome: string;
  total: number | string;
  met: number | string | null;
  missed: number | string | null;
}

const OVER_ESCALATED = new Set(['sent-back', 'solved-with-tier1-knowledge']);

/**
 * Folds per-(tier, trigger, outcome) counts into the weekly review's figures. Over-escalation is the
 * share of decided escalations (outcome other than open) that were sent back or solved with Tier 1
 * knowledge; the target rate is the share of escalations past their target that met it.
 */
export function summarise(groups: EscalationGroup[], range: { from: string | null; to: string | null }): EscalationSummary {
  const summary: EscalationSummary = {
    ...range,
    total: 0,
    byTier: {},
    byTrigger: { manual: 0, breach: 0 },
    byOutcome: { open: 0, resolved: 0, 'sent-back': 0, 'solved-with-tier1-knowledge': 0 },
    overEscalation: { count: 0, decided: 0, rate: null },
    targets: { met: 0, missed: 0, pending: 0, metRate: null },
  };
  for (const group of groups) {
    // PostgreSQL returns count and sum as text (bigint/numeric).
    const total = Number(group.total);
    const met = Number(group.met ?? 0);
    const missed = Number(group.missed ?? 0);
    summary.total += total;
    summary.byTier[String(group.to_tier)] = (summary.byTier[String(group.to_tier)] ?? 0) + total;
    if (group.trigger === 'manual' || group.trigger === 'breach') summary.byTrigger[group.trigger] += total;
    if (group.outcome in summary.byOutcome) summary.byOutcome[group.outcome as keyof EscalationSummary['byOutcome']] += total;
    if (group.outcome !== 'open') summary.overEscalation.decided += total;
    if (OVER_ESCALATED.has(group.outcome)) summary.overEscalation.count += total;
    summary.targets.met += met;
    summary.targets.missed += missed;
    summary.targets.pending += total - met - missed;
  }
  const { overEscalation, targets } = summary;
  overEscalation.rate = overEscalation.decided ? overEscalation.count / overEscalation.decided : null;
  targets.metRate = targets.met + targets.missed ? targets.met / (targets.met + targets.missed) : null;
  return summary;
}
