import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The contract of `rapport kpi ticket-metrics`, run as users run it: a child process on the real entry point.
const rapport = join(import.meta.dirname, '..', 'bin', 'rapport.js');
let dir: string;

function runTicketMetrics(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [rapport, 'kpi', 'ticket-metrics', ...args], { cwd: dir, timeout: 25_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

const officeDay = [['09:00', '17:00']];
const example = {
  calendar: {
    timezone: 'Europe/Berlin',
    hours: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay },
    holidays: ['2026-12-25'],
  },
  asOf: '2026-03-10T12:00:00Z',
  tickets: [
    {
      id: 'T1',
      createdAt: '2026-03-02T08:00:00Z',
      openedBy: 'customer',
      events: [
        { at: '2026-03-02T08:05:00Z', type: 'agent_reply', automated: true },
        { at: '2026-03-02T09:00:00Z', type: 'note' },
        { at: '2026-03-02T09:30:00Z', type: 'agent_reply', automated: false },
        { at: '2026-03-02T09:31:00Z', type: 'status', status: 'pending' },
        { at: '2026-03-03T10:00:00Z', type: 'customer_message' },
        { at: '2026-03-03T10:00:00Z', type: 'status', status: 'open' },
        { at: '2026-03-03T11:00:00Z', type: 'status', status: 'solved' },
      ],
    },
  ],
  csat: [5, 4, 2],
  nps: [10, 9, 7, 3],
};
const expected = {
  tickets: [
    {
      id: 'T1',
      firstReply: { calendarMinutes: 90, businessMinutes: 90 },
      firstResolution: { calendarMinutes: 1620, businessMinutes: 660 },
      fullResolution: { calendarMinutes: 1620, businessMinutes: 660 },
      requesterWait: { calendarMinutes: 151, businessMinutes: 151 },
      agentWait: { calendarMinutes: 1469, businessMinutes: 509 },
      agentReplies: 1,
      reopens: 0,
      oneTouch: true,
    },
  ],
  summary: { tickets: 1, solved: 1, fcrPercent: 100, reopenedPercent: 0, csatPercent: 200 / 3, nps: 25 },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-kpi-'));
  writeFileSync(join(dir, 'example.json'), JSON.stringify(example));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rapport kpi ticket-metrics', () => {
  it("prints the contract example's metrics from a file and the same from standard input", async () => {
    const fromFile = await runTicketMetrics(['example.json']);
    expect(fromFile).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(fromFile.stdout)).toEqual(expected);
    const fromStdin = await runTicketMetrics([], JSON.stringify(example));
    expect(JSON.parse(fromStdin.stdout)).toEqual(expected);
  });

  it('reads instants with offsets and without seconds, and an always-open calendar', async () => {
    const input = {
      calendar: { timezone: 'UTC', alwaysOpen: true },
      asOf: '2026-03-02T12:00+01:00',
      tickets: [{ id: 'T2', createdAt: '2026-03-02T09:00+01:00', openedBy: 'agent', events: [{ at: '2026-03-02T08:30:00.5Z', type: 'customer_message' }] }],
    };
    const run = await runTicketMetrics([], JSON.stringify(input));
    expect(run.code).toBe(0);
    const [ticket] = JSON.parse(run.stdout).tickets;
    expect(ticket.firstReply).toEqual({ calendarMinutes: null, businessMinutes: null });
    expect(ticket.requesterWait).toEqual({ calendarMinutes: 180, businessMinutes: 180 });
    expect(JSON.parse(run.stdout).summary).toEqual({ tickets: 1, solved: 0, fcrPercent: null, reopenedPercent: null, csatPercent: null, nps: null });
  });

  const withTicket = (changes: Record<string, unknown>) => ({ ...example, tickets: [{ ...example.tickets[0], ...changes }] });
  const withEvents = (...events: unknown[]) => withTicket({ events });
  const badInputs: Array<[string, string, RegExp]> = [
    ['not JSON', '{"calendar":', /not valid JSON/],
    ['no asOf', JSON.stringify({ ...example, asOf: undefined }), /no "asOf"/],
    ['openedBy someone else', JSON.stringify(withTicket({ openedBy: 'bot' })), /Ticket "T1".*openedBy/],
    ['an unknown type', JSON.stringify(withEvents({ at: '2026-03-02T09:00:00Z', type: 'call' })), /Ticket "T1".*unknown type "call"/],
    ['an unknown status', JSON.stringify(withEvents({ at: '2026-03-02T09:00:00Z', type: 'status', status: 'new' })), /Ticket "T1".*unknown status "new"/],
    ['createdAt after asOf', JSON.stringify(withTicket({ createdAt: '2026-03-11T00:00:00Z', events: [] })), /Ticket "T1".*after asOf/],
    ['an event before createdAt', JSON.stringify(withEvents({ at: '2026-03-01T09:00:00Z', type: 'note' })), /Ticket "T1".*before the ticket was created/],
    ['an event after asOf', JSON.stringify(withEvents({ at: '2026-03-11T09:00:00Z', type: 'note' })), /Ticket "T1".*after asOf/],
    [
      'an event after closed',
      JSON.stringify(withEvents({ at: '2026-03-02T09:00:00Z', type: 'status', status: 'closed' }, { at: '2026-03-02T09:00:00Z', type: 'note' })),
      /Ticket "T1".*after the ticket was closed/,
    ],
    [
      'events out of order',
      JSON.stringify(withEvents({ at: '2026-03-02T10:00:00Z', type: 'note' }, { at: '2026-03-02T09:00:00Z', type: 'note' })),
      /Ticket "T1".*time order/,
    ],
    ['an instant without an offset', JSON.stringify(withTicket({ createdAt: '2026-03-02T08:00:00' })), /Ticket "T1".*add Z or an offset/],
    ['a CSAT score off the scale', JSON.stringify({ ...example, csat: [6] }), /"csat" answer 1/],
    ['an NPS score that is not whole', JSON.stringify({ ...example, nps: [7.5] }), /"nps" answer 1/],
  ];
  for (const [name, stdin, message] of badInputs) {
    it(`refuses ${name} with exit code 2, one sentence and nothing on standard output`, async () => {
      const run = await runTicketMetrics([], stdin);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
