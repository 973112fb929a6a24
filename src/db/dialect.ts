import {
  type ColumnDefinitionBuilder,
  type ColumnDataType,
  type Kysely,
  PostgresAdapter,
  sql,
} from 'kysely';
import type { DialectName, Executor } from './types.ts';

/** The few places where SQLite and PostgreSQL really differ live here, not in the modules. */

// biome-ignore lint/suspicious/noExplicitAny: works for migrations (untyped) and repositories alike.
type AnyDb = Kysely<any>;

export const isPostgres = (db: AnyDb | Executor) => db.getExecutor().adapter instanceof PostgresAdapter;
export const dialectOf = (db: AnyDb | Executor): DialectName => (isPostgres(db) ? 'postgres' : 'sqlite');

/** A unique index refused a write (SQLite and PostgreSQL name it differently). */
export const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
};

export const blobType = (db: AnyDb): ColumnDataType => (isPostgres(db) ? 'bytea' : 'blob');

/**
 * Text compared in byte (code point) order, so a prefix is an index range [prefix, upper bound):
 * SQLite's default BINARY collation already is; PostgreSQL's default collation is not.
 */
export const byteOrderText = (db: AnyDb) => (isPostgres(db) ? sql`text collate "C"` : sql`text`);

export function serialPrimaryKey(
  db: AnyDb,
): [ColumnDataType, (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isPostgres(db)
    ? ['bigserial', (column) => column.primaryKey()]
    : ['integer', (column) => column.primaryKey().autoIncrement()];
}

/**
 * Full-text search: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL.
 * One document per ticket holds its subject, message text and the names of the people involved.
 */
export async function createSearchTables(db: AnyDb) {
  if (isPostgres(db)) {
    await sql`create table ticket_search (
      ticket_id text primary key references ticket(id) on delete cascade,
      workspace_id text not null,
      created_at bigint not null,
      document tsvector not null
    )`.execute(db);
    await sql`create index ticket_search_document on ticket_search using gin (document)`.execute(db);
    await sql`create index ticket_search_workspace on ticket_search (workspace_id, created_at)`.execute(db);
    return;
  }
  // The map gives every ticket a stable integer rowid for FTS5 (a text primary key has none).
  await sql`create table ticket_search_map (
    rowid integer primary key,
    ticket_id text not null unique,
    workspace_id text not null
  )`.execute(db);
  await sql`create virtual table ticket_fts using fts5(
    subject, body, people, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3'
  )`.execute(db);
}

export interface SearchDocument {
  ticketId: string;
  workspaceId: string;
  createdAt: number;
  subject: string;
  body: string;
  people: string;
}

/** Caps what one ticket contributes to the index: enough to find it, bounded for huge threads. */
const MAX_BODY_CHARS = 50_000;

/** Bind parameters one statement may carry (SQLite's limit is the lower one). */
export const maxBindParameters = (db: Executor) => (isPostgres(db) ? 65_535 : 32_766);

/** Indexes one ticket's document (new or changed). */
export const indexTicketDocument = (db: Executor, doc: SearchDocument) => indexTicketDocuments(db, [doc]);

/**
 * Indexes many documents in a few statements per batch (the bulk seeder's 1M tickets, or one ticket):
 * an existing document is replaced.
 */
export async function indexTicketDocuments(db: Executor, docs: SearchDocument[]) {
  const maxParameters = maxBindParameters(db);
  if (!docs.length) return;
  const chunks = <T>(items: T[], perStatement: number) =>
    Array.from({ length: Math.ceil(items.length / perStatement) }, (_, i) => items.slice(i * perStatement, (i + 1) * perStatement));
  if (isPostgres(db)) {
    for (const chunk of chunks(docs, Math.floor(maxParameters / 6))) {
      const rows = chunk.map(
        (doc) => sql`(${doc.ticketId}, ${doc.workspaceId}, ${doc.createdAt},
          setweight(to_tsvector('simple', ${doc.subject}), 'A') || setweight(to_tsvector('simple', ${doc.people}), 'B')
          || to_tsvector('simple', ${doc.body.slice(0, MAX_BODY_CHARS)}))`,
      );
      await sql`insert into ticket_search (ticket_id, workspace_id, created_at, document) values ${sql.join(rows)}
        on conflict (ticket_id) do update set document = excluded.document`.execute(db);
    }
    return;
  }
  // SQLite: every document needs its ticket's stable FTS rowid; reindexed tickets drop their old entry.
  const rowids = new Map<string, number>();
  for (const chunk of chunks(docs, maxParameters)) {
    const ids = chunk.map((doc) => doc.ticketId);
    const existing = await sql<{ rowid: number; ticket_id: string }>`select rowid, ticket_id from ticket_search_map
      where ticket_id in (${sql.join(ids)})`.execute(db);
    for (const row of existing.rows) rowids.set(row.ticket_id, row.rowid);
    if (existing.rows.length) {
      await sql`delete from ticket_fts where rowid in (${sql.join(existing.rows.map((row) => row.rowid))})`.execute(db);
    }
  }
  const unmapped = docs.filter((doc) => !rowids.has(doc.ticketId));
  for (const chunk of chunks(unmapped, Math.floor(maxParameters / 2))) {
    const inserted = await sql<{ rowid: number; ticket_id: string }>`insert into ticket_search_map (ticket_id, workspace_id)
      values ${sql.join(chunk.map((doc) => sql`(${doc.ticketId}, ${doc.workspaceId})`))} returning rowid, ticket_id`.execute(db);
    for (const row of inserted.rows) rowids.set(row.ticket_id, row.rowid);
  }
  for (const chunk of chunks(docs, Math.floor(maxParameters / 4))) {
    const rows = chunk.map(
      (doc) => sql`(${rowids.get(doc.ticketId)}, ${doc.subject}, ${doc.body.slice(0, MAX_BODY_CHARS)}, ${doc.people})`,
    );
    await sql`insert into ticket_fts (rowid, subject, body, people) values ${sql.join(rows)}`.execute(db);
  }
}

/** Drops tickets' documents from the index: their text was removed, so nothing may find them by it. */
export async function removeTicketDocuments(db: Executor, ticketIds: string[]) {
  if (!ticketIds.length) return;
  if (isPostgres(db)) {
    await sql`delete from ticket_search where ticket_id in (${sql.join(ticketIds)})`.execute(db);
    return;
  }
  const mapped = await sql<{ rowid: number }>`select rowid from ticket_search_map where ticket_id in (${sql.join(ticketIds)})`.execute(db);
  if (!mapped.rows.length) return;
  const rowids = sql.join(mapped.rows.map((row) => row.rowid));
  await sql`delete from ticket_fts where rowid in (${rowids})`.execute(db);
  await sql`delete from ticket_search_map where rowid in (${rowids})`.execute(db);
}

/**
 * Settings for loading generated data in bulk (it can be generated again, so commits need not wait
 * for the disk). SQLite: for the connection until `finish()` restores them — synchronous off, a 256 MB
 * page cache that keeps the indexes' hot pages between batches, and memory-mapped reads (no copy per
 * page read; `analyze` at 1M tickets 1.3 s instead of 2.5 s). PostgreSQL: `inTransaction(tx)` at the
 * start of each transaction.
 */
export async function bulkLoadSettings(db: Executor) {
  if (isPostgres(db)) {
    return {
      inTransaction: async (tx: Executor) => {
        await sql`set local synchronous_commit = off`.execute(tx);
      },
      finish: async () => {},
    };
  }
  const read = async (name: 'cache_size' | 'mmap_size') =>
    Number(Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0]);
  const previous = { cacheSize: await read('cache_size'), mmapSize: await read('mmap_size') };
  await sql`pragma synchronous = off`.execute(db);
  await sql`pragma cache_size = -262144`.execute(db);
  await sql`pragma mmap_size = 17179869184`.execute(db);
  return {
    inTransaction: async () => {},
    finish: async () => {
      await sql`pragma synchronous = full`.execute(db);
      await sql.raw(`pragma cache_size = ${Math.trunc(previous.cacheSize)}`).execute(db);
      await sql.raw(`pragma mmap_size = ${Math.trunc(previous.mmapSize)}`).execute(db);
    },
  };
}

