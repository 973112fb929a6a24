import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * SQLite with group commit (docs/decisions/0016-sqlite-group-commit.md).
 *
 * better-sqlite3 is synchronous: a durable commit is an fsync on the event loop. Committing each use
 * case alone makes the disk the limit (one fsync per request) and freezes the process meanwhile.
 * Here every use case's transaction is a savepoint inside one shared transaction on the writer
 * connection; when no use case is waiting for the writer any more (or the group is large or old),
 * that transaction commits — one fsync for the whole group — and only then are the use cases told
 * that they committed. A use case that fails rolls back to its savepoint; its group-mates go on.
 *
 * Reads outside a transaction run on a second connection, which sees only committed data: nobody
 * reads what a group has not yet made durable, and reads never wait for the writer.
 *
 * The write lock is never waited for synchronously (another process, such as the CLI importing
 * data, may hold it for a while): the writer has no busy timeout, and opening a group retries on
 * SQLITE_BUSY with a timer, so the event loop keeps serving meanwhile.
 */

export interface GroupCommitOptions {
  /** Commit a group once it holds this many use cases, even if more are waiting. */
  maxGroupSize?: number;
  /** …or once it has been open this long. */
  maxGroupMillis?: number;
  /** Give up opening a group after waiting this long for another process's write lock. */
  lockWaitMillis?: number;
}

export interface GroupCommitStats {
  /** Groups committed (each one fsync). */
  commits: number;
  /** Use cases (transactions and single writing statements) that committed in them. */
  units: number;
}

const UNIT_SAVEPOINT = 'rapport_unit';

/** Statements that must run on the writer outside any group: connection settings and maintenance. */
const OUTSIDE_GROUP = /^\s*(pragma|analyze|vacuum|reindex)\b/i;

const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_RECOVERY' || code === 'SQLITE_BUSY_SNAPSHOT';
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prepared statements reused by their SQL text (preparing costs as much as running a small query). */
function statementCache(database: SqliteDatabase.Database, limit = 2000) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return (source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      statement = database.prepare(source);
      if (statements.size >= limit) statements.delete(statements.keys().next().value as string);
      statements.set(source, statement);
    }
    return statement;
  };
}

