import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';

// A second writer on the same SQLite file, as the CLI is beside a running server: it commits
// small writes as fast as it can until told to stop.
const otherWriter = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 10000 });
const insert = db.prepare('insert into noise (at) values (?)');
let stop = false;
parentPort.on('message', () => { stop = true; });
const loop = () => {
  for (let i = 0; i < 20 && !stop; i++) insert.run(Date.now());
  if (stop) { db.close(); parentPort.postMessage('stopped'); } else setImmediate(loop);
};
parentPort.postMessage('started');
loop();
`;

describe('SQLite with another process writing to the same file', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-writers-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('commits read-then-write transactions instead of failing with "database is locked"', async () => {
    const handle = openDatabase({ dataDir });
    await sql`create table noise (at integer not null)`.execute(handle.db);
    await sql`create table counter (id integer primary key, n integer not null)`.execute(handle.db);
    await sql`insert into counter (id, n) values (1, 0)`.execute(handle.db);

    const worker = new Worker(otherWriter, {
      eval: true,
      workerData: { file: join(dataDir, 'rapport.db'), driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    await new Promise((resolve) => worker.once('message', resolve));
    try {
      for (let round = 0; round < 200; round++) {
        await handle.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(trx);
          // Give the other writer time to commit between this transaction's read and its write.
          await new Promise((resolve) => setImmediate(resolve));
          await sql`update counter set n = ${rows[0].n + 1} where id = 1`.execute(trx);
        });
      }
    } finally {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
    }
    const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(handle.db);
    const noise = await sql<{ count: number }>`select count(*) as count from noise`.execute(handle.db);
    await handle.close();
    expect(rows[0].n).toBe(200);
    expect(noise.rows[0].count).toBeGreaterThan(0);
  });
});
