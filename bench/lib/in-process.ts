import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { type LatencySummary, summarise } from './stats.ts';

/**
 * The setup of the in-process scenarios (forecast, kb, …): a fresh migrated database — SQLite in a
 * temporary data directory, or with DATABASE_URL a new PostgreSQL schema — dropped by `close`.
 */
export async function openBenchDatabase(name: string): Promise<{ handle: DatabaseHandle; database: 'sqlite' | 'postgres'; close(): Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = join(tmpdir(), `rapport-bench-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const schema = databaseUrl ? `bench_${name.replace(/\W/g, '_')}_${Date.now()}` : undefined;
  if (databaseUrl && schema) {
    const admin = openDatabase({ dataDir, databaseUrl });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
  }
  const handle = openDatabase({ dataDir, databaseUrl, schema });
  await migrateToLatest(handle.db);
  return {
    handle,
    database: databaseUrl ? 'postgres' : 'sqlite',
    async close() {
      if (schema) await handle.db.schema.dropSchema(schema).cascade().execute();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Latencies of `runs` sequential calls of `work` (which may vary with the run's index). */
export async function timeRuns(runs: number, work: (run: number) => Promise<unknown>): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work(run);
    latencies.push(performance.now() - started);
  }
  return summarise(latencies);
}

/** Writes `<out>/<base>.json` and `.md` and shows the Markdown. */
export function writeResults(out: string, base: string, results: unknown, markdown: string) {
  mkdirSync(out, { recursive: true });
  const path = join(out, base);
  writeFileSync(`${path}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${path}.md`, markdown);
  process.stdout.write(`\n${markdown}\nWrote ${path}.json and .md\n`);
}
