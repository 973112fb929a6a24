import type { FastifyBaseLogger } from 'fastify';
import type { Db, DialectName } from '../db/types.ts';
import type { Clock } from './clock.ts';

/** What every service factory receives: no globals, so tests build one per database. */
export interface ServiceContext {
  db: Db;
  /** The same database for writes that need not wait for durability (see DatabaseHandle.relaxedDb). */
  relaxedDb: Db;
  dialect: DialectName;
  clock: Clock;
  /** Blob directory on disk (SQLite); null when blobs live in the database (PostgreSQL). */
  blobDir: string | null;
  /** The installation's secret (RAPPORT_SECRET): keys the hashes of API tokens and sessions. */
  secret: string;
  /** Called after a transaction that wrote outbox events commits, to wake the dispatcher. */
  afterCommit(): void;
  /** Where services warn about configuration faults (none in the CLI and most tests). */
  logger?: Pick<FastifyBaseLogger, 'warn'>;
}
