// The survey rules as pure functions of what was read: when to schedule, whether to send, whether
// the customer may still answer, and what a valid answer is. No I/O; `now` is passed in.

import { invalid } from '../../lib/errors.ts';
import { unstorableTextProblem } from '../../lib/storable-text.ts';
import type { SurveySettings } from './schema.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long after sending a customer may answer (and change the answer while the ticket is open). */
export const ANSWER_WINDOW_MS = 28 * DAY;
export const COMMENT_MAX = 2000;

export interface TicketFacts {
  status: string;
  solvedAt: number | null;
  mergedIntoId: string | null;
}

export interface SurveyFacts {
  status: string;
  dueAt: number;
}

export type ScheduleAction =
  | { action: 'none' }
  | { action: 'schedule'; dueAt: number }
  | { action: 'reschedule'; dueAt: number }
  | { action: 'cancel'; reason: 'reopened' | 'merged' };

/**
 * What a change of the ticket means for its survey (idempotent: a function of the current state,
 * not of the event, so a redelivered or late event changes nothing). Solved: schedule one for
 * solved + delay, or again after a reopen cancelled it; reopened or merged while scheduled: cancel.
 * A survey already sent (or skipped by a rule) stays as it is: one survey per ticket.
 */
export function scheduleAction(
  ticket: TicketFacts,
  survey: SurveyFacts | undefined,
  settings: Pick<SurveySettings, 'csatEnabled' | 'delayMinutes'>,
): ScheduleAction {
  if (ticket.mergedIntoId) return survey?.status === 'scheduled' ? { action: 'cancel', reason: 'merged' } : { action: 'none' };
  if (ticket.status === 'solved' && ticket.solvedAt !== null) {
    const dueAt = ticket.solvedAt + settings.delayMinutes * MINUTE;
    if (!survey) return settings.csatEnabled ? { action: 'schedule', dueAt } : { action: 'none' };
    if (survey.status === 'cancelled' && settings.csatEnabled) return { action: 'reschedule', dueAt };
    if (survey.status === 'scheduled' && survey.dueAt !== dueAt) return { action: 'reschedule', dueAt };
    return { action: 'none' };
  }
  if (ticket.status === 'closed') return { action: 'none' };
  return survey?.status === 'scheduled' ? { action: 'cancel', reason: 'reopened' } : { action: 'none' };
}

export interface SendFacts {
  ticket: TicketFacts;
  csatEnabled: boolean;
  /** The ticket came from machine-written mail (tagged auto-submitted). */
  autoSubmitted: boolean;
  /** Mail to the requester bounced. */
  bounced: boolean;
  /** The contact said no to surveys or to service email (consent.surveys / consent.email false). */
  doNotContact: boolean;
  /** When this contact was last sent a survey, if ever. */
  lastSurveyedAt: number | null;
  suppressionDays: number;
  now: number;
}

export type SendDecision =
  | { action: 'send' }
  | { action: 'cancel'; reason: 'reopened' | 'merged' }
  | { action: 'skip'; reason: 'disabled' | 'closed' | 'auto-submitted' | 'bounced' | 'do-not-contact' | 'suppressed' };

/** Whether a due survey goes out; the first rule that says no names the reason. */
export function sendDecision(facts: SendFacts): SendDecision {
  if (facts.ticket.mergedIntoId) return { action: 'cancel', reason: 'merged' };
  if (facts.ticket.status === 'closed') return { action: 'skip', reason: 'closed' };
  if (facts.ticket.status !== 'solved') return { action: 'cancel', reason: 'reopened' };
  if (!facts.csatEnabled) return { action: 'skip', reason: 'disabled' };
  if (facts.autoSubmitted) return { action: 'skip', reason: 'auto-submitted' };
  if (facts.bounced) return { action: 'skip', reason: 'bounced' };
  if (facts.doNotContact) return { action: 'skip', reason: 'do-not-contact' };
  if (facts.lastSurveyedAt !== null && facts.lastSurveyedAt > facts.now - facts.suppressionDays * DAY)
    return { action: 'skip', reason: 'suppressed' };
  return { action: 'send' };
}

export type AnswerWindow = 'open' | 'expired' | 'closed' | 'unavailable';

/**
 * Whether the customer may answer now: only a sent survey, within 28 days of sending, while its
 * ticket is not closed (or merged away). The same answer may be changed under the same terms.
 */
export function answerWindow(
  survey: { status: string; sentAt: number | null },
  ticket: { status: string; mergedIntoId: string | null },
  now: number,
): AnswerWindow {
  if (survey.status !== 'sent' || survey.sentAt === null) return 'unavailable';
  if (now > survey.sentAt + ANSWER_WINDOW_MS) return 'expired';
  if (ticket.status === 'closed' || ticket.mergedIntoId) return 'closed';
  return 'open';
}

export interface ParsedAnswer {
  score: number;
  ces: number | null;
  reason: string | null;
  comment: string | null;
}

export type AnswerResult = { ok: true; answer: ParsedAnswer } | { ok: false; fields: Record<string, string> };

const integerIn = (value: unknown, min: number, max: number) => {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
};
const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Reads an answer from form fields or JSON. The score is required; CES only when it was asked; a
 * reason only for 1–2 and only from the list (a reason sent with a higher score is dropped: the
 * form's select is merely hidden then); the comment is trimmed, at most 2000 characters.
 */
export function parseAnswer(
  input: Record<string, unknown>,
  options: { reasons: readonly string[]; cesAsked: boolean; currentReason?: string | null },
): AnswerResult {
  const fields: Record<string, string> = {};
  const score = integerIn(input.score, 1, 5);
  if (score === undefined) fields.score = isBlank(input.score) ? 'choose a rating from 1 to 5' : 'must be a whole number from 1 to 5';
  let ces: number | null = null;
  if (options.cesAsked && !isBlank(input.ces)) {
    const value = integerIn(input.ces, 1, 7);
    if (value === undefined) fields.ces = 'must be a whole number from 1 to 7';
    else ces = value;
  }
  let reason: string | null = null;
  if (!isBlank(input.reason) && score !== undefined && score <= 2) {
    // The reason the answer already has stays valid even if the list changed since.
    if (typeof input.reason !== 'string' || ![...options.reasons, options.currentReason].includes(input.reason))
      fields.reason = 'choose one of the listed reasons';
    else reason = input.reason;
  }
  let comment: string | null = null;
  if (!isBlank(input.comment)) {
    if (typeof input.comment !== 'string') fields.comment = 'must be text';
    else {
      const text = input.comment.replace(/\r\n?/g, '\n').trim();
      const problem = unstorableTextProblem(text);
      if (problem) fields.comment = problem;
      else if (text.length > COMMENT_MAX) fields.comment = `must be at most ${COMMENT_MAX} characters`;
      else comment = text;
    }
  }
  if (Object.keys(fields).length || score === undefined) return { ok: false, fields };
  return { ok: true, answer: { score, ces, reason, comment } };
}

/** What a refused form sent, to show again beside its errors: its strings, each cut to the comment's length. */
export const submittedValues = (input: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(input)
      .filter(([, value]) => typeof value === 'string')
      .map(([key, value]) => [key, String(value).slice(0, COMMENT_MAX)]),
  );

/** A refused answer (CSAT or NPS) as the API's validation problem, naming each field. */
export const invalidAnswer = (fields: Record<string, string>) =>
  invalid(
    `The answer is not valid: ${Object.entries(fields)
      .map(([field, problem]) => `${field} ${problem}`)
      .join('; ')}`,
    fields,
  );
