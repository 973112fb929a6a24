// Brings a fresh Debian machine what the test suite drives for real, before `npm test` runs vitest:
// Debian's chromium (test/browser/browser.ts), Dovecot (test/support/dovecot.ts) and PostgreSQL at
// the tests' URL (test/harness.ts). Missing packages are installed with apt-get as root (or with
// passwordless sudo), a stopped PostgreSQL is started; otherwise it stops with one sentence naming
// what to install. It prints one line per thing it did, nothing when all is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const TEST_DATABASE_URL = process.env.RAPPORT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const PACKAGE_PURPOSES = {
  chromium: "Debian's chromium (the browser tests)",
  'dovecot-imapd': 'Dovecot (the IMAP tests)',
  postgresql: 'PostgreSQL (required when CI=true)',
};

/**
 * @typedef {'reachable' | 'no-database' | 'stopped' | 'absent' | 'unreachable'} PostgresState
 *   'stopped': the local cluster at the URL's port is down; 'absent': PostgreSQL is not installed;
 *   'unreachable': the URL names another host, no cluster has its port, or the server refuses the login.
 * @typedef {object} Facts
 * @property {boolean} isCI
 * @property {'root' | 'sudo' | null} privilege how this process can install packages, if at all
 * @property {boolean} hasChromium
 * @property {boolean} hasDovecot
 * @property {PostgresState} postgres
 * @property {{ version: string, name: string } | undefined} postgresCluster the local cluster at the URL's port
 * @property {string} databaseUrl
 * @typedef {object} Plan
 * @property {string[]} install Debian packages to install
 * @property {boolean} startPostgres
 * @property {string | undefined} note one line to print, the run going on
 * @property {string | undefined} stop one sentence to print before stopping
 */

/**
 * What the machine lacks for the tests, and what to do about it (no I/O).
 * @param {Facts} facts
 * @returns {Plan}
 */
export function planTestEnvironment(facts) {
  const install = [];
  if (!facts.hasChromium) install.push('chromium');
  if (!facts.hasDovecot) install.push('dovecot-imapd');
  let startPostgres = facts.postgres === 'stopped';
  let note;
  if (facts.postgres === 'absent' && facts.isCI) {
    install.push('postgresql');
    startPostgres = true;
  } else if (facts.postgres === 'absent') {
    note = 'PostgreSQL is not installed: the data tests run on SQLite only (install postgresql to run them on both).';
  } else if (facts.postgres === 'unreachable') {
    const sentence = `PostgreSQL at ${facts.databaseUrl} does not accept the tests' connection`;
    if (facts.isCI) return stopWith(`${sentence}, and CI=true requires it: make it reachable and run npm test again.`);
    note = `${sentence}: the data tests run on SQLite only.`;
  }
  const plan = { install, startPostgres, note, stop: undefined };
  if ((install.length > 0 || startPostgres) && !facts.privilege) {
    const commands = [];
    if (install.length > 0) commands.push(`sudo apt-get install ${install.join(' ')}`);
    const cluster = facts.postgresCluster;
    if (startPostgres && cluster) commands.push(`sudo pg_ctlcluster --skip-systemctl-redirect ${cluster.version} ${cluster.name} start`);
    const needs = install.map((name) => PACKAGE_PURPOSES[name]);
    if (facts.postgres === 'stopped') needs.push(`PostgreSQL ${facts.postgresCluster.version} running`);
    return stopWith(`The tests need ${needs.join(' and ')}: run \`${commands.join(' && ')}\` and run npm test again.`);
  }
  return plan;
}

const stopWith = (stop) => ({ install: [], startPostgres: false, note: undefined, stop });

/** @returns {Promise<PostgresState>} */
async function probePostgres(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return 'reachable';
  } catch (error) {
    if (error.code === '3D000') return 'no-database';
    if (!LOOPBACK_HOSTS.includes(new URL(databaseUrl).hostname) || error.code !== 'ECONNREFUSED') return 'unreachable';
    if (clusterFor(databaseUrl)) return 'stopped';
    // Installed, but no cluster listens on the URL's port: nothing to start.
    return existsSync('/usr/bin/pg_ctlcluster') ? 'unreachable' : 'absent';
  } finally {
    await client.end().catch(() => {});
  }
}

