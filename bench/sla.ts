import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedBulkTickets } from '../src/cli/demo/bulk-seed.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createTimerRunner } from '../src/modules/sla/timers.ts';
import { createServices } from '../src/server/services.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';
import { summarise } from './lib/stats.ts';

/**
 * `npm run bench -- sla`: the cost of recomputing a ticket's SLA clocks after an event (in the
 * transaction of the change, as the services do), and how fast persisted timers fire when 100k are
 * pending. SQLite by default; PostgreSQL with DATABASE_URL (a fresh schema). Reports; asserts nothing.
 */
const usage = 'Usage: npm run bench -- sla [--timers 100000] [--recomputes 2000] [--out bench/results]';

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      timers: { type: 'string', default: '100000' },
      recomputes: { type: 'string', default: '2000' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const timerCount = Number(values.timers);
  const recomputes = Number(values.recomputes);
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = join(tmpdir(), 'rapport-bench-sla');
  rmSync(dataDir, { recursive: true, force: true });
  const schema = databaseUrl ? `bench_sla_${Date.now()}` : undefined;
  if (databaseUrl && schema) {
    const admin = openDatabase({ dataDir, databaseUrl });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
  }
  const handle = openDatabase({ dataDir, databaseUrl, schema });
  const loadStart = loadAverage();
  try {
    await migrateToLatest(handle.db);
    const clock = fixedClock('2026-03-02T08:00:00.000Z');
    const services = createServices(handle, { clock, secret: 'bench-secret-0123456789-0123456789' });
    const { workspace } = await services.workspace.create({
      name: 'Bench',
      adminEmail: 'admin@bench.test',
      adminName: 'Admin',
      timezone: 'Europe/Berlin',
    });
    process.stdout.write(`seeding ${timerCount} tickets…\n`);
    await seedBulkTickets(handle, workspace.id, timerCount, { progress: false });
    const ids = (await handle.db.selectFrom('ticket').select('id').where('workspace_id', '=', workspace.id).orderBy('id').execute()).map(
      (r) => r.id,
    );

    // Recompute cost per event: one recompute in its own transaction, like a reply or status change.
    const latencies: number[] = [];
    clock.set(new Date());
    for (let i = 0; i < recomputes; i++) {
      const id = ids[(i * 7919) % ids.length];
      const started = performance.now();
      await handle.db.transaction().execute((tx) => services.sla.recompute(tx, workspace.id, id));
      latencies.push(performance.now() - started);
    }
    const recompute = summarise(latencies);
    process.stdout.write(`recompute per event: p50 ${recompute.p50} ms, p95 ${recompute.p95} ms\n`);

    // Timer firing: exactly `timerCount` pending timers, all due, fired by one runner.
    await handle.db.deleteFrom('sla_timer').execute();
    const now = clock.now().getTime();
    for (let start = 0; start < ids.length; start += 2000) {
      await handle.db
        .insertInto('sla_timer')
        .values(
          ids
            .slice(start, start + 2000)
            .map((ticketId, k) => ({
              workspace_id: workspace.id,
              ticket_id: ticketId,
              clock: 'resolution',
              kind: k % 2 ? 'breach' : 'warning',
              fire_at: now - 60_000 + (k % 1000),
            })),
        )
        .execute();
    }
    const runner = createTimerRunner({ db: handle.db, clock });
    const started = performance.now();
    const fired = await runner.drain();
    const firingSeconds = (performance.now() - started) / 1000;
    const perSecond = Math.round(fired / firingSeconds);
    process.stdout.write(`fired ${fired} timers in ${firingSeconds.toFixed(1)} s: ${perSecond} timers/s\n`);

    const date = new Date().toISOString().slice(0, 10);
    const database = databaseUrl ? 'postgres' : 'sqlite';
    const machine = describeMachine();
    const results = {
      scenario: 'sla',
      date,
      database,
      machine,
      source: describeSource(projectRoot),
      loadAverage: { start: loadStart, end: loadAverage() },
      tickets: ids.length,
      recompute,
      timers: { pending: timerCount, fired, seconds: firingSeconds, perSecond },
    };
    const markdown = `# SLA benchmark — ${database} — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
${ids.length} generated tickets; default SLA policies (Berlin business hours).

| measurement | figure |
| --- | --- |
| SLA recompute per event (own transaction), p50 / p95 | ${recompute.p50} / ${recompute.p95} ms (${recompute.samples} events) |
| timer firing with ${timerCount} pending (one runner, batches of 500) | ${perSecond} timers/s (${fired} in ${firingSeconds.toFixed(1)} s) |

Each fired timer marks itself fired, marks the ticket breached (breach timers) and writes an outbox
event, in one transaction per batch.

Command: \`npm run bench -- sla --timers ${timerCount} --recomputes ${recomputes}\`
`;
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-sla-${database}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and .md\n`);
  } finally {
    if (databaseUrl && schema) await handle.db.schema.dropSchema(schema).cascade().execute();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
