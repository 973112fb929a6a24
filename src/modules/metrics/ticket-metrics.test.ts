import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../sla/calendar.ts';
import {
  computeTicketMetrics,
  csatPercent,
  findHistoryFault,
  type HistoryEvent,
  netPromoterScore,
  type StatusChangeTarget,
  summarizeMetrics,
  type TicketHistory,
} from './ticket-metrics.ts';

const at = (iso: string) => Date.parse(iso);
const officeDay = [['09:00', '17:00']];
const berlin = parseCalendar({
  timezone: 'Europe/Berlin',
  hours: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay },
  holidays: ['2026-12-25'],
});
const alwaysOpen = parseCalendar({ timezone: 'UTC', alwaysOpen: true });

const reply = (iso: string, automated = false): HistoryEvent => ({ at: at(iso), type: 'agent_reply', automated });
const status = (iso: string, to: StatusChangeTarget): HistoryEvent => ({ at: at(iso), type: 'status', status: to });
const customer = (iso: string): HistoryEvent => ({ at: at(iso), type: 'customer_message' });

describe('computeTicketMetrics', () => {
  it('measures the contract example on both clocks: new, pending over night, open, solved', () => {
    const history: TicketHistory = {
      createdAt: at('2026-03-02T08:00:00Z'),
      openedBy: 'customer',
      events: [
        reply('2026-03-02T08:05:00Z', true),
        { at: at('2026-03-02T09:00:00Z'), type: 'note' },
        reply('2026-03-02T09:30:00Z'),
        status('2026-03-02T09:31:00Z', 'pending'),
        customer('2026-03-03T10:00:00Z'),
        status('2026-03-03T10:00:00Z', 'open'),
        status('2026-03-03T11:00:00Z', 'solved'),
      ],
    };
    expect(computeTicketMetrics(history, berlin, at('2026-03-10T12:00:00Z'))).toEqual({
      firstReply: { calendarMinutes: 90, businessMinutes: 90 },
      firstResolution: { calendarMinutes: 1620, businessMinutes: 660 },
      fullResolution: { calendarMinutes: 1620, businessMinutes: 660 },
      requesterWait: { calendarMinutes: 151, businessMinutes: 151 },
      agentWait: { calendarMinutes: 1469, businessMinutes: 509 },
      agentReplies: 1,
      reopens: 0,
      oneTouch: true,
      finalStatus: 'solved',
    });
  });

  it('starts the first-reply clock of an agent-opened ticket at the first customer message, a same-instant reply after it counting', () => {
    const metrics = computeTicketMetrics(
      {
        createdAt: at('2026-03-02T09:00:00Z'),
        openedBy: 'agent',
        events: [reply('2026-03-02T09:00:00Z'), customer('2026-03-02T10:00:00Z'), reply('2026-03-02T10:00:00Z')],
      },
      alwaysOpen,
      at('2026-03-02T11:00:00Z'),
    );
    expect(metrics.firstReply).toEqual({ calendarMinutes: 0, businessMinutes: 0 });
    expect(metrics.agentReplies).toBe(2);
    const unanswered = computeTicketMetrics(
      { createdAt: at('2026-03-02T09:00:00Z'), openedBy: 'agent', events: [reply('2026-03-02T09:10:00Z')] },
      alwaysOpen,
      at('2026-03-02T11:00:00Z'),
    );
    expect(unanswered.firstReply).toEqual({ calendarMinutes: null, businessMinutes: null });
  });

  it('counts a reopen, keeps the first resolution and times the full one to the last resolving event; solved → closed resolves nothing new', () => {
    const metrics = computeTicketMetrics(
      {
        createdAt: at('2026-03-02T08:00:00Z'),
        openedBy: 'customer',
        events: [
          reply('2026-03-02T08:30:00Z'),
          status('2026-03-02T09:00:00Z', 'solved'),
          status('2026-03-02T10:00:00Z', 'on-hold'),
          status('2026-03-02T10:00:00Z', 'on-hold'),
          status('2026-03-02T11:00:00Z', 'solved'),
          status('2026-03-03T11:00:00Z', 'closed'),
        ],
      },
      alwaysOpen,
      at('2026-03-05T00:00:00Z'),
    );
    expect(metrics.reopens).toBe(1);
    expect(metrics.firstResolution.calendarMinutes).toBe(60);
    expect(metrics.fullResolution.calendarMinutes).toBe(180);
    expect(metrics.requesterWait.calendarMinutes).toBe(120);
    expect(metrics.oneTouch).toBe(false);
    expect(metrics.finalStatus).toBe('closed');
  });

  it('leaves the full resolution empty while a reopened ticket is unresolved, and counts the current status until asOf', () => {
    const metrics = computeTicketMetrics(
      {
        createdAt: at('2026-03-02T08:00:00Z'),
        openedBy: 'customer',
        events: [status('2026-03-02T09:00:00Z', 'solved'), status('2026-03-02T10:00:00Z', 'pending')],
      },
      alwaysOpen,
      at('2026-03-02T12:30:00Z'),
    );
    expect(metrics.fullResolution).toEqual({ calendarMinutes: null, businessMinutes: null });
    expect(metrics.firstResolution.calendarMinutes).toBe(60);
    expect(metrics.agentWait.calendarMinutes).toBe(150);
    expect(metrics.requesterWait.calendarMinutes).toBe(60);
  });

  it('counts no business time on a holiday or at the weekend', () => {
    const metrics = computeTicketMetrics(
      { createdAt: at('2026-12-24T15:00:00Z'), openedBy: 'customer', events: [reply('2026-12-28T09:00:00Z')] },
      berlin,
      at('2026-12-28T09:00:00Z'),
    );
    // Thursday 16:00–17:00 Berlin, then Monday 09:00–10:00 (Friday the 25th is a holiday).
    expect(metrics.firstReply).toEqual({ calendarMinutes: (3 * 24 + 18) * 60, businessMinutes: 120 });
  });
});

