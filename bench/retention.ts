import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { seedBulkTickets } from '../src/cli/demo/bulk-seed.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock, systemClock } from '../src/lib/clock.ts';
import { rebuildAllMetrics } from '../src/modules/metrics/service.ts';
import type { RetentionMode } from '../src/modules/retention/schema.ts';
import { RETENTION_BATCH } from '../src/modules/retention/service.ts';
import { createServices } from '../src/server/services.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';
import { summarise } from './lib/stats.ts';

/**
 * `npm run bench -- retention`: the retention job's throughput (tickets per second) over N generated
 * tickets whose history is past the raw horizon: the desk is seeded and measured (`kpi rebuild`), then
 * the clock moves 24 months and a day past its last activity and one run goes through it, batch by
 * batch as the server's job does (relaxed commits, 200 tickets a batch), timing each batch — on
 * SQLite a batch is one synchronous stretch of the event loop. Before it, the dry run that
 * `rapport retention run --dry-run` prints. SQLite by default; PostgreSQL with DATABASE_URL (a fresh
 * schema). Reports; asserts nothing.
 */
const usage =
  'Usage: npm run bench -- retention [--tickets 100000] [--mode anonymise|delete] [--batch 200] [--data-dir DIR (an existing SQLite desk, measured: it is consumed)] [--out bench/results]';

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      tickets: { type: 'string', default: '100000' },
      mode: { type: 'string', default: 'anonymise' },
      batch: { type: 'string', default: String(RETENTION_BATCH) },
      'data-dir': { type: 'string' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const mode = values.mode as RetentionMode;
  if (mode !== 'anonymise' && mode !== 'delete') throw new Error(`--mode must be anonymise or delete, not ${values.mode}`);
  const batchSize = Number(values.batch);
  let ticketCount = Number(values.tickets);
  const existing = values['data-dir'];
  const databaseUrl = existing ? undefined : process.env.DATABASE_URL;
  const dataDir = existing ?? join(tmpdir(), 'rapport-bench-retention');
  if (!existing) rmSync(dataDir, { recursive: true, force: true });
  const schema = databaseUrl ? `bench_retention_${Date.now()}` : undefined;
  if (databaseUrl && schema) {
    const admin = openDatabase({ dataDir, databaseUrl });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
  }
  const handle = openDatabase({ dataDir, databaseUrl, schema });
  const loadStart = loadAverage();
  try {
    await migrateToLatest(handle.db);
    const setup = createServices(handle, { clock: systemClock, secret: 'bench-secret-0123456789-0123456789' });
    let workspace = existing ? await setup.workspace.findFirst() : undefined;
    let seedSeconds: number | null = null;
    let rebuildSeconds: number | null = null;
    if (workspace) {
      ticketCount = Number((await handle.db.selectFrom('ticket').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    } else {
      workspace = (await setup.workspace.create({ name: 'Bench', adminEmail: 'admin@bench.test', adminName: 'Admin', timezone: 'Europe/Berlin' })).workspace;
      process.stdout.write(`seeding ${ticketCount} tickets…\n`);
      seedSeconds = (await seedBulkTickets(handle, workspace.id, ticketCount, { progress: false })).millis / 1000;
      process.stdout.write(`measuring them (kpi rebuild)…\n`);
      const started = performance.now();
      await rebuildAllMetrics(handle.db, systemClock);
      rebuildSeconds = (performance.now() - started) / 1000;
    }
    const workspaceId = workspace.id;
    await setup.workspace.update({ userId: 'system', workspaceId, role: 'admin', via: 'system' }, { settings: { retention: { mode } } });
    const lastActivity = Number((await handle.db.selectFrom('ticket').select((eb) => eb.fn.max('updated_at').as('last')).executeTakeFirstOrThrow()).last);
    // 733 days (24 months and at least two days) after the last activity: every resolved ticket is past the raw horizon.
    const clock = fixedClock(new Date(lastActivity + 733 * 86_400_000).toISOString());
    const resolved = Number(
      (await handle.db.selectFrom('ticket').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['solved', 'closed']).executeTakeFirstOrThrow()).n,
    );
    const contacts = Number((await handle.db.selectFrom('contact').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    // The server's job writes through the relaxed handle.
    const job = createServices({ ...handle, db: handle.relaxedDb }, { clock, secret: 'bench-secret-0123456789-0123456789' }).retention;
    process.stdout.write(`dry run over ${ticketCount} tickets…\n`);
    const dryStarted = performance.now();
    const preview = await job.preview(workspaceId, { batchSize });
    const drySeconds = (performance.now() - dryStarted) / 1000;

    process.stdout.write(`retention run (${mode})…\n`);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    const batches: number[] = [];
    /** This process's CPU time per batch: what a busy machine does not inflate (PostgreSQL works in its own processes). */
    const batchCpu: number[] = [];
    const byPhase = new Map<string, number[]>();
    const phaseNow = () => handle.relaxedDb.transaction().execute((tx) => tx.selectFrom('retention_run').select('phase').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow());
    const started = performance.now();
    loopDelay.enable();
    await job.startRun(workspaceId);
    for (;;) {
      const { phase } = await phaseNow();
      const batchStarted = performance.now();
      const cpuStarted = process.cpuUsage();
      const handled = await job.runBatch({ workspaceId, batchSize });
      if (handled === 0) break;
      const took = performance.now() - batchStarted;
      const cpu = process.cpuUsage(cpuStarted);
      batchCpu.push((cpu.user + cpu.system) / 1000);
      batches.push(took);
      byPhase.set(phase, [...(byPhase.get(phase) ?? []), took]);
      // A macrotask between batches, as the server's polling loop gives its requests.
      await delay(0);
    }
    loopDelay.disable();
    const runSeconds = (performance.now() - started) / 1000;
    const runRow = await handle.db.selectFrom('retention_run').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
    const totals = JSON.parse(runRow.totals);
    const removedTickets = totals.ticketsAnonymised + totals.ticketsDeleted;
    const ticketsPerSecond = Math.round(removedTickets / runSeconds);
    const batchStats = summarise(batches);
    const cpuStats = summarise(batchCpu);
    const phaseStats = Object.fromEntries([...byPhase].map(([phase, times]) => [phase, summarise(times)]));
    const withServerRest = Math.round(removedTickets / (runSeconds + (batches.length * 20) / 1000));
    process.stdout.write(`removed ${removedTickets} tickets in ${runSeconds.toFixed(1)} s: ${ticketsPerSecond} tickets/s\n`);

    const date = new Date().toISOString().slice(0, 10);
    const database = databaseUrl ? 'postgres' : 'sqlite';
    const machine = describeMachine();
    const source = describeSource(projectRoot);
    const results = {
      scenario: 'retention',
      date,
      database,
      machine,
      source,
      loadAverage: { start: loadStart, end: loadAverage() },
      tickets: ticketCount,
      resolved,
      contacts,
      mode,
      batchSize,
      seedSeconds,
      rebuildSeconds,
      drySeconds,
      runSeconds,
      ticketsPerSecond,
      ticketsPerSecondWithServerRest: withServerRest,
      batchMs: batchStats,
      batchMsByPhase: phaseStats,
      batchCpuMs: cpuStats,
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      preview: preview.totals,
      totals,
    };
    const size = ticketCount >= 1_000_000 ? `${ticketCount / 1_000_000}m` : `${ticketCount / 1000}k`;
    const row = (name: string, value: number) => `| ${name} | ${value.toLocaleString('en-US')} |`;
    const markdown = `# Retention benchmark — ${database} — ${ticketCount} tickets — ${mode} — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Code: commit ${source.commit}${source.uncommittedChanges ? ' with uncommitted changes' : ''}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
${ticketCount} generated tickets over two years (\`rapport seed --tickets\`${seedSeconds === null ? '' : `, ${seedSeconds.toFixed(1)} s`}), ${resolved} of them solved or closed, ${contacts} contacts; measured by \`kpi rebuild\`${rebuildSeconds === null ? '' : ` (${rebuildSeconds.toFixed(1)} s)`}. The clock then stands 733 days (24 months and at least two days) after the last activity, mode ${mode}, ${batchSize} records a batch.

**Retention run: ${removedTickets.toLocaleString('en-US')} tickets in ${runSeconds.toFixed(1)} s = ${ticketsPerSecond.toLocaleString('en-US')} tickets/s** (all phases: tickets, NPS answers, contacts, stored mail, delivered events, summaries).
With the server's 20 ms rest after each batch that would be about ${withServerRest.toLocaleString('en-US')} tickets/s.

| batches (one transaction each) | batches | p50 ms | p95 ms | p99 ms | max ms |
| --- | --- | --- | --- | --- | --- |
| all | ${batchStats.samples} | ${batchStats.p50} | ${batchStats.p95} | ${batchStats.p99} | ${batchStats.max} |
${Object.entries(phaseStats).map(([phase, stats]) => `| ${phase} | ${stats.samples} | ${stats.p50} | ${stats.p95} | ${stats.p99} | ${stats.max} |`).join('\n')}
| all, this process's CPU time | ${cpuStats.samples} | ${cpuStats.p50} | ${cpuStats.p95} | ${cpuStats.p99} | ${cpuStats.max} |

Event-loop delay during the run (perf_hooks, 10 ms resolution): p50 ${results.eventLoopDelayMs.p50.toFixed(1)} ms, p99 ${results.eventLoopDelayMs.p99.toFixed(1)} ms, max ${results.eventLoopDelayMs.max.toFixed(1)} ms.
Dry run (\`rapport retention run --dry-run\`): ${drySeconds.toFixed(1)} s; its totals equal the run's: ${JSON.stringify(preview.totals) === JSON.stringify(totals)}.

| removed | count |
| --- | --- |
${Object.entries(totals as Record<string, number>).map(([name, value]) => row(name, value)).join('\n')}

Command: \`npm run bench -- retention ${existing ? '--data-dir DIR' : `--tickets ${ticketCount}`} --mode ${mode}\`${databaseUrl ? ' with DATABASE_URL' : ''}
`;
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-retention-${database}-${size}-${mode}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and .md\n`);
  } finally {
    if (databaseUrl && schema) await handle.db.schema.dropSchema(schema).cascade().execute();
    await handle.close();
    if (!existing) rmSync(dataDir, { recursive: true, force: true });
  }
}
