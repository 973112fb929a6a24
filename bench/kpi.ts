import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { seedBulkTickets } from '../src/cli/demo/bulk-seed.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemActor } from '../src/lib/actor.ts';
import { systemClock } from '../src/lib/clock.ts';
import { lastWholePeriod } from '../src/modules/metrics/report-periods.ts';
import { rebuildAllMetrics } from '../src/modules/metrics/service.ts';
import { createServices } from '../src/server/services.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';
import { type LatencySummary, summarise } from './lib/stats.ts';

/**
 * `npm run bench -- kpi`: `rapport kpi rebuild` time over N generated tickets, then the service
 * report (`reports.kpis`, with medians and p90s) and its drill-down per period, the live dashboard,
 * the weekly, monthly and quarterly reports and the PDF,
 * beside a bare `select 1` through the same driver and the naive alternative, a count over the
 * ticket table for the same period. SQLite by default; PostgreSQL with DATABASE_URL (a fresh
 * schema). Reports; asserts nothing.
 */
const usage =
  'Usage: npm run bench -- kpi [--tickets 100000] [--runs 50] [--data-dir DIR (an existing SQLite desk: no seeding)] [--keep DIR (SQLite: seed into DIR and keep it for --data-dir)] [--out bench/results]';

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      tickets: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '50' },
      'data-dir': { type: 'string' },
      keep: { type: 'string' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  let ticketCount = Number(values.tickets);
  const runs = Number(values.runs);
  const existing = values['data-dir'];
  const databaseUrl = existing ? undefined : process.env.DATABASE_URL;
  const kept = existing ? undefined : values.keep;
  const dataDir = existing ?? kept ?? join(tmpdir(), 'rapport-bench-kpi');
  if (!existing) rmSync(dataDir, { recursive: true, force: true });
  const schema = databaseUrl ? `bench_kpi_${Date.now()}` : undefined;
  if (databaseUrl && schema) {
    const admin = openDatabase({ dataDir, databaseUrl });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
  }
  const handle = openDatabase({ dataDir, databaseUrl, schema });
  const loadStart = loadAverage();
  try {
    await migrateToLatest(handle.db);
    const services = createServices(handle, { clock: systemClock, secret: 'bench-secret-0123456789-0123456789' });
    let workspace = existing ? await services.workspace.findFirst() : undefined;
    if (workspace) {
      ticketCount = Number((await handle.db.selectFrom('ticket').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    } else {
      workspace = (await services.workspace.create({ name: 'Bench', adminEmail: 'admin@bench.test', adminName: 'Admin', timezone: 'Europe/Berlin' })).workspace;
      process.stdout.write(`seeding ${ticketCount} tickets…\n`);
      await seedBulkTickets(handle, workspace.id, ticketCount, { progress: false });
    }

    const rebuildStarted = performance.now();
    await rebuildAllMetrics(handle.db, systemClock);
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const rollupRows = Number((await handle.db.selectFrom('metric_rollup').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const histogramRows = Number((await handle.db.selectFrom('metric_histogram').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    process.stdout.write(`rebuilt the metrics of ${ticketCount} tickets in ${rebuildSeconds.toFixed(1)} s (${rollupRows} rollup rows)\n`);

    const actor = systemActor(workspace.id);
    const today = new Date();
    const daysBack = (days: number) => new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    const to = today.toISOString().slice(0, 10);
    const periods = [
      ['last 7 days', daysBack(6)],
      ['last 30 days', daysBack(29)],
      ['last 365 days', daysBack(364)],
    ] as const;
    const time = async (work: () => Promise<unknown>) => {
      const latencies: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        await work();
        latencies.push(performance.now() - started);
      }
      return summarise(latencies);
    };
    const rows: Array<[string, LatencySummary]> = [['bare `select 1` (baseline)', await time(() => sql`select 1`.execute(handle.db))]];
    for (const [name, from] of periods) {
      rows.push([`report KPIs, ${name}`, await time(() => services.reports.kpis(actor, { from, to }))]);
      rows.push([`report KPIs, ${name}, one channel`, await time(() => services.reports.kpis(actor, { from, to, channel: 'email' }))]);
      rows.push([`drill-down first page (solved), ${name}`, await time(() => services.reports.tickets(actor, { from, to, on: 'solved' }))]);
      const since = Date.parse(`${from}T00:00:00Z`);
      rows.push([
        `naive: count tickets created, ${name}`,
        await time(() => handle.db.selectFrom('ticket').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspace.id).where('created_at', '>=', since).execute()),
      ]);
    }
    // The live dashboard and the weekly, monthly and quarterly reports as the Reports screen and
    // the PDF read them (KPIs with medians and p90s, contact reasons, complaints).
    rows.push(['dashboard (live, whole desk)', await time(() => services.dashboard.dashboard(actor, {}))]);
    for (const preset of ['weekly', 'monthly', 'quarterly'] as const) {
      const period = lastWholePeriod(preset, to);
      rows.push([`${preset} report (${period.from} to ${period.to}): KPIs, medians and p90s, contact reasons, complaints`, await time(() => services.serviceReport.data(actor, period, preset))]);
    }
    const quarter = lastWholePeriod('quarterly', to);
    rows.push([`quarterly report as PDF (render included)`, await time(() => services.serviceReport.pdf(actor, quarter, 'quarterly'))]);
    rows.push(['open tickets behind a dashboard figure (breached), first page', await time(() => services.dashboard.openTickets(actor, { sla: 'breached' }))]);
    for (const [name, summary] of rows) process.stdout.write(`${name}: p50 ${summary.p50} ms, p95 ${summary.p95} ms\n`);

    const date = new Date().toISOString().slice(0, 10);
    const database = databaseUrl ? 'postgres' : 'sqlite';
    const machine = describeMachine();
    const source = describeSource(projectRoot);
    const results = { scenario: 'kpi', date, database, machine, source, loadAverage: { start: loadStart, end: loadAverage() }, tickets: ticketCount, rebuildSeconds, rollupRows, histogramRows, latencies: Object.fromEntries(rows) };
    const markdown = `# KPI benchmark — ${database} — ${ticketCount} tickets — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Code: commit ${source.commit}${source.uncommittedChanges ? ' with uncommitted changes' : ''}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
${ticketCount} generated tickets over two years (\`rapport seed --tickets\`), Berlin time zone; ${rollupRows} rollup rows, ${histogramRows} histogram rows.

\`rapport kpi rebuild\` (every ticket measured from its history, rollups rewritten): **${rebuildSeconds.toFixed(1)} s**.

| measurement (${runs} runs, in process) | p50 ms | p95 ms |
| --- | --- | --- |
${rows.map(([name, summary]) => `| ${name} | ${summary.p50} | ${summary.p95} |`).join('\n')}

Command: \`npm run bench -- kpi ${existing ? '--data-dir DIR' : `--tickets ${ticketCount}`}\`${databaseUrl ? ' with DATABASE_URL' : ''}
`;
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-kpi-${database}-${ticketCount >= 1_000_000 ? `${ticketCount / 1_000_000}m` : `${ticketCount / 1000}k`}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and .md\n`);
  } finally {
    if (databaseUrl && schema) await handle.db.schema.dropSchema(schema).cascade().execute();
    await handle.close();
    if (!existing && !kept) rmSync(dataDir, { recursive: true, force: true });
  }
}
