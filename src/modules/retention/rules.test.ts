import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideContact, decideNpsAnswer, decideTicket, horizonsOf, monthsBefore, policyOf, retentionSettingsProblems, type TicketFacts } from './rules.ts';

const at = (iso: string) => Date.parse(iso);
const horizons = horizonsOf(at('2026-12-07T10:00:00Z'), policyOf(undefined), 'Europe/Berlin');

const oldTicket: TicketFacts = { status: 'closed', updatedAt: at('2024-06-01T00:00:00Z'), anonymised: false, lastCountedDay: '2024-06-01', held: false };

describe('retention horizons', () => {
  it('counts calendar months back, clamping the day to the shorter month', () => {
    expect(new Date(monthsBefore(at('2026-12-07T10:00:00Z'), 24)).toISOString()).toBe('2024-12-07T10:00:00.000Z');
    expect(new Date(monthsBefore(at('2026-03-31T23:30:00Z'), 1)).toISOString()).toBe('2026-02-28T23:30:00.000Z');
    expect(new Date(monthsBefore(at('2024-03-31T00:00:00Z'), 1)).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(monthsBefore(at('2026-01-15T00:00:00Z'), 60)).toISOString()).toBe('2021-01-15T00:00:00.000Z');
  });

  it('defaults to 24 months of raw data and 60 of summaries, days in the workspace time zone', () => {
    expect(policyOf(undefined)).toEqual({ rawMonths: 24, summaryMonths: 60, mode: 'anonymise' });
    expect(horizons).toEqual({ rawBefore: at('2024-12-07T10:00:00Z'), rawDay: '2024-12-07', summaryBefore: at('2021-12-07T10:00:00Z'), summaryDay: '2021-12-07' });
    expect(horizonsOf(at('2026-12-07T23:30:00Z'), policyOf({ rawMonths: 1 }), 'Europe/Berlin').rawDay).toBe('2026-11-08');
  });

  it('refuses summaries kept for less time than raw data', () => {
    expect(retentionSettingsProblems({ rawMonths: 36, summaryMonths: 24 })).toEqual({ 'settings.retention.summaryMonths': 'must be at least rawMonths (36)' });
    expect(retentionSettingsProblems({ rawMonths: 36 })).toEqual({});
    expect(retentionSettingsProblems(undefined)).toEqual({});
  });
});

describe('which tickets go', () => {
  it('anonymises (or deletes, in delete mode) a resolved ticket past the raw horizon', () => {
    expect(decideTicket(oldTicket, horizons, 'anonymise')).toBe('anonymise');
    expect(decideTicket(oldTicket, horizons, 'delete')).toBe('delete');
    expect(decideTicket({ ...oldTicket, status: 'solved' }, horizons, 'anonymise')).toBe('anonymise');
  });

  it('keeps held, unresolved, recently active, unmeasured tickets and those still counting on a day after the horizon', () => {
    expect(decideTicket({ ...oldTicket, held: true }, horizons, 'delete')).toBe('keep');
    expect(decideTicket({ ...oldTicket, status: 'pending' }, horizons, 'delete')).toBe('keep');
    expect(decideTicket({ ...oldTicket, updatedAt: at('2024-12-07T10:00:00Z') }, horizons, 'delete')).toBe('keep');
    expect(decideTicket({ ...oldTicket, lastCountedDay: null }, horizons, 'delete')).toBe('keep');
    expect(decideTicket({ ...oldTicket, lastCountedDay: '2024-12-07' }, horizons, 'delete')).toBe('keep');
  });

  it('deletes at once what is past the summary horizon too, and skeletons once they reach it', () => {
    const ancient = { ...oldTicket, updatedAt: at('2021-01-01T00:00:00Z'), lastCountedDay: '2021-01-01' };
    expect(decideTicket(ancient, horizons, 'anonymise')).toBe('delete');
    expect(decideTicket({ ...oldTicket, anonymised: true }, horizons, 'anonymise')).toBe('anonymised');
    expect(decideTicket({ ...ancient, anonymised: true }, horizons, 'anonymise')).toBe('delete');
    expect(decideTicket({ ...oldTicket, anonymised: true }, horizons, 'delete')).toBe('delete');
  });

  it('never removes a held or unresolved ticket, nor one active after the raw horizon', () => {
    const facts = fc.record({
      status: fc.constantFrom('new', 'open', 'pending', 'on-hold', 'solved', 'closed'),
      updatedAt: fc.integer({ min: at('2019-01-01T00:00:00Z'), max: at('2026-12-07T00:00:00Z') }),
      anonymised: fc.boolean(),
      lastCountedDay: fc.option(fc.constantFrom('2019-05-01', '2021-12-06', '2021-12-07', '2024-12-06', '2024-12-07', '2026-01-01')),
      held: fc.boolean(),
    });
    fc.assert(
      fc.property(facts, fc.constantFrom('anonymise' as const, 'delete' as const), (ticket, mode) => {
        const outcome = decideTicket(ticket, horizons, mode);
        const removes = outcome === 'anonymise' || outcome === 'delete';
        if (ticket.held || !['solved', 'closed'].includes(ticket.status)) expect(outcome).toBe('keep');
        if (removes && !ticket.anonymised) {
          expect(ticket.updatedAt).toBeLessThan(horizons.rawBefore);
          expect(ticket.lastCountedDay! < horizons.rawDay).toBe(true);
        }
        if (mode === 'delete') expect(outcome).not.toBe('anonymise');
      }),
    );
  });
});

