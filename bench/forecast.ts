import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../src/lib/actor.ts';
import { systemClock } from '../src/lib/clock.ts';
import { localDay } from '../src/modules/metrics/rollup.ts';
import { weekdayOf } from '../src/modules/sla/business-hours.ts';
import { createServices } from '../src/server/services.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';
import { openBenchDatabase, timeRuns, writeResults } from './lib/in-process.ts';
import type { LatencySummary } from './lib/stats.ts';

/**
 * `npm run bench -- forecast`: the contact forecast (`GET /api/v1/wfm/forecast`'s service) over the
 * hourly volume rows 1M tickets leave behind — 2 years × 24 hours × 5 channels, written directly —
 * beside a bare `select 1`. SQLite by default; PostgreSQL with DATABASE_URL (a fresh schema).
 * Reports; asserts nothing.
 */
const usage = 'Usage: npm run bench -- forecast [--tickets 1000000] [--days 730] [--runs 20] [--out bench/results]';
const CHANNELS = ['email', 'chat', 'phone', 'portal', 'whatsapp'] as const;
const CHANNEL_SHARE = [0.4, 0.25, 0.2, 0.1, 0.05];
const DAY_MS = 86_400_000;

/** A desk's shape: busy on weekday working hours, quiet at night and at weekends (weekday 0 is Sunday). */
const hourShape = (weekday: number, hour: number) => (hour >= 8 && hour < 18 ? 10 : hour >= 6 && hour < 22 ? 3 : 0.5) * (weekday === 0 || weekday === 6 ? 0.3 : 1);

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      tickets: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '730' },
      runs: { type: 'string', default: '20' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const tickets = Number(values.tickets);
  const days = Number(values.days);
  const runs = Number(values.runs);
  const { handle, database, close } = await openBenchDatabase('forecast');
  const loadStart = loadAverage();
  try {
    const services = createServices(handle, { clock: systemClock, secret: 'bench-secret-0123456789-0123456789' });
    const timeZone = 'Europe/Berlin';
    const { workspace } = await services.workspace.create({ name: 'Bench', adminEmail: 'admin@bench.test', adminName: 'Admin', timezone: timeZone });

    // Volume rows for the `days` days before today, shaped by weekday and hour, scaled to `tickets` in all.
    const today = Date.parse(`${localDay(Date.now(), timeZone)}T00:00:00Z`) / DAY_MS;
    let shapeTotal = 0;
    for (let day = today - days; day < today; day++) for (let hour = 0; hour < 24; hour++) shapeTotal += hourShape(weekdayOf(day), hour);
    const scale = tickets / shapeTotal;
    const rows: Array<{ workspace_id: string; day: string; hour: number; channel: string; created: number }> = [];
    let written = 0;
    for (let day = today - days; day < today; day++) {
      const dayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
      for (let hour = 0; hour < 24; hour++) {
        CHANNELS.forEach((channel, index) => {
          const created = Math.round(hourShape(weekdayOf(day), hour) * scale * CHANNEL_SHARE[index]);
          written += created;
          rows.push({ workspace_id: workspace.id, day: dayText, hour, channel, created });
        });
      }
    }
    const loadStarted = performance.now();
    for (let start = 0; start < rows.length; start += 1000) await handle.db.insertInto('metric_volume').values(rows.slice(start, start + 1000)).execute();
    if (database === 'sqlite') await sql`analyze`.execute(handle.db);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    process.stdout.write(`wrote ${rows.length} volume rows (${written} tickets) in ${loadSeconds.toFixed(1)} s\n`);

    const actor = systemActor(workspace.id);
    const time = (work: () => Promise<unknown>) => timeRuns(runs, work);
    const timings: Array<[string, LatencySummary]> = [
      ['bare `select 1` (baseline)', await time(() => sql`select 1`.execute(handle.db))],
      ['forecast, all 5 channels (8 weeks averaged)', await time(() => services.forecasts.forecast(actor, {}))],
      ['forecast, one channel', await time(() => services.forecasts.forecast(actor, { channel: 'email' }))],
      ['forecast, all 5 channels, 52 weeks averaged', await time(() => services.forecasts.forecast(actor, { weeks: 52 }))],
    ];
    for (const [name, summary] of timings) process.stdout.write(`${name}: p50 ${summary.p50} ms, p95 ${summary.p95} ms\n`);

    const date = new Date().toISOString().slice(0, 10);
    const machine = describeMachine();
    const source = describeSource(projectRoot);
    const results = {
      scenario: 'forecast',
      date,
      database,
      machine,
      source,
      loadAverage: { start: loadStart, end: loadAverage() },
      tickets: written,
      volumeRows: rows.length,
      days,
      targetMs: 2000,
      latencies: Object.fromEntries(timings),
    };
    const markdown = `# Forecast benchmark — ${database} — ${written} tickets of history — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Code: commit ${source.commit}${source.uncommittedChanges ? ' with uncommitted changes' : ''}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
History: ${rows.length} hourly volume rows (${days} days × 24 hours × ${CHANNELS.length} channels, Berlin time zone) counting
${written} tickets, written directly into \`metric_volume\` (what the metrics projector keeps for that many tickets).
The forecast reads the last 12 weeks of them (56 weeks with 52 averaged). Target: ≤ 2,000 ms.

| measurement (${runs} runs, in process) | p50 ms | p95 ms |
| --- | --- | --- |
${timings.map(([name, summary]) => `| ${name} | ${summary.p50} | ${summary.p95} |`).join('\n')}

Command: \`npm run bench -- forecast --tickets ${tickets} --days ${days} --runs ${runs}\`${database === 'postgres' ? ' with DATABASE_URL' : ''}
`;
    writeResults(values.out, `${date}-forecast-${database}`, results, markdown);
  } finally {
    await close();
  }
}
