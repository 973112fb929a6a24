import { localDay } from '../metrics/rollup.ts';
import type { RetentionMode, RetentionSettings, RetentionTotals } from './schema.ts';

// What the retention job removes, decided without I/O from facts the repository loads and the run's
// horizons (fixed from the clock when the run starts). docs/operations.md, "Retention", says it in prose.

/** Seed 002: raw interaction logs 24 months, monthly summaries 60 months. */
export const RETENTION_DEFAULTS = { rawMonths: 24, summaryMonths: 60, mode: 'anonymise' } as const satisfies Required<RetentionSettings>;

export type RetentionPolicy = Required<RetentionSettings>;

export const policyOf = (settings: RetentionSettings | undefined): RetentionPolicy => ({ ...RETENTION_DEFAULTS, ...settings });

/** Problems with retention settings about to be saved, by field path (empty when fine). */
export function retentionSettingsProblems(settings: RetentionSettings | undefined): Record<string, string> {
  const policy = policyOf(settings);
  return policy.summaryMonths < policy.rawMonths ? { 'settings.retention.summaryMonths': `must be at least rawMonths (${policy.rawMonths})` } : {};
}

/** The instant `months` calendar months (UTC) before `now`, the day of month clamped to the shorter month. */
export function monthsBefore(now: number, months: number): number {
  const at = new Date(now);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = now - Date.UTC(year, at.getUTCMonth(), at.getUTCDate());
  return Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay)) + timeOfDay;
}

/** A run's horizons: raw data last active before `rawBefore` goes; summaries of days before `summaryDay` go. */
export interface Horizons {
  rawBefore: number;
  /** The local day of `rawBefore`: a ticket goes only once every rollup day it counts on is before it. */
  rawDay: string;
  summaryBefore: number;
  summaryDay: string;
}

export function horizonsOf(now: number, policy: RetentionPolicy, timeZone: string): Horizons {
  const rawBefore = monthsBefore(now, policy.rawMonths);
  const summaryBefore = monthsBefore(now, policy.summaryMonths);
  return { rawBefore, rawDay: localDay(rawBefore, timeZone), summaryBefore, summaryDay: localDay(summaryBefore, timeZone) };
}

export interface TicketFacts {
  status: string;
  /** The ticket's last activity (every change and message moves it). */
  updatedAt: number;
  anonymised: boolean;
  /** The last local day the ticket counts on in the rollups; null while it was never measured. */
  lastCountedDay: string | null;
  /** A legal hold on the ticket, its requester or its organisation (the ticket's or the requester's). */
  held: boolean;
}

/**
 * keep: its raw data stays; anonymise: its text and attachments go, a skeleton stays; delete: it goes
 * with everything under it; anonymised: a skeleton that stays as it is.
 */
export type TicketOutcome = 'keep' | 'anonymise' | 'delete' | 'anonymised';

const RESOLVED = new Set(['solved', 'closed']);

/**
 * An unresolved ticket is work, however old, and a held one is evidence: both stay. A resolved one
 * goes once its last activity is before the raw horizon and every rollup day it counts on is before
 * the horizon's day (so the frozen summaries already hold all it contributed): anonymised, or deleted
 * in delete mode or when it is past the summary horizon too. A skeleton goes at the summary horizon.
 */
export function decideTicket(ticket: TicketFacts, horizons: Horizons, mode: RetentionMode): TicketOutcome {
  if (ticket.held || !RESOLVED.has(ticket.status)) return 'keep';
  if (ticket.anonymised) return mode === 'delete' || ticket.updatedAt < horizons.summaryBefore ? 'delete' : 'anonymised';
  if (ticket.updatedAt >= horizons.rawBefore || ticket.lastCountedDay === null || ticket.lastCountedDay >= horizons.rawDay) return 'keep';
  const pastSummaries = ticket.updatedAt < horizons.summaryBefore && ticket.lastCountedDay < horizons.summaryDay;
  return mode === 'delete' || pastSummaries ? 'delete' : 'anonymise';
}

export interface ContactFacts {
  createdAt: number;
  updatedAt: number;
  anonymised: boolean;
  /** A legal hold on the contact or its organisation. */
  held: boolean;
  /** What this run does with each ticket the contact requested. */
  tickets: TicketOutcome[];
  /** The contact's last NPS survey (sent, answered or changed); null if never surveyed. */
  surveyedAt: number | null;
  /** NPS answers of the contact that this run keeps (their scores count in reports until the summary horizon). */
  npsAnswersKept: number;
}

export type ContactOutcome = 'keep' | 'anonymise' | 'delete' | 'anonymised';

/**
 * A contact's personal data goes when the contact has no newer activity: not changed or surveyed
 * since the raw horizon and no ticket whose raw data stays. Nothing left referring to it: deleted;
 * skeletons or NPS scores left: anonymised (they still name it, and deleting it would take the
 * scores of old periods with it).
 */
export function decideContact(contact: ContactFacts, horizons: Horizons): ContactOutcome {
  if (contact.held) return 'keep';
  const remaining = contact.tickets.filter((outcome) => outcome !== 'delete');
  const referred = remaining.length > 0 || contact.npsAnswersKept > 0;
  if (contact.anonymised) return referred ? 'anonymised' : 'delete';
  const active = [contact.createdAt, contact.updatedAt, contact.surveyedAt ?? 0].some((at) => at >= horizons.rawBefore);
  if (active || remaining.includes('keep')) return 'keep';
  return referred ? 'anonymise' : 'delete';
}

export interface NpsAnswerFacts {
  answeredAt: number;
  hasComment: boolean;
  /** A legal hold on the contact or its organisation. */
  held: boolean;
}

/** An NPS answer loses its comment at the raw horizon and goes at the summary horizon; its score counts in reports until then. */
export function decideNpsAnswer(answer: NpsAnswerFacts, horizons: Horizons): 'keep' | 'clear-comment' | 'delete' {
  if (answer.held || answer.answeredAt >= horizons.rawBefore) return 'keep';
  if (answer.answeredAt < horizons.summaryBefore) return 'delete';
  return answer.hasComment ? 'clear-comment' : 'keep';
}

/** The order a run works through a workspace (NPS answers before contacts: a contact goes once nothing refers to it). */
export const PHASES = ['tickets', 'nps', 'contacts', 'mail', 'events', 'summaries', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export const nextPhase = (phase: Phase): Phase => PHASES[Math.min(PHASES.indexOf(phase) + 1, PHASES.length - 1)];

export const emptyTotals = (): RetentionTotals => ({
  ticketsDeleted: 0,
  ticketsAnonymised: 0,
  ticketsHeld: 0,
  messages: 0,
  attachments: 0,
  attachmentBytes: 0,
  surveyComments: 0,
  npsAnswers: 0,
  contactsDeleted: 0,
  contactsAnonymised: 0,
  contactsHeld: 0,
  storedEmails: 0,
  events: 0,
  summaryRows: 0,
});

export function addTotals(into: RetentionTotals, more: Partial<RetentionTotals>): RetentionTotals {
  const sum = { ...into };
  for (const [name, value] of Object.entries(more) as Array<[keyof RetentionTotals, number]>) sum[name] += value;
  return sum;
}

export const isEmpty = (totals: Partial<RetentionTotals>) => Object.values(totals).every((value) => !value);

/** Tickets past the raw horizon that a hold alone keeps (counted so a run's report says the hold worked). */
export const isHeldBack = (ticket: TicketFacts, horizons: Horizons) =>
  ticket.held && RESOLVED.has(ticket.status) && ticket.updatedAt < horizons.rawBefore;
