import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from './calendar.ts';
import { computeSla, pausedIntervals, type TicketFacts, timersFor } from './sla-clock.ts';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const berlin = parseCalendar({
  timezone: 'Europe/Berlin',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
});
const always = parseCalendar({ timezone: 'UTC', alwaysOpen: true });
const pausing = new Set(['pending', 'on-hold']);

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  createdAt: at('2026-03-02T08:00:00Z'), // Monday 09:00 in Berlin
  initialStatus: 'new',
  statusChanges: [],
  acknowledgedAt: null,
  firstResponseAt: null,
  unansweredSince: null,
  answeredAt: null,
  solvedAt: null,
  ...overrides,
});

const options = (now: string) => ({ now: at(now), warnShare: 0.75, pausingStatuses: pausing });
const clock = (result: ReturnType<typeof computeSla>, name: string) => result.clocks.find((c) => c.clock === name);

describe('computeSla', () => {
  it('keeps clocks running without a due time, saying why, when the calendar never opens or cannot be read', () => {
    const closed = parseCalendar({ timezone: 'UTC', hours: {} });
    const result = computeSla(facts(), { firstResponse: 240, resolution: 960 }, closed, options('2026-03-02T09:00:00Z'));
    expect(clock(result, 'firstResponse')).toMatchObject({ status: 'running', dueAt: null, warnAt: null, elapsedMs: 0, reason: expect.stringMatching(/no open hours/) });
    expect(result.nextDueAt).toBeNull();
    expect(timersFor(result)).toEqual([]);
    const unreadable = computeSla(facts({ firstResponseAt: at('2026-03-02T09:00:00Z') }), { firstResponse: 240 }, { unusable: 'The calendar "X" cannot be read.' }, options('2026-03-02T10:00:00Z'));
    expect(clock(unreadable, 'firstResponse')).toMatchObject({ status: 'met', dueAt: null, reason: 'The calendar "X" cannot be read.' });
  });

  it('runs a first-response clock in business hours and warns at 75 %', () => {
    const result = computeSla(facts(), { firstResponse: 240 }, berlin, options('2026-03-02T09:00:00Z'));
    expect(clock(result, 'firstResponse')).toMatchObject({
      status: 'running',
      dueAt: at('2026-03-02T12:00:00Z'),
      warnAt: at('2026-03-02T11:00:00Z'),
      elapsedMs: 60 * MIN,
    });
    expect(result.nextDueAt).toBe(at('2026-03-02T12:00:00Z'));
  });

  it('carries a target over the night and the weekend', () => {
    const friday = facts({ createdAt: at('2026-03-06T15:00:00Z') }); // Friday 16:00 Berlin
    const result = computeSla(friday, { firstResponse: 240 }, berlin, options('2026-03-06T15:30:00Z'));
    expect(clock(result, 'firstResponse')?.dueAt).toBe(at('2026-03-09T11:00:00Z')); // Monday 12:00 Berlin
  });

  it('stops at the reply: met in time, or breached at the due instant', () => {
    const met = computeSla(facts({ firstResponseAt: at('2026-03-02T10:00:00Z') }), { firstResponse: 240 }, berlin, options('2026-03-03T10:00:00Z'));
    expect(clock(met, 'firstResponse')).toMatchObject({ status: 'met', stoppedAt: at('2026-03-02T10:00:00Z'), breachedAt: null, elapsedMs: 120 * MIN });
    const late = computeSla(facts({ firstResponseAt: at('2026-03-02T15:00:00Z') }), { firstResponse: 240 }, berlin, options('2026-03-03T10:00:00Z'));
    expect(clock(late, 'firstResponse')).toMatchObject({ status: 'breached', breachedAt: at('2026-03-02T12:00:00Z') });
    expect(met.nextDueAt).toBeNull();
  });

  it('is breached once now passes the due instant without a reply', () => {
    const result = computeSla(facts(), { firstResponse: 60 }, always, options('2026-03-02T09:30:00Z'));
    expect(clock(result, 'firstResponse')).toMatchObject({ status: 'breached', breachedAt: at('2026-03-02T09:00:00Z') });
  });

  it('stands still while pending and moves the due instant by the pause', () => {
    const pending = facts({
      initialStatus: 'open',
      statusChanges: [
        { at: at('2026-03-02T09:00:00Z'), to: 'pending' },
        { at: at('2026-03-02T11:00:00Z'), to: 'open' },
      ],
    });
    const paused = computeSla({ ...pending, statusChanges: pending.statusChanges.slice(0, 1) }, { resolution: 240 }, berlin, options('2026-03-02T10:00:00Z'));
    expect(clock(paused, 'resolution')).toMatchObject({ status: 'paused', dueAt: null, elapsedMs: 60 * MIN });
    expect(paused.nextDueAt).toBeNull();
    const resumed = computeSla(pending, { resolution: 240 }, berlin, options('2026-03-02T11:30:00Z'));
    expect(clock(resumed, 'resolution')).toMatchObject({ status: 'running', dueAt: at('2026-03-02T14:00:00Z'), elapsedMs: 90 * MIN });
  });

  it('pauses resolution while solved and continues it after a reopen', () => {
    const reopened = facts({
      initialStatus: 'open',
      statusChanges: [
        { at: at('2026-03-02T09:00:00Z'), to: 'solved' },
        { at: at('2026-03-03T09:00:00Z'), to: 'open' },
      ],
    });
    const result = computeSla(reopened, { resolution: 480 }, berlin, options('2026-03-03T10:00:00Z'));
    // 1 h on Monday before solving, then from Tuesday 10:00 Berlin: 7 more hours → 17:00 Tuesday.
    expect(clock(result, 'resolution')).toMatchObject({ status: 'running', dueAt: at('2026-03-03T16:00:00Z'), elapsedMs: 120 * MIN });
  });

  it('starts next response at the oldest unanswered customer message, only after a first response', () => {
    const noFirst = computeSla(facts({ unansweredSince: at('2026-03-02T09:00:00Z') }), { nextResponse: 60 }, always, options('2026-03-02T09:10:00Z'));
    expect(clock(noFirst, 'nextResponse')).toBeUndefined();
    const waiting = computeSla(
      facts({ firstResponseAt: at('2026-03-02T08:30:00Z'), unansweredSince: at('2026-03-02T09:00:00Z') }),
      { nextResponse: 60 },
      always,
      options('2026-03-02T09:10:00Z'),
    );
    expect(clock(waiting, 'nextResponse')).toMatchObject({ status: 'running', startedAt: at('2026-03-02T09:00:00Z'), dueAt: at('2026-03-02T10:00:00Z') });
  });

  it('tracks only the clocks the policy sets', () => {
    const result = computeSla(facts(), { acknowledgement: 15, resolution: null }, always, options('2026-03-02T08:05:00Z'));
    expect(result.clocks.map((c) => c.clock)).toEqual(['acknowledgement']);
  });
});

