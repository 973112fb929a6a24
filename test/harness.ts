import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DialectName } from '../src/db/types.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createServices, type Services } from '../src/server/services.ts';

/** PostgreSQL for tests: required in CI, used whenever reachable elsewhere. */
export const POSTGRES_URL = process.env.RAPPORT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function isPostgresReachable() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required in CI but ${POSTGRES_URL} is unreachable: ${(error as Error).message}`);
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const dialects: DialectName[] = (await isPostgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];

/** The installation secret tests run with (it keys token and session hashes). */
export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export interface TestDatabase {
  handle: DatabaseHandle;
  dialect: DialectName;
  dataDir: string;
  /** The PostgreSQL schema holding this file's tables (undefined on SQLite). */
  schema?: string;
  databaseUrl?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: a new SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  if (dialect === 'sqlite') {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return {
      handle,
      dialect,
      dataDir,
      close: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ dataDir, databaseUrl: POSTGRES_URL, schema, poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    handle,
    dialect,
    dataDir,
    schema,
    databaseUrl: POSTGRES_URL,
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface DialectContext {
  dialect: DialectName;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  services: Services;
}

/**
 * Runs the same tests on every available dialect, each with its own fresh database for the file:
 * `eachDialect('tickets', (ctx) => { it('…', async () => { ctx().services… }) })`.
 */
export function eachDialect(name: string, body: (context: () => DialectContext) => void) {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let context: DialectContext | undefined;
      beforeAll(async () => {
        const database = await createTestDatabase(dialect);
        const clock = fixedClock('2026-03-02T09:00:00.000Z');
        const services = createServices(database.handle, { clock, secret: TEST_SECRET });
        context = { dialect, database, clock, services };
      });
      afterAll(async () => {
        await context?.database.close();
      });
      body(() => {
        if (!context) throw new Error('The test database is not ready');
        return context;
      });
    });
  }
}
