import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NpsContactFacts, npsAnswerWindow, npsRoundOf, npsScanDecision, npsSendDecision, parseNpsAnswer } from './nps-rules.ts';

const DAY = 86_400_000;
const at = (text: string) => Date.parse(text);
const iso = (time: number) => new Date(time).toISOString();

describe('npsRoundOf: rounds on the 1st of every interval-th month, UTC', () => {
  it('quarterly by default: January, April, July, October', () => {
    const round = npsRoundOf(at('2026-05-17T13:00:00Z'), 3);
    expect([iso(round.previousStart), iso(round.start), iso(round.nextStart)]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ]);
  });
  it('a round starts at its first instant and the last millisecond before belongs to the one before', () => {
    expect(iso(npsRoundOf(at('2026-04-01T00:00:00Z'), 3).start)).toBe('2026-04-01T00:00:00.000Z');
    expect(iso(npsRoundOf(at('2026-04-01T00:00:00Z') - 1, 3).start)).toBe('2026-01-01T00:00:00.000Z');
  });
  it('crosses years: monthly in January, half-yearly, yearly', () => {
    expect(iso(npsRoundOf(at('2026-01-10T00:00:00Z'), 1).previousStart)).toBe('2025-12-01T00:00:00.000Z');
    expect(iso(npsRoundOf(at('2026-03-10T00:00:00Z'), 6).previousStart)).toBe('2025-07-01T00:00:00.000Z');
    expect(iso(npsRoundOf(at('2026-12-31T23:59:59Z'), 12).nextStart)).toBe('2027-01-01T00:00:00.000Z');
  });
  it('always holds now in [start, nextStart), rounds of interval months apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z') }), fc.constantFrom(1, 2, 3, 4, 6, 12), (now, months) => {
        const round = npsRoundOf(now, months);
        expect(round.start).toBeLessThanOrEqual(now);
        expect(now).toBeLessThan(round.nextStart);
        expect(new Date(round.start).getUTCDate()).toBe(1);
        expect(new Date(round.start).getUTCMonth() % months).toBe(0);
        expect(npsRoundOf(round.previousStart, months).nextStart).toBe(round.start);
      }),
    );
  });
});

describe('npsScanDecision: whom a round asks, and when', () => {
  const now = at('2026-04-01T00:05:00Z');
  const round = npsRoundOf(now, 3);
  const active: NpsContactFacts = {
    lastActivityAt: at('2026-02-10T10:00:00Z'),
    hasEmail: true,
    doNotContact: false,
    autoSubmitted: false,
    bounced: false,
    lastSentAt: null,
  };
  const decide = (facts: Partial<NpsContactFacts>, suppressionDays = 90) => npsScanDecision({ ...active, ...facts }, round, suppressionDays, now);

  it('asks an active contact never asked, now', () => expect(decide({})).toEqual({ action: 'schedule', dueAt: now }));
  it('needs activity since the previous round started', () => {
    expect(decide({ lastActivityAt: null })).toEqual({ action: 'none', reason: 'inactive' });
    expect(decide({ lastActivityAt: at('2025-12-31T23:59:59Z') })).toEqual({ action: 'none', reason: 'inactive' });
    expect(decide({ lastActivityAt: at('2026-01-01T00:00:00Z') }).action).toBe('schedule');
  });
  it('never asks without an address, a contact who said no, a robot or a bouncing address', () => {
    expect(decide({ hasEmail: false })).toEqual({ action: 'none', reason: 'no-email' });
    expect(decide({ doNotContact: true })).toEqual({ action: 'none', reason: 'do-not-contact' });
    expect(decide({ autoSubmitted: true })).toEqual({ action: 'none', reason: 'auto-submitted' });
    expect(decide({ bounced: true })).toEqual({ action: 'none', reason: 'bounced' });
  });
  it('a contact asked within the suppression period is asked when it ends, if that is in this round', () => {
    const lastSentAt = at('2026-01-03T09:00:00Z');
    expect(decide({ lastSentAt })).toEqual({ action: 'schedule', dueAt: lastSentAt + 90 * DAY });
    expect(decide({ lastSentAt: at('2026-01-03T09:00:00Z') - 90 * DAY })).toEqual({ action: 'schedule', dueAt: now });
    // Suppressed past the round's end: this round passes them by.
    expect(decide({ lastSentAt: at('2026-03-31T00:00:00Z') }, 92)).toEqual({ action: 'none', reason: 'suppressed' });
    expect(decide({ lastSentAt: at('2026-03-31T00:00:00Z') }, 91)).toEqual({ action: 'schedule', dueAt: at('2026-06-30T00:00:00Z') });
    expect(decide({ lastSentAt: at('2026-03-31T00:00:00Z') }, 0)).toEqual({ action: 'schedule', dueAt: now });
  });
  it('never schedules outside the round nor before now', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: now - 400 * DAY, max: now }), { nil: null }), fc.integer({ min: 0, max: 365 }), (lastSentAt, days) => {
        const decision = decide({ lastSentAt }, days);
        if (decision.action === 'schedule') {
          expect(decision.dueAt).toBeGreaterThanOrEqual(now);
          expect(decision.dueAt).toBeLessThan(round.nextStart);
          if (lastSentAt !== null) expect(decision.dueAt).toBeGreaterThanOrEqual(lastSentAt + days * DAY);
        }
      }),
    );
  });
});