describe('findHistoryFault', () => {
  const created = at('2026-03-02T08:00:00Z');
  const asOf = at('2026-03-03T08:00:00Z');
  const faultOf = (events: HistoryEvent[], createdAt = created) => findHistoryFault({ createdAt, openedBy: 'customer', events }, asOf);

  it('accepts events at createdAt and at asOf, and refuses each rule broken', () => {
    expect(faultOf([reply('2026-03-02T08:00:00Z'), status('2026-03-03T08:00:00Z', 'closed')])).toBeNull();
    expect(faultOf([], at('2026-03-04T00:00:00Z'))).toMatch(/createdAt is after asOf/);
    expect(faultOf([reply('2026-03-02T07:59:00Z')])).toMatch(/event 1 is before the ticket was created/);
    expect(faultOf([reply('2026-03-03T08:01:00Z')])).toMatch(/event 1 is after asOf/);
    expect(faultOf([reply('2026-03-02T10:00:00Z'), reply('2026-03-02T09:00:00Z')])).toMatch(/event 2 is earlier/);
    expect(faultOf([status('2026-03-02T10:00:00Z', 'closed'), reply('2026-03-02T10:00:00Z')])).toMatch(/event 2 comes after the ticket was closed/);
  });
});

describe('summary figures', () => {
  it('computes CSAT, NPS, FCR and the reopen rate unrounded, null on an empty divisor', () => {
    expect(csatPercent([5, 4, 2])).toBe(200 / 3);
    expect(netPromoterScore([10, 9, 7, 3])).toBe(25);
    expect(netPromoterScore([0, 6])).toBe(-100);
    expect(csatPercent([])).toBeNull();
    expect(summarizeMetrics([])).toEqual({ tickets: 0, solved: 0, fcrPercent: null, reopenedPercent: null, csatPercent: null, nps: null });
  });
});

// Random histories that keep the contract's rules: time order, nothing after closed.
const historyArbitrary = fc
  .record({
    openedBy: fc.constantFrom<'customer' | 'agent'>('customer', 'agent'),
    steps: fc.array(
      fc.record({
        gapMinutes: fc.integer({ min: 0, max: 4000 }),
        kind: fc.constantFrom('customer_message', 'agent_reply', 'automated', 'note', 'open', 'pending', 'on-hold', 'solved', 'closed'),
      }),
      { maxLength: 25 },
    ),
    tailMinutes: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ openedBy, steps, tailMinutes }) => {
    const createdAt = at('2026-03-06T15:00:00Z');
    let cursor = createdAt;
    const events: HistoryEvent[] = [];
    for (const step of steps) {
      cursor += step.gapMinutes * 60_000;
      if (step.kind === 'customer_message' || step.kind === 'note') events.push({ at: cursor, type: step.kind });
      else if (step.kind === 'agent_reply' || step.kind === 'automated') events.push({ at: cursor, type: 'agent_reply', automated: step.kind === 'automated' });
      else events.push({ at: cursor, type: 'status', status: step.kind as StatusChangeTarget });
      if (step.kind === 'closed') break;
    }
    return { history: { createdAt, openedBy, events } satisfies TicketHistory, asOf: cursor + tailMinutes * 60_000 };
  });

describe('computeTicketMetrics on random histories', () => {
  it('splits the time before resolution between the two waits, business time never above calendar time', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ history, asOf }) => {
        expect(findHistoryFault(history, asOf)).toBeNull();
        const metrics = computeTicketMetrics(history, berlin, asOf);
        const waited = (metrics.requesterWait.calendarMinutes ?? 0) + (metrics.agentWait.calendarMinutes ?? 0);
        expect(waited).toBeLessThanOrEqual((asOf - history.createdAt) / 60_000);
        if (metrics.firstResolution.calendarMinutes === null) expect(waited).toBe((asOf - history.createdAt) / 60_000);
        for (const duration of [metrics.firstReply, metrics.firstResolution, metrics.fullResolution, metrics.requesterWait, metrics.agentWait]) {
          expect(duration.calendarMinutes === null).toBe(duration.businessMinutes === null);
          if (duration.calendarMinutes !== null) expect(duration.businessMinutes).toBeLessThanOrEqual(duration.calendarMinutes);
        }
        if (metrics.fullResolution.calendarMinutes !== null) {
          expect(metrics.firstResolution.calendarMinutes).toBeLessThanOrEqual(metrics.fullResolution.calendarMinutes);
        }
        if (metrics.oneTouch) expect([metrics.agentReplies, metrics.reopens]).toEqual([1, 0]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives business time equal to calendar time on an always-open calendar', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ history, asOf }) => {
        const metrics = computeTicketMetrics(history, alwaysOpen, asOf);
        for (const duration of [metrics.firstReply, metrics.firstResolution, metrics.fullResolution, metrics.requesterWait, metrics.agentWait]) {
          expect(duration.businessMinutes).toBe(duration.calendarMinutes);
        }
      }),
      { numRuns: 200 },
    );
  });
});
