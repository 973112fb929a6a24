import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Facts, type PostgresState, planTestEnvironment } from '../scripts/test-env.js';

const root = join(import.meta.dirname, '..');

describe('npm test on a fresh machine', () => {
  const ready: Facts = {
    isCI: false,
    privilege: null,
    hasChromium: true,
    hasDovecot: true,
    postgres: 'reachable',
    postgresCluster: { version: '15', name: 'main' },
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
  };
  const nothingToDo = { install: [], startPostgres: false, note: undefined, stop: undefined };

  it('does nothing when everything is there', () => {
    expect(planTestEnvironment(ready)).toEqual(nothingToDo);
  });

  it('installs the missing Debian packages as root, or with sudo', () => {
    for (const privilege of ['root', 'sudo'] as const) {
      expect(planTestEnvironment({ ...ready, privilege, hasChromium: false, hasDovecot: false })).toEqual({
        ...nothingToDo,
        install: ['chromium', 'dovecot-imapd'],
      });
    }
  });

  it('stops with one sentence naming what to install when it cannot install', () => {
    expect(planTestEnvironment({ ...ready, hasChromium: false, hasDovecot: false }).stop).toBe(
      "The tests need Debian's chromium (the browser tests) and Dovecot (the IMAP tests): " +
        'run `sudo apt-get install chromium dovecot-imapd` and run npm test again.',
    );
  });

  it('starts a stopped PostgreSQL, or says how to', () => {
    expect(planTestEnvironment({ ...ready, privilege: 'root', postgres: 'stopped' })).toEqual({ ...nothingToDo, startPostgres: true });
    expect(planTestEnvironment({ ...ready, postgres: 'stopped' }).stop).toBe(
      'The tests need PostgreSQL 15 running: run `sudo pg_ctlcluster --skip-systemctl-redirect 15 main start` and run npm test again.',
    );
  });

  it('runs on SQLite only without PostgreSQL, and says so, except in CI where it installs it', () => {
    expect(planTestEnvironment({ ...ready, postgres: 'absent', postgresCluster: undefined })).toEqual({
      ...nothingToDo,
      note: 'PostgreSQL is not installed: the data tests run on SQLite only (install postgresql to run them on both).',
    });
    expect(planTestEnvironment({ ...ready, isCI: true, privilege: 'root', postgres: 'absent', postgresCluster: undefined })).toEqual({
      ...nothingToDo,
      install: ['postgresql'],
      startPostgres: true,
    });
  });

  it('stops in CI when the PostgreSQL at the URL refuses the tests', () => {
    const facts: Facts = { ...ready, isCI: true, privilege: 'root', postgres: 'unreachable', databaseUrl: 'postgres://db.example/test' };
    expect(planTestEnvironment(facts).stop).toBe(
      "PostgreSQL at postgres://db.example/test does not accept the tests' connection, and CI=true requires it: " +
        'make it reachable and run npm test again.',
    );
    expect(planTestEnvironment({ ...facts, isCI: false }).note).toBe(
      "PostgreSQL at postgres://db.example/test does not accept the tests' connection: the data tests run on SQLite only.",
    );
  });

  it('either provides everything the tests need or stops naming every missing package', () => {
    const facts = fc.record({
      isCI: fc.boolean(),
      privilege: fc.constantFrom<Facts['privilege']>('root', 'sudo', null),
      hasChromium: fc.boolean(),
      hasDovecot: fc.boolean(),
      postgres: fc.constantFrom<PostgresState>('reachable', 'no-database', 'stopped', 'absent', 'unreachable'),
      postgresCluster: fc.constant({ version: '15', name: 'main' }),
      databaseUrl: fc.constant(ready.databaseUrl),
    });
    fc.assert(
      fc.property(facts, (machine) => {
        const plan = planTestEnvironment(machine);
        const missing = [...(machine.hasChromium ? [] : ['chromium']), ...(machine.hasDovecot ? [] : ['dovecot-imapd'])];
        if (plan.stop) {
          expect(plan.install).toEqual([]);
          if (machine.postgres !== 'unreachable') for (const name of missing) expect(plan.stop).toContain(name);
        } else {
          expect(plan.install).toEqual(expect.arrayContaining(missing));
          if (plan.install.length > 0 || plan.startPostgres) expect(machine.privilege).not.toBeNull();
          if (machine.isCI) expect(['reachable', 'no-database'].includes(machine.postgres) || plan.startPostgres).toBe(true);
        }
      }),
    );
  });
});

describe('the closing line of npm test', () => {
  // scripts/test.js run for real on deliberately failing files (test/fixtures/test-runner).
  const runFixtures = (filter: string) => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'test.js'), '--config', join(root, 'test', 'fixtures', 'test-runner', 'vitest.config.ts'), filter],
      { cwd: root, encoding: 'utf8' },
    );
    return { closingLine: run.stdout.trim().split('\n').at(-1), status: run.status };
  };

  it.each([
    ['a passing test and a skipped one', 'passing', '1 passed, 0 failed, 1 skipped', 0],
    ['a failing test', 'failing-test', '0 passed, 1 failed', 1],
    ['a beforeAll that throws fails each test it kept from running', 'before-all', '0 passed, 2 failed', 1],
    ['a beforeEach that throws', 'before-each', '0 passed, 1 failed', 1],
    ['an afterAll that throws', 'after-all', '1 passed, 1 failed', 1],
    ['a file that throws as it loads', 'import-throws', '0 passed, 1 failed', 1],
    ['an unhandled rejection', 'unhandled-rejection', '1 passed, 1 failed', 1],
    ['a run vitest ends non-zero (no file matches)', 'no-such-file', '0 passed, 1 failed', 1],
  ])('counts %s', (_kind, filter, closingLine, status) => {
    expect(runFixtures(filter)).toEqual({ closingLine, status });
  });
});