function run(statement: SqliteDatabase.Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

interface Member {
  resolve(): void;
  reject(error: unknown): void;
}

/** The writer connection: whose turn it is, and the group transaction open on it. */
class GroupWriter {
  readonly prepare: (sql: string) => SqliteDatabase.Statement;
  readonly stats: GroupCommitStats = { commits: 0, units: 0 };
  #busy = false;
  #waiting: Array<() => void> = [];
  /** `durable`: some member waits for the commit (else it holds only bookkeeping, see `#scheduleCommit`). */
  #group: { members: Member[]; durable: boolean; openedAt: number } | null = null;
  #commitScheduled = false;
  #lateCommit: NodeJS.Timeout | undefined;

  constructor(
    readonly sqlite: SqliteDatabase.Database,
    private readonly options: Required<GroupCommitOptions>,
  ) {
    this.prepare = statementCache(sqlite);
  }

  /** Waits for the writer's turn (FIFO). */
  async takeTurn() {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#busy = true;
  }

  /** Hands the writer to the next waiting use case, or schedules the group's commit when none waits. */
  passTurn() {
    const group = this.#group;
    const full = group && (group.members.length >= this.options.maxGroupSize || Date.now() - group.openedAt >= this.options.maxGroupMillis);
    if (full) this.#commitGroup();
    const next = this.#waiting.shift();
    if (next) return next();
    this.#busy = false;
    this.#scheduleCommit();
  }

  #scheduleCommit() {
    const group = this.#group;
    if (!group) return;
    if (group.durable) {
      if (this.#commitScheduled) return;
      this.#commitScheduled = true;
      // After the current I/O callbacks: requests that arrived together join this group.
      setImmediate(() => {
        this.#commitScheduled = false;
        if (!this.#busy) this.#commitGroup();
      });
    } else if (!this.#lateCommit) {
      // Nobody waits for this group (outbox bookkeeping, event handlers): it rides along with the next
      // durable use case's fsync, or commits by itself when it is old enough. Whoever later reads it
      // in a durable transaction commits it first; readers outside see it only once committed.
      this.#lateCommit = setTimeout(() => {
        this.#lateCommit = undefined;
        if (this.#busy) return; // the holder schedules again when it passes the turn
        this.#commitGroup();
      }, this.options.maxGroupMillis);
    }
  }

  /** Opens the group transaction if none is open; another process's write lock is waited for with timers. */
  async openGroup() {
    if (this.#group) return;
    const deadline = Date.now() + this.options.lockWaitMillis;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        this.prepare('begin immediate').run();
        this.#group = { members: [], durable: false, openedAt: Date.now() };
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await delay(pause);
    }
  }

  /** Runs a statement outside any group (settings, maintenance), committing an open group first. */
  async runOutsideGroup(sql: string, parameters: readonly unknown[]) {
    if (this.#group) this.#commitGroup();
    const deadline = Date.now() + this.options.lockWaitMillis;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return run(this.prepare(sql), parameters);
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await delay(pause);
    }
  }

  /** The calling use case's work is in the group: resolves once the group is durable. */
  joinCommit(durable: boolean): Promise<void> {
    const group = this.#group;
    if (!group) return Promise.reject(new Error('The group transaction ended before its commit'));
    group.durable ||= durable;
    return new Promise<void>((resolve, reject) => group.members.push({ resolve, reject }));
  }

  /**
   * SQLite rolls a whole transaction back on some errors (I/O, disk full): then every use case of the
   * group has lost its work, and each is told so.
   */
  checkGroupAlive(cause: unknown) {
    if (this.#group && !this.sqlite.inTransaction) this.#failGroup(cause);
  }

  #commitGroup() {
    const group = this.#group;
    if (!group) return;
    this.#group = null;
    clearTimeout(this.#lateCommit);
    this.#lateCommit = undefined;
    try {
      this.prepare('commit').run();
    } catch (error) {
      if (this.sqlite.inTransaction) this.prepare('rollback').run();
      for (const member of group.members) member.reject(error);
      return;
    }
    this.stats.commits++;
    this.stats.units += group.members.length;
    for (const member of group.members) member.resolve();
  }

  #failGroup(cause: unknown) {
    const group = this.#group;
    this.#group = null;
    clearTimeout(this.#lateCommit);
    this.#lateCommit = undefined;
    const error = new Error(`The transaction was rolled back by SQLite: ${(cause as Error)?.message ?? cause}`);
    for (const member of group?.members ?? []) member.reject(error);
  }

  /** Commits what is open and closes the connection. */
  close() {
    this.#commitGroup();
  }
}

/**
 * What Kysely sees as a connection: a use case. Inside a transaction every statement runs on the
 * writer within the use case's savepoint; outside one, reads go to the reader and each writing
 * statement is a use case of its own.
 */
class UseCaseConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    private readonly writer: GroupWriter,
    private readonly readFrom: (sql: string) => SqliteDatabase.Statement | null,
    /** False: the caller goes on when its work is in the group, before the group is durable. */
    private readonly durable: boolean,
  ) {}

  /** Waits for the group's commit, or (not durable) only makes sure a failed commit is not unhandled. */
  async #settle(committed: Promise<void>) {
    if (this.durable) return committed;
    committed.catch(() => {});
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiled;
    if (this.inTransaction) return this.#onWriter(sql, parameters) as QueryResult<R>;
    if (OUTSIDE_GROUP.test(sql)) {
      await this.writer.takeTurn();
      try {
        return (await this.writer.runOutsideGroup(sql, parameters)) as QueryResult<R>;
      } finally {
        this.writer.passTurn();
      }
    }
    const reader = this.readFrom(sql);
    if (reader) return run(reader, parameters) as QueryResult<R>;
    // A single writing statement is atomic by itself: no savepoint needed, but it waits for its group.
    await this.writer.takeTurn();
    let result: QueryResult<unknown>;
    let committed: Promise<void>;
    try {
      await this.writer.openGroup();
      try {
        result = this.#onWriter(sql, parameters);
      } catch (error) {
        this.writer.checkGroupAlive(error);
        throw error;
      }
      committed = this.writer.joinCommit(this.durable);
    } finally {
      this.writer.passTurn();
    }
    await this.#settle(committed);
    return result as QueryResult<R>;
  }

  #onWriter(sql: string, parameters: readonly unknown[]) {
    return run(this.writer.prepare(sql), parameters);
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.inTransaction ? this.writer.prepare(compiled.sql) : (this.readFrom(compiled.sql) ?? this.writer.prepare(compiled.sql));
    for (const row of statement.iterate(compiled.parameters)) yield { rows: [row as R] };
  }

  async begin() {
    await this.writer.takeTurn();
    try {
      await this.writer.openGroup();
      this.writer.prepare(`savepoint ${UNIT_SAVEPOINT}`).run();
    } catch (error) {
      this.writer.passTurn();
      throw error;
    }
    this.inTransaction = true;
  }

  async commit() {
    this.inTransaction = false;
    let committed: Promise<void>;
    try {
      this.writer.prepare(`release ${UNIT_SAVEPOINT}`).run();
      committed = this.writer.joinCommit(this.durable);
    } catch (error) {
      this.writer.checkGroupAlive(error);
      throw error;
    } finally {
      this.writer.passTurn();
    }
    await this.#settle(committed);
  }

  async rollback() {
    this.inTransaction = false;
    try {
      if (this.writer.sqlite.inTransaction) {
        this.writer.prepare(`rollback to ${UNIT_SAVEPOINT}`).run();
        this.writer.prepare(`release ${UNIT_SAVEPOINT}`).run();
      } else {
        this.writer.checkGroupAlive(new Error('rolled back'));
      }
    } finally {
      this.writer.passTurn();
    }
  }
}

