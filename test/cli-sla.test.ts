import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The acceptance contract of `rapport sla due`, run as users run it: a child process on the real entry point.
const rapport = join(import.meta.dirname, '..', 'bin', 'rapport.js');
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runSlaDue(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [rapport, 'sla', 'due', ...args],
      { cwd: dir, timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const file = (name: string, content: unknown) => {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
};

const officeDay = [['09:00', '17:00']];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-sla-'));
  file('berlin.json', {
    timezone: 'Europe/Berlin',
    hours: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay },
    holidays: ['2026-12-25'],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rapport sla due', () => {
  it('prints one line of JSON with the due instant in UTC', async () => {
    const run = await runSlaDue('--calendar', 'berlin.json', '--start', '2026-03-02T08:00:00Z', '--minutes', '60');
    expect(run).toEqual({ code: 0, stdout: '{"due":"2026-03-02T09:00:00.000Z"}\n', stderr: '' });
  });

  it('carries business time over a weekend', async () => {
    const run = await runSlaDue('--calendar', 'berlin.json', '--start', '2026-03-06T15:30:00Z', '--minutes', '60');
    expect(JSON.parse(run.stdout)).toEqual({ due: '2026-03-09T08:30:00.000Z' });
  });

  it('takes a start with an offset and seconds, and a pauses file', async () => {
    const pauses = file('pauses.json', [
      ['2026-03-02T10:30:00+01:00', '2026-03-02T11:00:00+01:00'],
      ['2026-03-02T10:45:00+01:00', '2026-03-02T11:15:00+01:00'],
    ]);
    // 10:15:30+02:00 is 09:15:30 in Berlin: 74.5 minutes to the pause at 10:30, which lasts to 11:15
    // (the union of both), then 15.5 more: 11:30:30 CET.
    const run = await runSlaDue(
      '--calendar',
      'berlin.json',
      '--start',
      '2026-03-02T10:15:30+02:00',
      '--minutes',
      '90',
      '--pauses',
      pauses,
    );
    expect(JSON.parse(run.stdout)).toEqual({ due: '2026-03-02T10:30:30.000Z' });
  });

  it('serves a 24/7 calendar and zero minutes', async () => {
    file('always.json', { timezone: 'UTC', alwaysOpen: true });
    const run = await runSlaDue('--calendar', 'always.json', '--start', '2026-03-07T23:59:59Z', '--minutes', '0');
    expect(JSON.parse(run.stdout)).toEqual({ due: '2026-03-07T23:59:59.000Z' });
  });

  it('shows the options and examples in --help', async () => {
    const run = await runSlaDue('--help');
    expect(run.code).toBe(0);
    for (const option of ['--calendar <file>', '--start <iso>', '--minutes <n>', '--pauses <file>', 'Examples:']) {
      expect(run.stdout).toContain(option);
    }
  });
});

describe('rapport sla due refuses bad input with exit code 2 and one sentence', () => {
  const start = ['--start', '2026-03-02T08:00:00Z'];
  const cases: [string, () => string[]][] = [
    [
      'an unknown time zone',
      () => ['--calendar', file('mars.json', { timezone: 'Mars/Olympus', hours: {} }), ...start, '--minutes', '5'],
    ],
    [
      'a time of 25:00',
      () => [
        '--calendar',
        file('late.json', { timezone: 'UTC', hours: { tue: [['09:00', '25:00']] } }),
        ...start,
        '--minutes',
        '5',
      ],
    ],
    [
      'an interval ending before it starts',
      () => [
        '--calendar',
        file('back.json', { timezone: 'UTC', hours: { mon: [['17:00', '09:00']] } }),
        ...start,
        '--minutes',
        '5',
      ],
    ],
    ['malformed JSON', () => ['--calendar', file('broken.json', '{"timezone": "UTC",'), ...start, '--minutes', '5']],
    ['a missing calendar file', () => ['--calendar', 'nowhere.json', ...start, '--minutes', '5']],
    [
      'a missing pauses file',
      () => ['--calendar', 'berlin.json', ...start, '--minutes', '5', '--pauses', 'nowhere.json'],
    ],
    ['negative minutes', () => ['--calendar', 'berlin.json', ...start, '--minutes', '-5']],
    ['minutes that are not a whole number', () => ['--calendar', 'berlin.json', ...start, '--minutes', 'ten']],
    ['fractional minutes', () => ['--calendar', 'berlin.json', ...start, '--minutes', '1.5']],
    ['an unparseable start', () => ['--calendar', 'berlin.json', '--start', 'next tuesday', '--minutes', '5']],
    [
      'an impossible start date',
      () => ['--calendar', 'berlin.json', '--start', '2026-02-30T08:00:00Z', '--minutes', '5'],
    ],
    [
      'a pause ending before it starts',
      () => [
        '--calendar',
        'berlin.json',
        ...start,
        '--minutes',
        '5',
        '--pauses',
        file('backwards.json', [['2026-03-02T10:00:00Z', '2026-03-02T09:00:00Z']]),
      ],
    ],
    [
      'a calendar that never opens',
      () => ['--calendar', file('closed.json', { timezone: 'UTC', hours: {} }), ...start, '--minutes', '5'],
    ],
    ['a missing option', () => ['--calendar', 'berlin.json', '--minutes', '5']],
  ];

  it.each(cases)('%s', async (_name, args) => {
    const run = await runSlaDue(...args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).not.toBe('');
    expect(run.stderr).not.toContain('    at ');
  });

  it('names the unknown zone in plain words', async () => {
    const run = await runSlaDue('--calendar', 'mars.json', ...start, '--minutes', '5');
    expect(run.stderr).toBe('Unknown time zone "Mars/Olympus".\n');
  });

  it('says in one sentence that a calendar with no open hours never reaches a due time', async () => {
    const run = await runSlaDue('--calendar', 'closed.json', ...start, '--minutes', '5');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'The calendar has no open hours, so the due time can never be reached.\n' });
  });
});
