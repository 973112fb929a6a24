import { describe, expect, it } from 'vitest';
import { bucketOf, histogramColumn } from './histogram.ts';
import { contributionsOf, localDay, type MetricRow, netDeltas, netTagDeltas } from './rollup.ts';

const row = (changes: Partial<MetricRow> = {}): MetricRow => ({
  ticket_id: 't1',
  workspace_id: 'w',
  created_day: '2026-03-02',
  created_hour: 10,
  first_resolved_day: '2026-03-03',
  solved_day: '2026-03-04',
  team_id: 'billing',
  agent_id: 'ann',
  channel: 'email',
  priority: 'normal',
  tier: 'standard',
  status: 'solved',
  first_reply_calendar_ms: 60_000,
  first_reply_business_ms: 30_000,
  first_resolution_calendar_ms: 120_000,
  first_resolution_business_ms: 90_000,
  full_resolution_calendar_ms: 240_000,
  full_resolution_business_ms: 100_000,
  requester_wait_calendar_ms: 200_000,
  requester_wait_business_ms: 80_000,
  agent_wait_calendar_ms: 40_000,
  agent_wait_business_ms: 20_000,
  agent_replies: 2,
  reopens: 1,
  one_touch: 0,
  handle_seconds: 900,
  tags: '["billing","refund"]',
  escalated: 0,
  sla_acknowledgement: 'met',
  sla_acknowledgement_day: '2026-03-02',
  sla_first_response: 'breached',
  sla_first_response_day: '2026-03-02',
  sla_next_response: null,
  sla_next_response_day: null,
  sla_resolution: null,
  sla_resolution_day: null,
  csat_score: null,
  ces_score: null,
  csat_day: null,
  ...changes,
});

describe('rollup contributions', () => {
  it('counts volume and first reply on the creation day, first resolution and reopens on its day, the rest on the solve day', () => {
    const [created, firstResolved, solved, acknowledged, firstResponse, ...rest] = contributionsOf(row());
    expect(acknowledged).toMatchObject({ key: { day: '2026-03-02' }, counters: { sla_acknowledgement_due: 1, sla_acknowledgement_met: 1 } });
    expect(firstResponse).toMatchObject({ counters: { sla_first_response_due: 1, sla_first_response_met: 0 } });
    expect(rest).toEqual([]);
    expect(created).toMatchObject({ key: { day: '2026-03-02' }, counters: { created: 1, first_replied: 1, first_reply_business_ms: 30_000 } });
    expect(firstResolved).toMatchObject({ key: { day: '2026-03-03' }, counters: { first_resolved: 1, reopened: 1 } });
    expect(solved).toMatchObject({ key: { day: '2026-03-04' }, counters: { solved: 1, one_touch: 0, agent_replies: 2, agent_wait_business_ms: 20_000, handled: 1, handle_seconds: 900 } });
    expect(contributionsOf(row({ first_resolved_day: null, solved_day: null, first_reply_calendar_ms: null, first_reply_business_ms: null, sla_acknowledgement: null, sla_acknowledgement_day: null, sla_first_response: null, sla_first_response_day: null }))).toEqual([
      { key: expect.objectContaining({ day: '2026-03-02' }), counters: { created: 1, escalated: 0, first_replied: 0, first_reply_calendar_ms: 0, first_reply_business_ms: 0 } },
    ]);
  });

  it('counts a CSAT answer once, on the day it was first given', () => {
    const deltas = contributionsOf(row({ csat_score: 4, ces_score: 6, csat_day: '2026-03-05' }));
    expect(deltas.find((d) => d.key.day === '2026-03-05')).toEqual({
      key: expect.objectContaining({ day: '2026-03-05' }),
      counters: { csat_answers: 1, csat_satisfied: 1, csat_score_sum: 4, ces_answers: 1, ces_score_sum: 6 },
    });
    const changed = netDeltas([{ before: row({ csat_score: 4, csat_day: '2026-03-05' }), after: row({ csat_score: 2, csat_day: '2026-03-05' }) }]);
    expect(changed).toEqual([{ key: expect.objectContaining({ day: '2026-03-05' }), counters: expect.objectContaining({ csat_answers: 0, csat_satisfied: -1, csat_score_sum: -2 }) }]);
  });

  it('moves a reassigned ticket from one team to the other and writes nothing for what did not change', () => {
    const deltas = netDeltas([{ before: row(), after: row({ team_id: 'support' }) }]);
    expect(deltas).toHaveLength(6);
    expect(deltas.filter((d) => d.key.team_id === 'billing').every((d) => Object.values(d.counters).every((v) => v <= 0))).toBe(true);
    expect(deltas.filter((d) => d.key.team_id === 'support').every((d) => Object.values(d.counters).every((v) => v >= 0))).toBe(true);
    expect(netDeltas([{ before: row(), after: row() }])).toEqual([]);
    const reopened = netDeltas([{ before: row(), after: row({ status: 'open', solved_day: null, full_resolution_calendar_ms: null, full_resolution_business_ms: null }) }]);
    expect(reopened).toEqual([{ key: expect.objectContaining({ day: '2026-03-04' }), counters: expect.objectContaining({ solved: -1, agent_replies: -2 }) }]);
  });

  it('counts each duration in its histogram bucket on the day its average counts it', () => {
    const [created, firstResolved, solved] = contributionsOf(row());
    expect(created.counters[histogramColumn('first_reply_calendar', bucketOf(60_000))]).toBe(1);
    expect(firstResolved.counters[histogramColumn('first_resolution_business', bucketOf(90_000))]).toBe(1);
    expect(solved.counters[histogramColumn('agent_wait_calendar', bucketOf(40_000))]).toBe(1);
    expect(solved.counters[histogramColumn('full_resolution_business', bucketOf(100_000))]).toBe(1);
    const moved = netDeltas([{ before: row(), after: row({ full_resolution_calendar_ms: 3_600_000 }) }]);
    expect(moved).toEqual([
      {
        key: expect.objectContaining({ day: '2026-03-04' }),
        counters: expect.objectContaining({ [histogramColumn('full_resolution_calendar', bucketOf(240_000))]: -1, [histogramColumn('full_resolution_calendar', bucketOf(3_600_000))]: 1 }),
      },
    ]);
  });

  it('counts a new ticket under each of its tags on its creation day, and moves it when the tags change', () => {
    expect(netTagDeltas([{ after: row() }]).map((d) => [d.day, d.tag, d.created])).toEqual([
      ['2026-03-02', 'billing', 1],
      ['2026-03-02', 'refund', 1],
    ]);
    expect(netTagDeltas([{ before: row(), after: row({ tags: '["billing","outage"]' }) }]).map((d) => [d.tag, d.created])).toEqual([
      ['outage', 1],
      ['refund', -1],
    ]);
  });

  it('takes the local date in the workspace time zone', () => {
    expect(localDay(Date.parse('2026-03-01T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-02');
    expect(localDay(Date.parse('2026-03-02T03:00:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(localDay(Date.parse('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
  });
});
