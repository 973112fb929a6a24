import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The acceptance contract of `rapport wfm staff` and `rapport wfm erlang-c` (issue 13), run as users run
// them: a child process on the real entry point.
const rapport = join(import.meta.dirname, '..', 'bin', 'rapport.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runWfm(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [rapport, 'wfm', ...args], { timeout: 25_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A successful run's one JSON object; standard output holds nothing else. */
async function printed(...args: string[]): Promise<Record<string, unknown>> {
  const run = await runWfm(...args);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout.endsWith('}\n')).toBe(true);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout);
}

describe('rapport wfm staff', () => {
  it('prints the agents and their ceiling for 120 contacts an hour of 300 s at 55 % occupancy', async () => {
    const run = await runWfm('staff', '--contacts-per-hour', '120', '--aht-seconds', '300', '--occupancy', '0.55');
    expect(run).toEqual({ code: 0, stdout: '{"agents":18.181818181818183,"agentsRounded":19}\n', stderr: '' });
  });

  it('takes --opt=value, fractions and a buffer, and adds no agent for float noise', async () => {
    expect(await printed('staff', '--contacts-per-hour=120', '--aht-seconds=300', '--occupancy=0.5')).toEqual({
      agents: 20,
      agentsRounded: 20,
    });
    expect(await printed('staff', '--contacts-per-hour=500', '--aht-seconds=360', '--occupancy=1', '--buffer=0.1')).toEqual({
      agents: 55,
      agentsRounded: 55,
    });
    expect(await printed('staff', '--contacts-per-hour', '7.5', '--aht-seconds', '90.5', '--occupancy', '0.7', '--buffer', '0.15')).toEqual(
      {
        agents: (7.5 * 90.5 * 1.15) / (3600 * 0.7),
        agentsRounded: 1,
      },
    );
  });

  it('takes a negative buffer (a planned reduction), as a separate or an attached value', async () => {
    const separate = await printed(
      'staff',
      '--contacts-per-hour',
      '120',
      '--aht-seconds',
      '300',
      '--occupancy',
      '0.5',
      '--buffer',
      '-0.15',
    );
    expect(separate).toEqual({ agents: 17, agentsRounded: 17 });
    expect(await printed('staff', '--contacts-per-hour=120', '--aht-seconds=300', '--occupancy=0.5', '--buffer=-0.15')).toEqual(separate);
  });

  it('shows the options and examples in --help', async () => {
    const run = await runWfm('staff', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--contacts-per-hour <n>', '--aht-seconds <s>', '--occupancy <o>', '--buffer <b>', 'Examples:']) {
      expect(run.stdout).toContain(option);
    }
  });
});

describe('rapport wfm erlang-c', () => {
  const base = ['erlang-c', '--contacts-per-hour', '100', '--aht-seconds', '240', '--target-percent', '80', '--target-seconds', '20'];

  it('prints the fewest agents for 80 % in 20 s and the queue they give', async () => {
    const plan = await printed(...base);
    expect(Object.keys(plan)).toEqual([
      'agents',
      'serviceLevel',
      'probabilityOfWaiting',
      'averageSpeedOfAnswerSeconds',
      'occupancy',
      'scheduledAgents',
    ]);
    expect(plan.agents).toBe(10);
    expect(plan.serviceLevel).toBeCloseTo(0.8677602807199964, 12);
    expect(plan.probabilityOfWaiting).toBeCloseTo(0.17458192373801312, 12);
    expect(plan.averageSpeedOfAnswerSeconds).toBeCloseTo(12.569898509136946, 10);
    expect(plan.occupancy).toBeCloseTo(2 / 3, 14);
    expect(plan.scheduledAgents).toBe(10);
  });

  it('prints whole counts as JSON integers', async () => {
    const run = await runWfm(...base, '--shrinkage', '0.3');
    expect(run.stdout).toMatch(/^\{"agents":10,.*"scheduledAgents":15\}\n$/);
  });

  it('takes --opt=value, shrinkage and a maximum occupancy reached exactly', async () => {
    // 100 contacts an hour of 360 s are 10 Erlangs: 20 agents are exactly 50 % occupied.
    const plan = await printed(
      'erlang-c',
      '--contacts-per-hour=100',
      '--aht-seconds=360',
      '--target-percent=80',
      '--target-seconds=20',
      '--shrinkage=0.2',
      '--max-occupancy=0.5',
    );
    expect(plan).toMatchObject({ agents: 20, occupancy: 0.5, scheduledAgents: 25 });
  });

  it('takes a target time of 0 and fractional volumes', async () => {
    const plan = await printed(
      'erlang-c',
      '--contacts-per-hour',
      '200.5',
      '--aht-seconds',
      '179.5',
      '--target-percent',
      '80',
      '--target-seconds',
      '0',
    );
    expect(plan.serviceLevel).toBe(1 - (plan.probabilityOfWaiting as number));
    expect(plan.agents).toBeGreaterThan((200.5 * 179.5) / 3600);
  });

  it('sizes a large desk: 10,000 contacts an hour of 600 s', async () => {
    const plan = await printed(
      'erlang-c',
      '--contacts-per-hour',
      '10000',
      '--aht-seconds',
      '600',
      '--target-percent',
      '90',
      '--target-seconds',
      '30',
    );
    for (const value of Object.values(plan)) expect(Number.isFinite(value)).toBe(true);
    expect(plan.agents).toBeGreaterThan(1667);
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.9);
  });

  it('shows the options and examples in --help', async () => {
    const run = await runWfm('erlang-c', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--target-percent <p>', '--target-seconds <t>', '--shrinkage <x>', '--max-occupancy <m>', 'Examples:']) {
      expect(run.stdout).toContain(option);
    }
  });
});

