import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/connect.ts';
import { projectRoot, runRapport, startRapport, type Target, waitForOutput } from './processes.ts';

/** The command-line options of every benchmark that prepares a desk, for `parseArgs`. */
export const deskOptions = {
  db: { type: 'string' },
  keep: { type: 'boolean', default: false },
  out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
  help: { type: 'boolean', default: false },
} as const;

/**
 * The database `--db` names (by default PostgreSQL when DATABASE_URL is set, else SQLite), and for
 * PostgreSQL the server to create the benchmark's databases on.
 */
export function chooseDatabase(db: string | undefined, usage: string) {
  const database = (db ?? (process.env.DATABASE_URL ? 'postgres' : 'sqlite')) as 'sqlite' | 'postgres';
  if (!['sqlite', 'postgres'].includes(database)) throw new Error(`--db must be sqlite or postgres\n${usage}`);
  const adminUrl = database === 'postgres' ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : undefined;
  return { database, adminUrl };
}

/**
 * A fresh database for one benchmark size. SQLite: a new data directory under the system temp
 * directory; PostgreSQL: a new database `rapport_bench_<label>` created through `adminUrl`.
 */
export async function createTarget(
  database: 'sqlite' | 'postgres',
  adminUrl: string | undefined,
  label: string,
): Promise<Target & { drop(): Promise<void> }> {
  const dataDir = join(tmpdir(), `rapport-bench-${database}-${label}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (database === 'sqlite') return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `rapport_bench_${label.replace(/\W/g, '_')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(adminUrl as string);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      await admin(`drop database if exists ${name}`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
/** A new ticket as `POST /api/v1/tickets` takes it: requester, message, tags, team (500 requesters, reused). */
export const ticketBody = (i: number, teamId: string | null) => ({
  subject: `Cannot download invoice ${i} from the portal`,
  requester: { email: `bench-${i % 500}@customer.example`, name: `Bench Customer ${i % 500}` },
  message: { text: `Hello,\n\nThe invoice download fails with an error since this morning (request ${i}).\n\nThanks` },
  priority: 'P3',
  tags: ['bench'],
  ...(teamId ? { teamId } : {}),
});

/** The first start's admin, and how long seeding took (the seeder's own figure). */
export interface PreparedDesk {
  adminEmail: string;
  adminPassword: string;
  seed: { millis: number; output: string };
}

/**
 * Prepares a desk through the real command line: `rapport serve` once (creates the workspace and its
 * admin, whose credentials it prints), `rapport seed --demo`, then `rapport seed --tickets N`.
 */
export async function prepareDesk(target: Target, tickets: number, log: (line: string) => void): Promise<PreparedDesk> {
  log('  first start (creates the workspace and its admin)');
  const first = await startRapport(target);
  const banner = await waitForOutput(first, /Rapport is ready/);
  const adminEmail = /Email:\s+(\S+)/.exec(first.stdout())?.[1] ?? 'admin@rapport.local';
  const adminPassword = /Password:\s+(\S+)/.exec(first.stdout())?.[1] ?? '';
  await first.stop();
  if (!banner) throw new Error('Rapport did not start');
  log('  seed --demo (teams, agents, organisations)');
  await runRapport(target, ['seed', '--demo'], 10 * 60_000);
  log(`  seed --tickets ${tickets}`);
  const output = (await runRapport(target, ['seed', '--tickets', String(tickets)], 90 * 60_000)).trim();
  const seconds = Number(/in ([\d.]+) s/.exec(output)?.[1] ?? Number.NaN);
  log(`  ${output}`);
  return { adminEmail, adminPassword, seed: { millis: Math.round(seconds * 1000), output } };
}

/**
 * Waits (at most two minutes) until the outbox holds no undelivered event. The demo seed leaves a few
 * thousand events that a freshly started server delivers in its first seconds: measured meanwhile,
 * every figure would include that background work.
 */
export async function waitForOutboxDrained(target: Target) {
  const handle = openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, poolSize: 1 });
  try {
    const deadline = performance.now() + 120_000;
    for (;;) {
      const { n } = await handle.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivered_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(n) === 0 || performance.now() > deadline) return Number(n);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await handle.close();
  }
}
