import { describe, expect, it } from 'vitest';
import { ANSWER_WINDOW_MS, answerWindow, parseAnswer, scheduleAction, sendDecision, type SendFacts } from './rules.ts';

const DAY = 86_400_000;
const settings = { csatEnabled: true, delayMinutes: 1440 };
const solved = { status: 'solved', solvedAt: 1_000, mergedIntoId: null };

describe('scheduleAction', () => {
  it('schedules a solved ticket at solved + delay, once', () => {
    expect(scheduleAction(solved, undefined, settings)).toEqual({ action: 'schedule', dueAt: 1_000 + DAY });
    expect(scheduleAction(solved, { status: 'scheduled', dueAt: 1_000 + DAY }, settings)).toEqual({ action: 'none' });
    expect(scheduleAction(solved, { status: 'sent', dueAt: 0 }, settings)).toEqual({ action: 'none' });
    expect(scheduleAction(solved, { status: 'skipped', dueAt: 0 }, settings)).toEqual({ action: 'none' });
    expect(scheduleAction(solved, undefined, { ...settings, csatEnabled: false })).toEqual({ action: 'none' });
  });

  it('reschedules after a reopen cancelled it, and cancels on reopen or merge', () => {
    expect(scheduleAction(solved, { status: 'cancelled', dueAt: 0 }, settings)).toEqual({ action: 'reschedule', dueAt: 1_000 + DAY });
    for (const status of ['new', 'open', 'pending', 'on-hold']) {
      expect(scheduleAction({ status, solvedAt: null, mergedIntoId: null }, { status: 'scheduled', dueAt: 5 }, settings)).toEqual({
        action: 'cancel',
        reason: 'reopened',
      });
    }
    expect(scheduleAction({ status: 'closed', solvedAt: 1, mergedIntoId: 'x' }, { status: 'scheduled', dueAt: 5 }, settings)).toEqual({
      action: 'cancel',
      reason: 'merged',
    });
    expect(scheduleAction({ status: 'closed', solvedAt: 1, mergedIntoId: null }, { status: 'scheduled', dueAt: 5 }, settings)).toEqual({
      action: 'none',
    });
  });
});

describe('sendDecision', () => {
  const base: SendFacts = {
    ticket: solved,
    csatEnabled: true,
    autoSubmitted: false,
    bounced: false,
    doNotContact: false,
    lastSurveyedAt: null,
    suppressionDays: 7,
    now: 100 * DAY,
  };
  it('sends when no rule objects', () => expect(sendDecision(base)).toEqual({ action: 'send' }));
  it.each([
    [{ ticket: { ...solved, status: 'open' } }, { action: 'cancel', reason: 'reopened' }],
    [{ ticket: { ...solved, mergedIntoId: 't' } }, { action: 'cancel', reason: 'merged' }],
    [{ ticket: { ...solved, status: 'closed' } }, { action: 'skip', reason: 'closed' }],
    [{ csatEnabled: false }, { action: 'skip', reason: 'disabled' }],
    [{ autoSubmitted: true }, { action: 'skip', reason: 'auto-submitted' }],
    [{ bounced: true }, { action: 'skip', reason: 'bounced' }],
    [{ doNotContact: true }, { action: 'skip', reason: 'do-not-contact' }],
    [{ lastSurveyedAt: 100 * DAY - 7 * DAY + 1 }, { action: 'skip', reason: 'suppressed' }],
  ] as const)('%o → %o', (change, expected) => expect(sendDecision({ ...base, ...change } as SendFacts)).toEqual(expected));
  it('asks again once the suppression period is over', () =>
    expect(sendDecision({ ...base, lastSurveyedAt: 93 * DAY })).toEqual({ action: 'send' }));
});

describe('answerWindow', () => {
  const sent = { status: 'sent', sentAt: 0 };
  const open = { status: 'solved', mergedIntoId: null };
  it('is open for 28 days after sending, while the ticket is not closed', () => {
    expect(answerWindow(sent, open, ANSWER_WINDOW_MS)).toBe('open');
    expect(answerWindow(sent, { status: 'open', mergedIntoId: null }, 1)).toBe('open');
    expect(answerWindow(sent, open, ANSWER_WINDOW_MS + 1)).toBe('expired');
    expect(answerWindow(sent, { status: 'closed', mergedIntoId: null }, 1)).toBe('closed');
    expect(answerWindow({ status: 'scheduled', sentAt: null }, open, 1)).toBe('unavailable');
  });
});

describe('parseAnswer', () => {
  const options = { reasons: ['Took too long', 'Other'], cesAsked: false };
  it('reads form text and JSON numbers alike', () => {
    expect(parseAnswer({ score: '2', reason: 'Other', comment: '  meh \r\n ok ' }, options)).toEqual({
      ok: true,
      answer: { score: 2, ces: null, reason: 'Other', comment: 'meh \n ok' },
    });
    expect(parseAnswer({ score: 5, ces: 3, reason: 'Other', comment: '' }, options)).toEqual({
      ok: true,
      answer: { score: 5, ces: null, reason: null, comment: null },
    });
    expect(parseAnswer({ score: 5, ces: '7' }, { ...options, cesAsked: true })).toEqual({
      ok: true,
      answer: { score: 5, ces: 7, reason: null, comment: null },
    });
  });
  it.each([
    [{}, 'score'],
    [{ score: '0' }, 'score'],
    [{ score: 2.5 }, 'score'],
    [{ score: '1e0' }, 'score'],
    [{ score: 1, reason: 'Nope' }, 'reason'],
    [{ score: 3, ces: 8 }, 'ces'],
    [{ score: 3, comment: 'a\u0000b' }, 'comment'],
    [{ score: 3, comment: 'x'.repeat(2001) }, 'comment'],
  ])('refuses %o naming %s', (input, field) => {
    const result = parseAnswer(input, { ...options, cesAsked: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fields)).toContain(field);
  });
  it('keeps a reason the answer already has after the list changed', () => {
    expect(parseAnswer({ score: 1, reason: 'Rude' }, { ...options, currentReason: 'Rude' })).toMatchObject({
      ok: true,
      answer: { reason: 'Rude' },
    });
  });
});