describe('rapport wfm refuses bad input with exit code 2 and one sentence naming the flag', () => {
  const staff = { '--contacts-per-hour': '120', '--aht-seconds': '300', '--occupancy': '0.55' };
  const erlang = { '--contacts-per-hour': '100', '--aht-seconds': '240', '--target-percent': '80', '--target-seconds': '20' };
  const flags = (options: Record<string, string | undefined>) =>
    Object.entries(options).flatMap(([flag, value]) => (value === undefined ? [] : [flag, value]));

  const cases: [string, string, string[]][] = [
    ['no contacts', '--contacts-per-hour', ['erlang-c', ...flags({ ...erlang, '--contacts-per-hour': '0' })]],
    ['negative contacts', '--contacts-per-hour', ['staff', ...flags({ ...staff, '--contacts-per-hour': '-5' })]],
    ['a missing contacts flag', '--contacts-per-hour', ['staff', ...flags({ ...staff, '--contacts-per-hour': undefined })]],
    ['a missing target', '--target-percent', ['erlang-c', ...flags({ ...erlang, '--target-percent': undefined })]],
    ['a missing target time', '--target-seconds', ['erlang-c', ...flags({ ...erlang, '--target-seconds': undefined })]],
    ['text for a number', '--aht-seconds', ['staff', ...flags({ ...staff, '--aht-seconds': 'abc' })]],
    ['an empty value', '--occupancy', ['staff', '--contacts-per-hour', '120', '--aht-seconds', '300', '--occupancy=']],
    ['half an exponent', '--aht-seconds', ['erlang-c', ...flags({ ...erlang, '--aht-seconds': '1e' })]],
    ['NaN', '--target-seconds', ['erlang-c', ...flags({ ...erlang, '--target-seconds': 'NaN' })]],
    ['Infinity', '--contacts-per-hour', ['erlang-c', ...flags({ ...erlang, '--contacts-per-hour': 'Infinity' })]],
    ['a hex number', '--contacts-per-hour', ['staff', ...flags({ ...staff, '--contacts-per-hour': '0x10' })]],
    ['an overflowing number', '--aht-seconds', ['staff', ...flags({ ...staff, '--aht-seconds': '1e400' })]],
    ['no handling time', '--aht-seconds', ['erlang-c', ...flags({ ...erlang, '--aht-seconds': '0' })]],
    ['occupancy 0', '--occupancy', ['staff', ...flags({ ...staff, '--occupancy': '0' })]],
    ['occupancy as a percentage', '--occupancy', ['staff', ...flags({ ...staff, '--occupancy': '55' })]],
    ['a buffer of -100 %', '--buffer', ['staff', ...flags({ ...staff, '--buffer': '-1' })]],
    ['a target of 100 %', '--target-percent', ['erlang-c', ...flags({ ...erlang, '--target-percent': '100' })]],
    ['a target of 0 %', '--target-percent', ['erlang-c', ...flags({ ...erlang, '--target-percent': '0' })]],
    ['a negative target time', '--target-seconds', ['erlang-c', ...flags({ ...erlang, '--target-seconds': '-1' })]],
    ['shrinkage of 100 %', '--shrinkage', ['erlang-c', ...flags({ ...erlang, '--shrinkage': '1' })]],
    ['negative shrinkage', '--shrinkage', ['erlang-c', ...flags({ ...erlang, '--shrinkage': '-0.1' })]],
    ['a maximum occupancy over 1', '--max-occupancy', ['erlang-c', ...flags({ ...erlang, '--max-occupancy': '1.2' })]],
    ['a maximum occupancy of 0', '--max-occupancy', ['erlang-c', ...flags({ ...erlang, '--max-occupancy': '0' })]],
  ];

  it.each(cases)('%s', async (_name, flag, args) => {
    const run = await runWfm(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^[^\n]+\.\n$/); // one line, one sentence
    expect(run.stderr).toContain(flag);
    expect(run.stderr).not.toContain('    at ');
  });

  it('says what is wrong in plain words', async () => {
    expect((await runWfm('erlang-c', ...flags({ ...erlang, '--contacts-per-hour': '0' }))).stderr).toBe(
      '--contacts-per-hour must be a number more than 0, not "0".\n',
    );
    expect((await runWfm('staff', ...flags({ ...staff, '--occupancy': undefined }))).stderr).toBe(
      '--occupancy is required: the target occupancy as a fraction, e.g. --occupancy 0.55.\n',
    );
  });

  it('refuses an unknown option with exit code 2', async () => {
    const run = await runWfm('staff', ...flags(staff), '--bogus', '1');
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('--bogus');
  });
});