describe('pausedIntervals', () => {
  it('merges consecutive pausing statuses and leaves the last one open', () => {
    const intervals = pausedIntervals(
      facts({
        initialStatus: 'pending',
        statusChanges: [
          { at: 10, to: 'on-hold' },
          { at: 20, to: 'open' },
          { at: 30, to: 'solved' },
        ],
        createdAt: 0,
      }),
      pausing,
    );
    expect(intervals).toEqual([
      [0, 20],
      [30, null],
    ]);
  });
});

describe('timersFor', () => {
  it('plans a warning and a breach for running clocks, none for met ones', () => {
    const running = computeSla(facts(), { firstResponse: 240, resolution: 960 }, berlin, options('2026-03-02T08:00:00Z'));
    expect(timersFor(running).map((t) => `${t.clock}:${t.kind}`)).toEqual([
      'firstResponse:warning',
      'firstResponse:breach',
      'resolution:warning',
      'resolution:breach',
    ]);
    const met = computeSla(facts({ firstResponseAt: at('2026-03-02T08:10:00Z') }), { firstResponse: 240 }, berlin, options('2026-03-02T09:00:00Z'));
    expect(timersFor(met)).toEqual([]);
  });

  it('never plans a timer before the clock starts, and a breach never before its warning', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 20 * 24 * 60 }), (target, minutesLater) => {
        const created = at('2026-03-02T08:00:00Z') + minutesLater * MIN;
        const result = computeSla(facts({ createdAt: created }), { resolution: target }, berlin, { ...options('2026-03-02T08:00:00Z'), now: created });
        const timers = timersFor(result);
        for (const timer of timers) expect(timer.fireAt).toBeGreaterThanOrEqual(created);
        const [warning, breach] = timers;
        if (warning && breach) expect(warning.fireAt).toBeLessThanOrEqual(breach.fireAt);
      }),
      { numRuns: 200 },
    );
  });
});