/** Sends reads outside transactions to the reader connection, which sees only committed data. */
class ReadRouter {
  readonly #prepare: (sql: string) => SqliteDatabase.Statement;
  /** Whether a statement only reads, by its SQL text (decided once per text). */
  readonly #readOnly = new Map<string, boolean>();

  constructor(
    private readonly writer: GroupWriter,
    readonly reader: SqliteDatabase.Database,
  ) {
    this.#prepare = statementCache(reader);
  }

  /** The reader's statement for a read, or null for a write (decided on the writer, whose schema is current). */
  statementFor = (sql: string) => {
    let readOnly = this.#readOnly.get(sql);
    if (readOnly === undefined) {
      readOnly = this.writer.prepare(sql).readonly;
      if (this.#readOnly.size > 10_000) this.#readOnly.clear();
      this.#readOnly.set(sql, readOnly);
    }
    return readOnly ? this.#prepare(sql) : null;
  };
}

class GroupCommitDriver implements Driver {
  constructor(
    private readonly writer: GroupWriter,
    private readonly reads: ReadRouter,
    private readonly durable: boolean,
  ) {}

  async init() {}

  async acquireConnection() {
    return new UseCaseConnection(this.writer, this.reads.statementFor, this.durable);
  }

  async beginTransaction(connection: DatabaseConnection) {
    await (connection as UseCaseConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection) {
    await (connection as UseCaseConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as UseCaseConnection).rollback();
  }

  async releaseConnection() {}

  async destroy() {
    // The relaxed instance shares the connections: only the durable one closes them.
    if (!this.durable) return;
    this.writer.close();
    this.reads.reader.close();
    this.writer.sqlite.close();
  }
}

/** A Kysely dialect over a writer and a reader connection to the same SQLite file. */
export function groupCommitDialect(writer: SqliteDatabase.Database, reader: SqliteDatabase.Database, options: GroupCommitOptions = {}) {
  const groupWriter = new GroupWriter(writer, {
    maxGroupSize: options.maxGroupSize ?? 256,
    maxGroupMillis: options.maxGroupMillis ?? 20,
    lockWaitMillis: options.lockWaitMillis ?? 60_000,
  });
  const reads = new ReadRouter(groupWriter, reader);
  const dialectWith = (createDriver: () => Driver): Dialect => ({
    createAdapter: () => new SqliteAdapter(),
    createDriver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any Kysely.
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
  });
  return {
    dialect: dialectWith(() => new GroupCommitDriver(groupWriter, reads, true)),
    /**
     * Transactions that go on as soon as their work is in a group, without waiting for its fsync:
     * for bookkeeping that a crash may repeat (outbox leases and delivery marks). Readers on the
     * other connection still see it only once committed.
     */
    relaxedDialect: dialectWith(() => new GroupCommitDriver(groupWriter, reads, false)),
    stats: () => ({ ...groupWriter.stats }),
  };
}
