// The NPS rules as pure functions of what was read: when rounds start, which contact a round asks
// and when, whether a due survey goes out, whether the customer may still answer, and what a valid
// answer is. No I/O; `now` is passed in (decision 0020).

import { unstorableTextProblem } from '../../lib/storable-text.ts';
import { ANSWER_WINDOW_MS, COMMENT_MAX } from './rules.ts';

const DAY = 86_400_000;
/** Scores of 0–6 are detractors, 7–8 passives, 9–10 promoters. */
export const NPS_DETRACTOR_MAX = 6;
export const NPS_PROMOTER_MIN = 9;

export type NpsGroup = 'promoters' | 'passives' | 'detractors';
/** The score range of each group (inclusive). */
export const NPS_GROUPS: Record<NpsGroup, { min: number; max: number }> = {
  detractors: { min: 0, max: NPS_DETRACTOR_MAX },
  passives: { min: NPS_DETRACTOR_MAX + 1, max: NPS_PROMOTER_MIN - 1 },
  promoters: { min: NPS_PROMOTER_MIN, max: 10 },
};

const monthStart = (monthIndex: number) => Date.UTC(1970 + Math.floor(monthIndex / 12), ((monthIndex % 12) + 12) % 12, 1);

/**
 * The round that `now` falls in: rounds start at 00:00 UTC on the 1st of every `intervalMonths`-th
 * month counted from January (quarterly: 1 January, 1 April, 1 July, 1 October). Returns the start
 * of that round, of the one before it (whose activity the round asks about) and of the next.
 */
export function npsRoundOf(now: number, intervalMonths: number) {
  const date = new Date(now);
  const monthIndex = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
  const first = monthIndex - (((monthIndex % intervalMonths) + intervalMonths) % intervalMonths);
  return { start: monthStart(first), previousStart: monthStart(first - intervalMonths), nextStart: monthStart(first + intervalMonths) };
}

/** What the scan read of one contact. */
export interface NpsContactFacts {
  /** The latest activity on a ticket the contact asked (its last change), or null: never asked anything. */
  lastActivityAt: number | null;
  hasEmail: boolean;
  /** consent.surveys or consent.email is false. */
  doNotContact: boolean;
  /** One of the contact's tickets came from machine-written mail (tagged auto-submitted). */
  autoSubmitted: boolean;
  /** Mail to the contact bounced. */
  bounced: boolean;
  /** When the contact was last sent an NPS survey, if ever. */
  lastSentAt: number | null;
}

export type NpsScanDecision =
  | { action: 'schedule'; dueAt: number }
  | { action: 'none'; reason: 'inactive' | 'no-email' | 'do-not-contact' | 'auto-submitted' | 'bounced' | 'suppressed' };

/**
 * Whether the round's scan schedules an NPS survey for a contact: only a contact with activity since
 * the previous round started, with an email address, who may be asked, is no robot and whose mail
 * does not bounce. A contact sent one within the suppression period is scheduled for when it ends,
 * if that is still within this round; otherwise the round passes them by.
 */
export function npsScanDecision(
  facts: NpsContactFacts,
  round: { start: number; previousStart: number; nextStart: number },
  suppressionDays: number,
  now: number,
): NpsScanDecision {
  if (facts.lastActivityAt === null || facts.lastActivityAt < round.previousStart) return { action: 'none', reason: 'inactive' };
  if (!facts.hasEmail) return { action: 'none', reason: 'no-email' };
  if (facts.doNotContact) return { action: 'none', reason: 'do-not-contact' };
  if (facts.autoSubmitted) return { action: 'none', reason: 'auto-submitted' };
  if (facts.bounced) return { action: 'none', reason: 'bounced' };
  const askableFrom = facts.lastSentAt === null ? now : Math.max(now, facts.lastSentAt + suppressionDays * DAY);
  if (askableFrom >= round.nextStart) return { action: 'none', reason: 'suppressed' };
  return { action: 'schedule', dueAt: askableFrom };
}

export type NpsSendDecision =
  | { action: 'send' }
  | { action: 'skip'; reason: 'disabled' | 'do-not-contact' | 'auto-submitted' | 'bounced' | 'suppressed' };

/** Whether a due NPS survey goes out now (the facts may have changed since the scan). */
export function npsSendDecision(
  facts: Pick<NpsContactFacts, 'doNotContact' | 'autoSubmitted' | 'bounced' | 'lastSentAt'> & { npsEnabled: boolean },
  suppressionDays: number,
  now: number,
): NpsSendDecision {
  if (!facts.npsEnabled) return { action: 'skip', reason: 'disabled' };
  if (facts.doNotContact) return { action: 'skip', reason: 'do-not-contact' };
  if (facts.autoSubmitted) return { action: 'skip', reason: 'auto-submitted' };
  if (facts.bounced) return { action: 'skip', reason: 'bounced' };
  if (facts.lastSentAt !== null && facts.lastSentAt > now - suppressionDays * DAY) return { action: 'skip', reason: 'suppressed' };
  return { action: 'send' };
}

export type NpsAnswerWindow = 'open' | 'expired' | 'unavailable';

/** The customer may answer a sent NPS survey, and change the answer, for 28 days after it was sent. */
export function npsAnswerWindow(survey: { status: string; sentAt: number | null }, now: number): NpsAnswerWindow {
  if (survey.status !== 'sent' || survey.sentAt === null) return 'unavailable';
  return now > survey.sentAt + ANSWER_WINDOW_MS ? 'expired' : 'open';
}

export interface NpsAnswer {
  score: number;
  comment: string | null;
}

export type NpsAnswerResult = { ok: true; answer: NpsAnswer } | { ok: false; fields: Record<string, string> };

/** Reads an answer from form fields or JSON: a whole score 0–10 (required) and an optional comment of at most 2000 characters. */
export function parseNpsAnswer(input: Record<string, unknown>): NpsAnswerResult {
  const fields: Record<string, string> = {};
  const raw = input.score;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,2}\s*$/.test(raw) ? Number(raw) : Number.NaN;
  const score = Number.isInteger(number) && number >= 0 && number <= 10 ? number : undefined;
  if (score === undefined)
    fields.score = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') ? 'choose a score from 0 to 10' : 'must be a whole number from 0 to 10';
  let comment: string | null = null;
  const given = input.comment;
  if (given !== undefined && given !== null && !(typeof given === 'string' && given.trim() === '')) {
    if (typeof given !== 'string') fields.comment = 'must be text';
    else {
      const text = given.replace(/\r\n?/g, '\n').trim();
      const problem = unstorableTextProblem(text);
      if (problem) fields.comment = problem;
      else if (text.length > COMMENT_MAX) fields.comment = `must be at most ${COMMENT_MAX} characters`;
      else comment = text;
    }
  }
  if (Object.keys(fields).length || score === undefined) return { ok: false, fields };
  return { ok: true, answer: { score, comment } };
}
