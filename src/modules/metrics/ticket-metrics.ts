import { businessMillisBetween } from '../sla/business-hours.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import type { TicketStatus } from '../tickets/schema.ts';

// The one per-ticket metric function: dashboards, reports, the API and `rapport kpi ticket-metrics`
// all call `computeTicketMetrics`. It reads a ticket's history in built-in status categories (a custom
// status counts by its category) and measures every duration twice: on the calendar and in business
// time by the SLA engine's own measure. Definitions: docs/metrics.md. Pure; instants in epoch ms.

const MINUTE = 60_000;

/** A status a history event can move a ticket to: every category but `new`, which only the creation sets. */
export type StatusChangeTarget = Exclude<TicketStatus, 'new'>;

export type HistoryEvent =
  | { readonly at: number; readonly type: 'customer_message' }
  /** A public reply by staff; `automated` for an auto-acknowledgement, a bot or a rule. */
  | { readonly at: number; readonly type: 'agent_reply'; readonly automated: boolean }
  /** An internal note: never a reply. */
  | { readonly at: number; readonly type: 'note' }
  | { readonly at: number; readonly type: 'status'; readonly status: StatusChangeTarget };

export interface TicketHistory {
  readonly createdAt: number;
  /** Who opened the ticket: a customer's message, or an agent writing first (outbound, phone notes). */
  readonly openedBy: 'customer' | 'agent';
  /** In time order; events with the same instant in the order they happened. */
  readonly events: ReadonlyArray<HistoryEvent>;
}

/** A duration on both clocks, in minutes (not rounded); both null when the interval never ended. */
export interface MeasuredDuration {
  readonly calendarMinutes: number | null;
  readonly businessMinutes: number | null;
}

export interface TicketMetrics {
  readonly firstReply: MeasuredDuration;
  readonly firstResolution: MeasuredDuration;
  readonly fullResolution: MeasuredDuration;
  /** Time in new, open and on-hold: the customer waits for the desk. */
  readonly requesterWait: MeasuredDuration;
  /** Time in pending: the desk waits for the customer. */
  readonly agentWait: MeasuredDuration;
  readonly agentReplies: number;
  readonly reopens: number;
  readonly oneTouch: boolean;
  /** The status category at `asOf`. */
  readonly finalStatus: TicketStatus;
}

/** The status categories in which a ticket is not yet resolved (its backlog). */
export const UNRESOLVED_STATUSES = ['new', 'open', 'pending', 'on-hold'] as const satisfies ReadonlyArray<TicketStatus>;
const UNRESOLVED: ReadonlySet<TicketStatus> = new Set(UNRESOLVED_STATUSES);
const RESOLVED: ReadonlySet<TicketStatus> = new Set(['solved', 'closed']);

/** Why a history cannot be measured (the first rule it breaks), or null when it can. */
export function findHistoryFault(history: TicketHistory, asOf: number): string | null {
  if (history.createdAt > asOf) return 'its createdAt is after asOf';
  let previous = history.createdAt;
  let isClosed = false;
  for (const [index, event] of history.events.entries()) {
    const which = `event ${index + 1}`;
    if (isClosed) return `${which} comes after the ticket was closed`;
    if (event.at < history.createdAt) return `${which} is before the ticket was created`;
    if (event.at > asOf) return `${which} is after asOf`;
    if (event.at < previous) return `${which} is earlier than the event before it (events must be in time order)`;
    previous = event.at;
    if (event.type === 'status' && event.status === 'closed') isClosed = true;
  }
  return null;
}

/** A duration on both clocks in milliseconds, as stored; null when the interval never ended. */
export type MillisDuration = { readonly calendarMs: number; readonly businessMs: number } | null;

/** What `measureTicket` finds, in milliseconds: the form rollups store and sum. */
export interface TicketMeasures {
  readonly firstReply: MillisDuration;
  readonly firstResolution: MillisDuration;
  readonly fullResolution: MillisDuration;
  readonly requesterWait: NonNullable<MillisDuration>;
  readonly agentWait: NonNullable<MillisDuration>;
  /** When the ticket was first resolved, and last resolved while it still is. */
  readonly firstResolvedAt: number | null;
  readonly solvedAt: number | null;
  readonly agentReplies: number;
  readonly reopens: number;
  readonly oneTouch: boolean;
  /** The status category at `asOf`. */
  readonly finalStatus: TicketStatus;
}

