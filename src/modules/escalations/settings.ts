import { addBusinessMinutes } from '../sla/business-hours.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { DEFAULT_PRIORITY_MATRIX, DEFAULT_TIER_RAISE, matrixProblems } from './priority.ts';
import type { EscalationSettings, EscalationTierConfig, PriorityMatrix, TierRaise } from './schema.ts';

const MINUTE = 60_000;

/**
 * The seeds' tiers: Tier 1 frontline within the SLA (the SLA policies time it), Tier 2 a specialist
 * response within 4 business hours, Tier 3 an executive review within 48 hours.
 */
export const DEFAULT_ESCALATION_TIERS: EscalationTierConfig[] = [
  { name: 'Specialist', targetMinutes: 4 * 60, businessHours: true },
  { name: 'Executive review', targetMinutes: 48 * 60, businessHours: false },
];

/** What the workspace's settings may hold for this module (each key optional: defaults fill in). */
export interface StoredEscalationSettings {
  priorityMatrix?: PriorityMatrix;
  tierRaise?: TierRaise;
  escalationTiers?: EscalationTierConfig[];
  autoEscalateOnBreach?: boolean;
}

export const effectiveSettings = (stored: StoredEscalationSettings): EscalationSettings => ({
  priorityMatrix: stored.priorityMatrix ?? DEFAULT_PRIORITY_MATRIX,
  tierRaise: { ...DEFAULT_TIER_RAISE, ...stored.tierRaise },
  escalationTiers: stored.escalationTiers?.length ? stored.escalationTiers : DEFAULT_ESCALATION_TIERS,
  autoEscalateOnBreach: stored.autoEscalateOnBreach ?? true,
});

/** Problems with settings about to be saved, by field path (empty when fine). */
export const settingsProblems = (stored: StoredEscalationSettings): Record<string, string> =>
  stored.priorityMatrix ? matrixProblems(stored.priorityMatrix) : {};

/** Tier 1 is frontline; the configured tiers follow it. */
export const highestTier = (settings: EscalationSettings) => settings.escalationTiers.length + 1;

export const tierConfig = (settings: EscalationSettings, tier: number): EscalationTierConfig | undefined =>
  settings.escalationTiers[tier - 2];

/**
 * When the tier must have responded: business minutes of the ticket's calendar, or wall-clock minutes.
 * A calendar that never opens (a configuration fault) counts wall-clock minutes: an escalation is never left without a due time.
 */
export function escalationDueAt(tier: EscalationTierConfig, at: number, calendar: BusinessCalendar): number {
  const due = tier.businessHours ? addBusinessMinutes(calendar, new Date(at), tier.targetMinutes) : null;
  return due && 'at' in due ? due.at.getTime() : at + tier.targetMinutes * MINUTE;
}

export type TargetStatus = 'pending' | 'met' | 'missed';

/** Met when the response came by the due time; missed when it came later or has not come and the time has passed. */
export function targetStatus(dueAt: number, respondedAt: number | null, now: number): TargetStatus {
  if (respondedAt !== null) return respondedAt <= dueAt ? 'met' : 'missed';
  return now > dueAt ? 'missed' : 'pending';
}
