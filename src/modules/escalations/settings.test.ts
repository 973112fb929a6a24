import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../sla/calendar.ts';
import { defaultCalendar } from '../sla/defaults.ts';
import { summarise } from './review.ts';
import { DEFAULT_ESCALATION_TIERS, effectiveSettings, escalationDueAt, highestTier, targetStatus } from './settings.ts';

const berlin = parseCalendar(defaultCalendar('Europe/Berlin'));
const at = (iso: string) => new Date(iso).getTime();

describe('escalation targets', () => {
  it('defaults to the seeds: tier 2 within 4 business hours, tier 3 within 48 hours, three tiers', () => {
    const settings = effectiveSettings({});
    expect(settings.escalationTiers).toEqual(DEFAULT_ESCALATION_TIERS);
    expect(highestTier(settings)).toBe(3);
    expect(settings.autoEscalateOnBreach).toBe(true);
    expect(settings.tierRaise).toEqual({ standard: 0, premium: 1, enterprise: 1 });
    expect(highestTier(effectiveSettings({ escalationTiers: [...DEFAULT_ESCALATION_TIERS, { name: 'Board', targetMinutes: 60, businessHours: false }] }))).toBe(4);
    expect(effectiveSettings({ tierRaise: { premium: 0 } }).tierRaise).toEqual({ standard: 0, premium: 0, enterprise: 1 });
  });

  it('counts tier 2 in business hours of the calendar and tier 3 around the clock', () => {
    // Monday 16:00 in Berlin: one business hour today, three tomorrow morning.
    const monday4pm = at('2026-03-02T15:00:00.000Z');
    expect(new Date(escalationDueAt(DEFAULT_ESCALATION_TIERS[0], monday4pm, berlin)).toISOString()).toBe('2026-03-03T11:00:00.000Z');
    expect(new Date(escalationDueAt(DEFAULT_ESCALATION_TIERS[1], monday4pm, berlin)).toISOString()).toBe('2026-03-04T15:00:00.000Z');
  });

  it('is met by a response in time, missed by a late one or none past the due time', () => {
    const due = at('2026-03-03T11:00:00.000Z');
    expect(targetStatus(due, due, due + 1)).toBe('met');
    expect(targetStatus(due, due + 1, due + 2)).toBe('missed');
    expect(targetStatus(due, null, due)).toBe('pending');
    expect(targetStatus(due, null, due + 1)).toBe('missed');
  });
});

describe('review summary', () => {
  it('counts by tier, trigger and outcome; over-escalation over decided escalations; target rate over decided targets', () => {
    const summary = summarise(
      [
        { to_tier: 2, trigger: 'manual', outcome: 'resolved', total: '3', met: '2', missed: '1' },
        { to_tier: 2, trigger: 'breach', outcome: 'sent-back', total: 1, met: 0, missed: 1 },
        { to_tier: 3, trigger: 'manual', outcome: 'solved-with-tier1-knowledge', total: 1, met: 1, missed: 0 },
        { to_tier: 3, trigger: 'manual', outcome: 'open', total: 2, met: 0, missed: 0 },
      ],
      { from: null, to: null },
    );
    expect(summary).toMatchObject({
      total: 7,
      byTier: { '2': 4, '3': 3 },
      byTrigger: { manual: 6, breach: 1 },
      byOutcome: { open: 2, resolved: 3, 'sent-back': 1, 'solved-with-tier1-knowledge': 1 },
      overEscalation: { count: 2, decided: 5, rate: 0.4 },
      targets: { met: 3, missed: 2, pending: 2, metRate: 0.6 },
    });
    expect(summarise([], { from: null, to: null })).toMatchObject({ total: 0, overEscalation: { rate: null }, targets: { metRate: null } });
  });
});
