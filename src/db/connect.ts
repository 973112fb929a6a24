import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { lazyRequire } from '../lib/lazy-require.ts';
import { type GroupCommitStats, groupCommitDialect } from './sqlite-group-commit.ts';
import type { Database, DialectName } from './types.ts';

/** The PostgreSQL driver, loaded only when a DATABASE_URL asks for it. */
const postgresDriver = lazyRequire<typeof pg>('pg');

export interface DatabaseHandle {
  db: Kysely<Database>;
  /**
   * The same database for bookkeeping whose commit need not be waited for — a crash may lose its
   * last moments, and repeating them is harmless (outbox leases and delivery marks, which at-least-
   * once delivery allows). SQLite: it joins the group commit without waiting for the fsync;
   * PostgreSQL: `synchronous_commit = off`.
   */
  relaxedDb: Kysely<Database>;
  /** SQLite: how many group commits, and use cases in them, so far (tests and benchmarks). */
  commitStats?: () => GroupCommitStats;
  dialect: DialectName;
  /** Where blobs live on disk (SQLite only; PostgreSQL keeps them in the database). */
  blobDir: string | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests give each file its own). */
  schema?: string;
  poolSize?: number;
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const driver = postgresDriver();
    // bigint columns hold epoch milliseconds and counters, all far below 2^53: read them as numbers.
    driver.types.setTypeParser(driver.types.builtins.INT8, (value) => Number(value));
    const settings = options.schema ? `-c search_path=${options.schema}` : '';
    const pool = new driver.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, ...(settings ? { options: settings } : {}) });
    const relaxedPool = new driver.Pool({ connectionString: options.databaseUrl, max: 4, options: `${settings} -c synchronous_commit=off` });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const relaxedDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: relaxedPool }) });
    return {
      db,
      relaxedDb,
      dialect: 'postgres',
      blobDir: null,
      close: async () => {
        await relaxedDb.destroy();
        await db.destroy();
      },
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'rapport.db');
  // Opening may have to wait briefly for another process (WAL recovery); afterwards the writer never
  // waits on SQLite's busy handler: the group-commit driver retries with timers (sqlite-group-commit.ts).
  const writer = new SqliteDatabase(file, { timeout: 10_000 });
  writer.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, which is what "nothing a customer sends is lost" needs.
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  // Planner statistics: without them SQLite may read a whole workspace index where the primary key
  // would do (e.g. tickets by id). 0x10002 also analyses tables that never were; cheap when fresh.
  writer.pragma('optimize = 0x10002');
  writer.pragma('busy_timeout = 0');
  // Readers in WAL mode do not wait for writers; a short timeout covers the rare WAL recovery.
  const reader = new SqliteDatabase(file, { timeout: 200 });
  reader.pragma('foreign_keys = ON');
  const groupCommit = groupCommitDialect(writer, reader);
  const db = new Kysely<Database>({ dialect: groupCommit.dialect });
  return {
    db,
    relaxedDb: new Kysely<Database>({ dialect: groupCommit.relaxedDialect }),
    commitStats: groupCommit.stats,
    dialect: 'sqlite',
    blobDir: join(options.dataDir, 'blobs'),
    close: async () => {
      await sql`pragma optimize`.execute(db);
      await db.destroy();
    },
  };
}