/** The local Debian cluster (pg_lsclusters) that would serve the tests' URL, if one is installed. */
function clusterFor(databaseUrl) {
  const listing = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (listing.status !== 0) return undefined;
  const port = new URL(databaseUrl).port || '5432';
  const line = listing.stdout
    .split('\n')
    .map((row) => row.trim().split(/\s+/))
    .find((columns) => columns[2] === port);
  return line && { version: line[0], name: line[1] };
}

function privilege() {
  if (process.getuid?.() === 0) return 'root';
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? 'sudo' : null;
}

/** @returns {Promise<Facts>} */
async function gatherFacts() {
  return {
    isCI: process.env.CI === 'true',
    privilege: privilege(),
    hasChromium: existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    hasDovecot: existsSync('/usr/sbin/dovecot') && existsSync('/usr/lib/dovecot/imap'),
    postgres: await probePostgres(TEST_DATABASE_URL),
    postgresCluster: clusterFor(TEST_DATABASE_URL),
    databaseUrl: TEST_DATABASE_URL,
  };
}

/** Runs a command quietly as root; its output is shown only when it fails. */
function runAsRoot(privilege, command, args) {
  const [file, ...rest] = privilege === 'sudo' ? ['sudo', command, ...args] : [command, ...args];
  const result = spawnSync(file, rest, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.status === 0;
}

/** The state PostgreSQL reaches once it answers, or 'stopped' after that many seconds. */
async function waitForPostgres(seconds) {
  for (let tries = 0; tries < seconds; tries += 1) {
    const state = await probePostgres(TEST_DATABASE_URL);
    if (state !== 'stopped') return state;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return 'stopped';
}

async function createTestDatabase() {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  await client.query(`create database ${pg.escapeIdentifier(name)}`);
  await client.end();
  return name;
}

/** Prepares the machine; false when the tests cannot run (the reason is printed). */
export async function prepareTestEnvironment() {
  const facts = await gatherFacts();
  const plan = planTestEnvironment(facts);
  if (plan.stop) {
    console.error(plan.stop);
    return false;
  }
  if (plan.install.length > 0) {
    const installed =
      runAsRoot(facts.privilege, 'apt-get', ['update', '-qq']) &&
      runAsRoot(facts.privilege, 'apt-get', ['install', '-y', '-qq', ...plan.install]);
    if (!installed) {
      console.error(`apt-get could not install ${plan.install.join(' ')}: see its output above.`);
      return false;
    }
    for (const name of plan.install) console.log(`Installed ${name} with apt-get.`);
  }
  let postgres = facts.postgres;
  if (plan.startPostgres) {
    // Installing postgresql creates a cluster and may have started it already.
    const cluster = clusterFor(TEST_DATABASE_URL);
    if (!cluster) {
      console.error(
        `No PostgreSQL cluster listens on the port of ${TEST_DATABASE_URL}: create one (pg_createcluster) or set RAPPORT_TEST_DATABASE_URL.`,
      );
      return false;
    }
    postgres = await probePostgres(TEST_DATABASE_URL);
    if (postgres === 'stopped') {
      runAsRoot(facts.privilege, 'pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start']);
      postgres = await waitForPostgres(30);
      if (postgres === 'stopped') {
        console.error(`PostgreSQL ${cluster.version} did not start within 30 s: see \`pg_lsclusters\` and its log.`);
        return false;
      }
      console.log(`Started PostgreSQL ${cluster.version} (cluster ${cluster.name}).`);
    }
  }
  if (postgres === 'no-database') {
    try {
      console.log(`Created the PostgreSQL database ${await createTestDatabase()} for the tests.`);
    } catch (error) {
      console.error(`The tests' PostgreSQL database could not be created: ${error.message}.`);
      return false;
    }
  }
  if (plan.note) console.log(plan.note);
  return true;
}