describe('npsSendDecision: the rules again when a survey falls due', () => {
  const now = at('2026-04-20T00:00:00Z');
  const fine = { npsEnabled: true, doNotContact: false, autoSubmitted: false, bounced: false, lastSentAt: null };
  it('sends, or names the first rule that says no', () => {
    expect(npsSendDecision(fine, 90, now)).toEqual({ action: 'send' });
    expect(npsSendDecision({ ...fine, npsEnabled: false }, 90, now)).toEqual({ action: 'skip', reason: 'disabled' });
    expect(npsSendDecision({ ...fine, doNotContact: true }, 90, now)).toEqual({ action: 'skip', reason: 'do-not-contact' });
    expect(npsSendDecision({ ...fine, autoSubmitted: true }, 90, now)).toEqual({ action: 'skip', reason: 'auto-submitted' });
    expect(npsSendDecision({ ...fine, bounced: true }, 90, now)).toEqual({ action: 'skip', reason: 'bounced' });
    expect(npsSendDecision({ ...fine, lastSentAt: now - 89 * DAY }, 90, now)).toEqual({ action: 'skip', reason: 'suppressed' });
    expect(npsSendDecision({ ...fine, lastSentAt: now - 90 * DAY }, 90, now)).toEqual({ action: 'send' });
  });
});

describe('npsAnswerWindow and parseNpsAnswer', () => {
  const sentAt = at('2026-04-01T10:00:00Z');
  it('is open for 28 days after sending, only for a sent survey', () => {
    expect(npsAnswerWindow({ status: 'sent', sentAt }, sentAt + 28 * DAY)).toBe('open');
    expect(npsAnswerWindow({ status: 'sent', sentAt }, sentAt + 28 * DAY + 1)).toBe('expired');
    expect(npsAnswerWindow({ status: 'scheduled', sentAt: null }, sentAt)).toBe('unavailable');
    expect(npsAnswerWindow({ status: 'skipped', sentAt: null }, sentAt)).toBe('unavailable');
  });
  it('takes a whole score 0–10 and an optional, trimmed comment', () => {
    expect(parseNpsAnswer({ score: '0' })).toEqual({ ok: true, answer: { score: 0, comment: null } });
    expect(parseNpsAnswer({ score: 10, comment: '  Great\r\nteam ' })).toEqual({ ok: true, answer: { score: 10, comment: 'Great\nteam' } });
    expect(parseNpsAnswer({ score: '7', comment: '   ' })).toEqual({ ok: true, answer: { score: 7, comment: null } });
  });
  it('names what is wrong', () => {
    expect(parseNpsAnswer({})).toEqual({ ok: false, fields: { score: 'choose a score from 0 to 10' } });
    for (const score of [11, -1, 2.5, '1e1', 'ten', '011', true]) expect(parseNpsAnswer({ score }).ok, String(score)).toBe(false);
    expect(parseNpsAnswer({ score: 5, comment: 'x'.repeat(2001) })).toEqual({ ok: false, fields: { comment: 'must be at most 2000 characters' } });
    expect(parseNpsAnswer({ score: 5, comment: 42 })).toEqual({ ok: false, fields: { comment: 'must be text' } });
  });
});