describe('which contacts go', () => {
  const inactive = { createdAt: at('2022-01-01T00:00:00Z'), updatedAt: at('2023-01-01T00:00:00Z'), anonymised: false, held: false, surveyedAt: null, npsAnswersKept: 0 };

  it('keeps a contact with newer activity, a held one, and one with a ticket whose raw data stays', () => {
    expect(decideContact({ ...inactive, updatedAt: at('2025-01-01T00:00:00Z'), tickets: [] }, horizons)).toBe('keep');
    expect(decideContact({ ...inactive, held: true, tickets: ['delete'] }, horizons)).toBe('keep');
    expect(decideContact({ ...inactive, tickets: ['delete', 'keep'] }, horizons)).toBe('keep');
  });

  it('deletes a contact nothing will refer to, and anonymises one only skeletons refer to', () => {
    expect(decideContact({ ...inactive, tickets: [] }, horizons)).toBe('delete');
    expect(decideContact({ ...inactive, tickets: ['delete', 'delete'] }, horizons)).toBe('delete');
    expect(decideContact({ ...inactive, tickets: ['anonymise', 'delete'] }, horizons)).toBe('anonymise');
    expect(decideContact({ ...inactive, tickets: ['anonymised'] }, horizons)).toBe('anonymise');
    expect(decideContact({ ...inactive, anonymised: true, tickets: ['anonymised'] }, horizons)).toBe('anonymised');
    expect(decideContact({ ...inactive, anonymised: true, tickets: ['delete'] }, horizons)).toBe('delete');
  });

  it('counts an NPS survey as activity, and anonymises rather than deletes a contact whose NPS scores still count', () => {
    expect(decideContact({ ...inactive, surveyedAt: at('2025-06-01T00:00:00Z'), tickets: ['delete'] }, horizons)).toBe('keep');
    expect(decideContact({ ...inactive, surveyedAt: at('2023-06-01T00:00:00Z'), npsAnswersKept: 1, tickets: ['delete'] }, horizons)).toBe('anonymise');
    expect(decideContact({ ...inactive, anonymised: true, npsAnswersKept: 1, tickets: [] }, horizons)).toBe('anonymised');
  });
});

describe('which NPS answers change', () => {
  it('keeps recent and held answers, clears old comments, deletes what is past the summary horizon', () => {
    const answer = { answeredAt: at('2023-06-01T00:00:00Z'), hasComment: true, held: false };
    expect(decideNpsAnswer(answer, horizons)).toBe('clear-comment');
    expect(decideNpsAnswer({ ...answer, hasComment: false }, horizons)).toBe('keep');
    expect(decideNpsAnswer({ ...answer, held: true }, horizons)).toBe('keep');
    expect(decideNpsAnswer({ ...answer, answeredAt: at('2025-01-01T00:00:00Z') }, horizons)).toBe('keep');
    expect(decideNpsAnswer({ ...answer, answeredAt: at('2021-01-01T00:00:00Z') }, horizons)).toBe('delete');
  });
});