/** The ticket's metrics as of `asOf` (a status still current then counts until then), in milliseconds. */
export function measureTicket(history: TicketHistory, calendar: BusinessCalendar, asOf: number): TicketMeasures {
  const businessMs = (from: number, to: number) => businessMillisBetween(calendar, new Date(from), new Date(to));
  const measure = (from: number, to: number) => ({ calendarMs: to - from, businessMs: businessMs(from, to) });
  const waits = { requester: { calendarMs: 0, businessMs: 0 }, agent: { calendarMs: 0, businessMs: 0 } };
  let status: TicketStatus = 'new';
  let statusSince = history.createdAt;
  const closeStatusSpan = (until: number) => {
    if (RESOLVED.has(status) || until <= statusSince) return;
    const spent = waits[status === 'pending' ? 'agent' : 'requester'];
    spent.calendarMs += until - statusSince;
    spent.businessMs += businessMs(statusSince, until);
  };

  let firstCustomerMessageAt: number | null = null;
  let firstReplyAt: number | null = null;
  let firstResolvedAt: number | null = null;
  let lastResolvedAt: number | null = null;
  let agentReplies = 0;
  let reopens = 0;
  for (const event of history.events) {
    if (event.type === 'customer_message') {
      firstCustomerMessageAt ??= event.at;
    } else if (event.type === 'agent_reply' && !event.automated) {
      agentReplies += 1;
      if (firstReplyAt === null && (history.openedBy === 'customer' || firstCustomerMessageAt !== null)) firstReplyAt = event.at;
    } else if (event.type === 'status' && event.status !== status) {
      closeStatusSpan(event.at);
      if (UNRESOLVED.has(status) && RESOLVED.has(event.status)) {
        firstResolvedAt ??= event.at;
        lastResolvedAt = event.at;
      }
      if (status === 'solved' && UNRESOLVED.has(event.status)) reopens += 1;
      status = event.status;
      statusSince = event.at;
    }
  }
  closeStatusSpan(asOf);

  const replyClockStart = history.openedBy === 'customer' ? history.createdAt : firstCustomerMessageAt;
  const solvedAt = RESOLVED.has(status) ? lastResolvedAt : null;
  return {
    firstReply: replyClockStart !== null && firstReplyAt !== null ? measure(replyClockStart, firstReplyAt) : null,
    firstResolution: firstResolvedAt !== null ? measure(history.createdAt, firstResolvedAt) : null,
    fullResolution: solvedAt !== null ? measure(history.createdAt, solvedAt) : null,
    requesterWait: waits.requester,
    agentWait: waits.agent,
    firstResolvedAt,
    solvedAt,
    agentReplies,
    reopens,
    oneTouch: solvedAt !== null && agentReplies === 1 && reopens === 0,
    finalStatus: status,
  };
}

/** The ticket's metrics as of `asOf`, in minutes on both clocks: what reports and the CLI show. */
export function computeTicketMetrics(history: TicketHistory, calendar: BusinessCalendar, asOf: number): TicketMetrics {
  const measures = measureTicket(history, calendar, asOf);
  const inMinutes = (duration: MillisDuration): MeasuredDuration =>
    duration === null ? NEVER : { calendarMinutes: duration.calendarMs / MINUTE, businessMinutes: duration.businessMs / MINUTE };
  return {
    firstReply: inMinutes(measures.firstReply),
    firstResolution: inMinutes(measures.firstResolution),
    fullResolution: inMinutes(measures.fullResolution),
    requesterWait: inMinutes(measures.requesterWait),
    agentWait: inMinutes(measures.agentWait),
    agentReplies: measures.agentReplies,
    reopens: measures.reopens,
    oneTouch: measures.oneTouch,
    finalStatus: measures.finalStatus,
  };
}

const NEVER: MeasuredDuration = { calendarMinutes: null, businessMinutes: null };

export interface MetricSummary {
  readonly tickets: number;
  readonly solved: number;
  /** One-touch tickets ÷ tickets whose status is solved or closed. */
  readonly fcrPercent: number | null;
  /** Tickets reopened at least once ÷ tickets resolved at least once. */
  readonly reopenedPercent: number | null;
  /** Answers of 4 or 5 ÷ all answers. */
  readonly csatPercent: number | null;
  /** % promoters (9–10) − % detractors (0–6). */
  readonly nps: number | null;
}

/** The desk-level figures over tickets' metrics and survey answers; each null when its divisor is 0. */
export function summarizeMetrics(
  tickets: ReadonlyArray<TicketMetrics>,
  csatScores: ReadonlyArray<number> = [],
  npsScores: ReadonlyArray<number> = [],
): MetricSummary {
  const solved = tickets.filter((ticket) => RESOLVED.has(ticket.finalStatus)).length;
  const everResolved = tickets.filter((ticket) => ticket.firstResolution.calendarMinutes !== null).length;
  return {
    tickets: tickets.length,
    solved,
    fcrPercent: percent(tickets.filter((ticket) => ticket.oneTouch).length, solved),
    reopenedPercent: percent(tickets.filter((ticket) => ticket.reopens >= 1).length, everResolved),
    csatPercent: csatPercent(csatScores),
    nps: netPromoterScore(npsScores),
  };
}

/** CSAT %: answers of 4 or 5 on the 1–5 scale ÷ all answers. */
export function csatPercent(scores: ReadonlyArray<number>): number | null {
  return percent(scores.filter((score) => score >= 4).length, scores.length);
}

/** NPS: % promoters (9–10) − % detractors (0–6) on the 0–10 scale, from −100 to 100. */
export function netPromoterScore(scores: ReadonlyArray<number>): number | null {
  return netPromoterScoreOf(scores.filter((score) => score >= 9).length, scores.filter((score) => score <= 6).length, scores.length);
}

/** NPS from counts: 100 × (promoters − detractors) ÷ answers; null without answers. */
export const netPromoterScoreOf = (promoters: number, detractors: number, answers: number) => percent(promoters - detractors, answers);

/** part ÷ whole × scale, null when whole is 0 (the figure has nothing to count). */
export function ratio(part: number, whole: number, scale = 1): number | null {
  return whole === 0 ? null : (scale * part) / whole;
}

const percent = (part: number, whole: number) => ratio(part, whole, 100);
