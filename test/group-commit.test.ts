import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.ts';

/** Group commit on SQLite (src/db/sqlite-group-commit.ts): fewer fsyncs, the same promises. */
describe('SQLite group commit', () => {
  const dirs: string[] = [];
  let handle: DatabaseHandle;
  let file: string;
  beforeEach(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-group-'));
    dirs.push(dataDir);
    file = join(dataDir, 'rapport.db');
    handle = openDatabase({ dataDir });
    await sql`create table item (id integer primary key, label text not null unique)`.execute(handle.db);
  });
  afterEach(() => handle.close());
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const insert = (label: string) =>
    handle.db.transaction().execute(async (tx) => {
      await sql`insert into item (label) values (${label})`.execute(tx);
      // A use case does more than one statement, with awaits between them.
      await sql`select count(*) from item`.execute(tx);
    });
  const labels = async () => (await sql<{ label: string }>`select label from item order by label`.execute(handle.db)).rows.map((row) => row.label);
  /** A connection of its own, as another process would have: it sees only what is committed. */
  const committedLabels = () => {
    const other = new SqliteDatabase(file, { readonly: true });
    try {
      return (other.prepare('select label from item order by label').all() as Array<{ label: string }>).map((row) => row.label);
    } finally {
      other.close();
    }
  };

  it('commits concurrent use cases together: fewer commits than use cases, every one kept', async () => {
    const before = handle.commitStats?.() ?? { commits: 0, units: 0 };
    await Promise.all(Array.from({ length: 50 }, (_, i) => insert(`item-${String(i).padStart(2, '0')}`)));
    const after = handle.commitStats?.() ?? { commits: 0, units: 0 };
    expect(after.units - before.units).toBe(50);
    expect(after.commits - before.commits).toBeLessThan(10);
    expect(committedLabels()).toHaveLength(50);
  });

  it('answers a use case only once its group is committed, and nobody reads it before', async () => {
    let seenBeforeCommit: string[] | undefined;
    const first = insert('first');
    // Runs in the same group, after the first use case's work is in it but before the commit.
    const second = handle.db.transaction().execute(async (tx) => {
      seenBeforeCommit = committedLabels();
      await sql`insert into item (label) values ('second')`.execute(tx);
    });
    const readDuringGroup = labels();
    await first;
    expect(committedLabels()).toEqual(['first', 'second']);
    await second;
    expect(seenBeforeCommit).toEqual([]);
    // Reads outside a transaction see committed data only.
    expect(await readDuringGroup).toEqual([]);
  });

  it('rolls back a failing use case alone: its group-mates commit', async () => {
    const outcomes = await Promise.allSettled([
      insert('a'),
      handle.db.transaction().execute(async (tx) => {
        await sql`insert into item (label) values ('doomed')`.execute(tx);
        await sql`insert into item (label) values ('a')`.execute(tx); // unique violation
      }),
      insert('b'),
      handle.db.transaction().execute(async (tx) => {
        await sql`insert into item (label) values ('thrown')`.execute(tx);
        throw new Error('the use case changed its mind');
      }),
      insert('c'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(committedLabels()).toEqual(['a', 'b', 'c']);
  });

  it('a single writing statement outside a transaction is a use case of its own', async () => {
    await Promise.all([sql`insert into item (label) values ('x')`.execute(handle.db), insert('y'), handle.db.insertInto('item' as never).values({ label: 'z' } as never).execute()]);
    expect(committedLabels()).toEqual(['x', 'y', 'z']);
  });

  it('waits for another process holding the write lock without blocking the event loop', async () => {
    await insert('before');
    // Another process takes the write lock and holds it for 400 ms.
    const locker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const db = new Database(workerData.file);
       db.exec('begin immediate; insert into item (label) values (\\'other process\\')');
       parentPort.postMessage('locked');
       setTimeout(() => { db.exec('commit'); db.close(); parentPort.postMessage('released'); }, 400);`,
      { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    await new Promise((resolve) => locker.once('message', resolve));
    const released = new Promise((resolve) => locker.once('message', resolve));
    // The event loop keeps ticking while our write waits: the longest gap between 5 ms ticks stays short.
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const write = insert('waited');
    // Reads go on meanwhile.
    expect(await labels()).toEqual(['before']);
    await write;
    const waited = performance.now() - started;
    clearInterval(ticker);
    await released;
    await locker.terminate();
    expect(waited).toBeGreaterThan(250);
    expect(longestGap).toBeLessThan(250);
    expect(committedLabels()).toEqual(['before', 'other process', 'waited']);
  });
});