/**
 * A bulk load leaves the planner statistics missing or stale. Without them SQLite reads
 * `workspace_id = ? and id in (…)` through a workspace_id index, a scan of the whole workspace,
 * instead of the primary key (190 ms instead of 0.7 ms for 50 tickets out of 1M).
 */
export async function refreshPlannerStatistics(db: Executor) {
  if (!isPostgres(db)) {
    // Sampled statistics: about 2 s for a million tickets instead of minutes for an exact count.
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze`.execute(db);
    await sql`pragma analysis_limit = 0`.execute(db);
    return;
  }
  await sql`analyze ticket, ticket_tag, message, ticket_event, contact, contact_email, contact_search_term, ticket_search`.execute(db);
}

/** Words of the query, each matched as a whole word (the last one also as a prefix), all required. */
export function searchTerms(query: string) {
  return (query.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** How search hits are ordered: newest first (the default), or best match first. */
export type SearchSort = 'newest' | 'relevance';

/**
 * Relevance ranks the newest matches only: ranking needs every candidate scored, and a word found in
 * a million tickets must not cost seconds. 10,000 is more than anyone pages through.
 */
export const RELEVANCE_CANDIDATES = 10_000;

/**
 * Ids of matching tickets in one workspace after the given position.
 * Newest first: the position is the (created_at, id) keyset on PostgreSQL and the FTS rowid on SQLite.
 * Relevance (subject above people above body: FTS5 bm25 column weights, ts_rank_cd's A/B/D weights):
 * the position is an offset into the ranked candidates, bounded by RELEVANCE_CANDIDATES — ranks of
 * floating-point scores make a poor keyset, and the bound keeps the offset cheap.
 */
export async function searchTicketIds(
  db: Executor,
  workspaceId: string,
  query: string,
  limit: number,
  after?: SearchPosition,
  sort: SearchSort = 'newest',
): Promise<Array<{ ticketId: string; position: SearchPosition }>> {
  const terms = searchTerms(query);
  if (!terms.length) return [];
  const offset = after && 'offset' in after ? after.offset : 0;
  if (isPostgres(db)) {
    const tsquery = terms.map((term, i) => (i === terms.length - 1 ? `${term}:*` : term)).join(' & ');
    if (sort === 'relevance') {
      const result = await sql<{ ticket_id: string }>`
        select ticket_id from (
          select ticket_id, document, created_at from ticket_search
          where workspace_id = ${workspaceId} and document @@ to_tsquery('simple', ${tsquery})
          order by created_at desc, ticket_id desc limit ${RELEVANCE_CANDIDATES}
        ) candidates
        order by ts_rank_cd(document, to_tsquery('simple', ${tsquery})) desc, created_at desc, ticket_id desc
        limit ${limit} offset ${offset}`.execute(db);
      return result.rows.map((row, i) => ({ ticketId: row.ticket_id, position: { offset: offset + i + 1 } }));
    }
    const keyset =
      after && 'createdAt' in after
        ? sql`and (created_at, ticket_id) < (${after.createdAt}, ${after.ticketId})`
        : sql``;
    const result = await sql<{ ticket_id: string; created_at: string | number }>`
      select ticket_id, created_at from ticket_search
      where workspace_id = ${workspaceId} and document @@ to_tsquery('simple', ${tsquery}) ${keyset}
      order by created_at desc, ticket_id desc limit ${limit}`.execute(db);
    return result.rows.map((row) => ({
      ticketId: row.ticket_id,
      position: { createdAt: Number(row.created_at), ticketId: row.ticket_id },
    }));
  }
  // FTS5 walks an exact term's postings newest first and stops at the limit, but must merge every
  // posting of every word a prefix matches. So whole words first; the prefix (for a word still being
  // typed) only when the whole words fill no page. The cursor keeps the choice for later pages.
  const run = async (prefix: boolean) => {
    const match = terms.map((term, i) => `"${term}"${prefix && i === terms.length - 1 ? '*' : ''}`).join(' ');
    if (sort === 'relevance') {
      // bm25 is lower for better matches; the weights follow the columns: subject, body, people.
      const result = await sql<{ ticket_id: string }>`
        select ticket_id from (
          select m.ticket_id, f.rowid, bm25(ticket_fts, 10.0, 1.0, 3.0) as score
          from ticket_fts f join ticket_search_map m on m.rowid = f.rowid
          where ticket_fts match ${match} and m.workspace_id = ${workspaceId}
          order by f.rowid desc limit ${RELEVANCE_CANDIDATES}
        ) order by score, rowid desc limit ${limit} offset ${offset}`.execute(db);
      return result.rows.map((row, i) => ({ ticketId: row.ticket_id, position: { offset: offset + i + 1, prefix } }));
    }
    const keyset = after && 'rowid' in after ? sql`and f.rowid < ${after.rowid}` : sql``;
    const result = await sql<{ ticket_id: string; rowid: number }>`
      select m.ticket_id, f.rowid from ticket_fts f join ticket_search_map m on m.rowid = f.rowid
      where ticket_fts match ${match} and m.workspace_id = ${workspaceId} ${keyset}
      order by f.rowid desc limit ${limit}`.execute(db);
    return result.rows.map((row) => ({ ticketId: row.ticket_id, position: { rowid: row.rowid, prefix } }));
  };
  const previousMode = after && 'prefix' in after ? after.prefix : undefined;
  if (previousMode !== undefined) return run(previousMode);
  const exact = await run(false);
  return exact.length >= limit ? exact : run(true);
}

export type SearchPosition = { createdAt: number; ticketId: string } | { rowid: number; prefix?: boolean } | { offset: number; prefix?: boolean };

/** Row locking for job claims: PostgreSQL skips rows another process holds; SQLite has one writer anyway. */
export function lockForClaim<Q extends { forUpdate(): Q; skipLocked(): Q }>(db: Executor, query: Q): Q {
  return isPostgres(db) ? query.forUpdate().skipLocked() : query;
}

/**
 * Where a use case takes a hot counter (the per-workspace ticket number) from. PostgreSQL: a short
 * transaction of its own on `relaxed`, so the row lock is held for one statement instead of until
 * the use case commits — concurrent creates would queue on it; a use case that then fails leaves a
 * gap. (Its commit need not be waited for: the use case's durable commit flushes the log past it.)
 * SQLite: the use case's own transaction (one writer at a time anyway, and no gaps).
 */
export const counterExecutor = (tx: Executor, relaxed: Executor) => (isPostgres(tx) ? relaxed : tx);

/** Row lock for read-modify-write in a transaction (SQLite transactions already run one at a time). */
export function lockForUpdate<Q extends { forUpdate(): Q }>(db: Executor, query: Q): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}
