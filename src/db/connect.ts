import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { lazyRequire } from '../lib/lazy-require.ts';
import type { Database, DialectName } from './types.ts';

/** The PostgreSQL driver, loaded only when a DATABASE_URL asks for it. */
const postgresDriver = lazyRequire<typeof pg>('pg');

export interface DatabaseHandle {
  db: Kysely<Database>;
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

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * Statements are reused by their SQL text (bounded: the set of distinct queries is small).
 *
 * Kysely opens transactions with a deferred `begin`. When another process (the CLI beside a running
 * server, a second server) commits between a transaction's first read and its first write, SQLite
 * refuses the write with SQLITE_BUSY at once — the busy timeout cannot help a stale snapshot.
 * `begin immediate` takes the write lock up front, so writers queue on the busy timeout instead.
 */
function withStatementCache(database: SqliteDatabase.Database, limit = 2000): SqliteDatabase.Database {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const prepare = (sql: string) => {
    const source = sql === 'begin' ? 'begin immediate' : sql;
    let statement = statements.get(source);
    if (!statement) {
      statement = database.prepare(source);
      if (statements.size >= limit) statements.delete(statements.keys().next().value as string);
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const driver = postgresDriver();
    // bigint columns hold epoch milliseconds and counters, all far below 2^53: read them as numbers.
    driver.types.setTypeParser(driver.types.builtins.INT8, (value) => Number(value));
    const pool = new driver.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', blobDir: null, close: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  // Another process (the CLI beside a running server) may hold the write lock: wait for it.
  const sqlite = new SqliteDatabase(join(options.dataDir, 'rapport.db'), { timeout: 10_000 });
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, which is what "nothing a customer sends is lost" needs.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Planner statistics: without them SQLite may read a whole workspace index where the primary key
  // would do (e.g. tickets by id). 0x10002 also analyses tables that never were; cheap when fresh.
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    blobDir: join(options.dataDir, 'blobs'),
    close: async () => {
      sqlite.pragma('optimize');
      await db.destroy();
    },
  };
}
