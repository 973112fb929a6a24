import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseDatabase, createTarget, deskOptions, prepareDesk, ticketBody, waitForOutboxDrained } from './lib/desk.ts';
import { type Client, createClient, type LoadResult, runLoad } from './lib/http-load.ts';
import { describeMachine, describeSource, loadAverage, type RunHeader, residentMiB } from './lib/machine.ts';
import { projectRoot, runRapport, startBaseline, startRapport, type Target } from './lib/processes.ts';
import { type LatencySummary, median } from './lib/stats.ts';

/**
 * `npm run bench -- api`: HTTP throughput and latency of a Rapport server process against a bare
 * Fastify baseline, at several database sizes. Reports figures; asserts nothing.
 */

const usage = `Usage: npm run bench -- api [options]
  --db sqlite|postgres   database (default: postgres when DATABASE_URL is set, else sqlite)
  --sizes 10000,1000000  ticket counts to measure at (default: 10000)
  --full                 same as --sizes 10000,1000000
  --seconds 8            time cap of each load measurement
  --keep                 keep the generated databases (default: drop them at the end)
  --out bench/results    where to write <date>-<db>.json and .md`;

/** Search terms from very common (in every ticket's greeting) to rare (about 1 ticket in 12,000), and two words. */
const SEARCH_TERMS = ['hello', 'invoice', 'password', 'salesforce', 'quokka', 'export csv'];
const CONCURRENCY = 8;

interface SizeResult {
  tickets: number;
  seed: { millis: number; output: string };
  coldStartMs: number[];
  coldStartMedianMs: number;
  idleRssMiB: number | null;
  rssAfterLoadMiB: number | null;
  create: { sequential: LoadResult; concurrent: LoadResult; ratioSequential: number; ratioConcurrent: number };
  inbox: { path: string; itemsOnPage: number; latencyMs: LatencySummary; errors: number };
  search: Array<{ q: string; hitsOnFirstPage: number; latencyMs: LatencySummary; errors: number }>;
}

interface ApiResults extends RunHeader {
  scenario: 'api';
  secondsPerMeasurement: number;
  baseline: { sequential: LoadResult; concurrent: LoadResult };
  sizes: SizeResult[];
}

async function measureBaseline(seconds: number) {
  const server = await startBaseline();
  const client = createClient(server.port, { sockets: CONCURRENCY });
  try {
    const send = (i: number) => client.request('POST', '/hello', ticketBody(i, null));
    const limits = { maxRequests: 500_000, maxMillis: seconds * 1000, send, expectStatus: 200, warmup: 500 };
    return { sequential: await runLoad({ ...limits, concurrency: 1 }), concurrent: await runLoad({ ...limits, concurrency: CONCURRENCY }) };
  } finally {
    client.close();
    await server.stop();
  }
}

/** A fresh, empty database for one size: a new data directory, plus a new PostgreSQL database when asked. */
async function measureReads(client: Client, path: string, maxMillis: number) {
  let items = 0;
  const result = await runLoad({
    concurrency: 1,
    maxRequests: 300,
    maxMillis,
    warmup: 5,
    expectStatus: 200,
    send: async (i) => {
      const response = await client.request('GET', path);
      if (i === 0 && response.status === 200) items = (JSON.parse(response.body) as { items: unknown[] }).items.length;
      return response;
    },
  });
  return { items, result };
}

async function measureSize(target: Target, tickets: number, seconds: number, log: (line: string) => void): Promise<SizeResult> {
  const { adminEmail, seed } = await prepareDesk(target, tickets, log);
  const token =
    (await runRapport(target, ['token', 'create', '--email', adminEmail, '--name', 'bench'], 60_000)).trim().split('\n').pop() ?? '';

  const coldStartMs: number[] = [];
  for (let i = 0; i < 2; i++) {
    const server = await startRapport(target);
    coldStartMs.push(server.startMillis);
    await server.stop();
  }
  const server = await startRapport(target);
  coldStartMs.push(server.startMillis);
  log(`  cold start to healthy: ${coldStartMs.join(', ')} ms`);
  const undelivered = await waitForOutboxDrained(target);
  if (undelivered) log(`  ! ${undelivered} outbox events still undelivered after 2 minutes`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRssMiB = residentMiB(server.pid);
  const client = createClient(server.port, { sockets: CONCURRENCY, token });
  try {
    const teams = JSON.parse((await client.request('GET', '/api/v1/teams')).body) as { items: Array<{ id: string; name: string }> };
    const team = teams.items.find((t) => t.name === 'Frontline Support') ?? teams.items[0];
    if (!team) throw new Error('No team to list an inbox of');

    const inboxPath = `/api/v1/tickets?status=open&teamId=${team.id}&limit=50`;
    const inbox = await measureReads(client, inboxPath, seconds * 1000);
    log(`  inbox p50 ${inbox.result.latencyMs.p50} ms, p95 ${inbox.result.latencyMs.p95} ms (${inbox.items} items)`);
    const search = [];
    for (const q of SEARCH_TERMS) {
      const reads = await measureReads(client, `/api/v1/search?q=${encodeURIComponent(q)}`, (seconds * 1000) / 2);
      search.push({ q, hitsOnFirstPage: reads.items, latencyMs: reads.result.latencyMs, errors: reads.result.errors });
      log(`  search "${q}" p50 ${reads.result.latencyMs.p50} ms, p95 ${reads.result.latencyMs.p95} ms (${reads.items} hits on page 1)`);
    }

    const send = (i: number) => client.request('POST', '/api/v1/tickets', ticketBody(i < 0 ? 1_000_000 - i : i, team.id));
    const limits = { maxRequests: 100_000, maxMillis: seconds * 1000, send, expectStatus: 201, warmup: 20 };
    const sequential = await runLoad({ ...limits, concurrency: 1 });
    const concurrent = await runLoad({ ...limits, concurrency: CONCURRENCY });
    log(`  create: ${sequential.perSecond}/s sequential, ${concurrent.perSecond}/s with ${CONCURRENCY} connections`);
    for (const result of [sequential, concurrent, inbox.result]) {
      if (result.errors) log(`  ! ${result.errors} unexpected answers, first: ${result.firstError}`);
    }
    return {
      tickets,
      seed,
      coldStartMs,
      coldStartMedianMs: median(coldStartMs),
      idleRssMiB,
      rssAfterLoadMiB: residentMiB(server.pid),
      create: { sequential, concurrent, ratioSequential: 0, ratioConcurrent: 0 },
      inbox: {
        path: inboxPath.replace(team.id, '<team>'),
        itemsOnPage: inbox.items,
        latencyMs: inbox.result.latencyMs,
        errors: inbox.result.errors,
      },
      search,
    };
  } finally {
    client.close();
    await server.stop();
  }
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
const formatCount = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** The figures as Markdown: one column per size. */
export function renderMarkdown(results: ApiResults) {
  const { machine } = results;
  const columns = results.sizes.map((size) => formatCount(size.tickets));
  const row = (label: string, cell: (size: SizeResult) => string) => `| ${label} | ${results.sizes.map(cell).join(' | ')} |`;
  const b = results.baseline;
  const lines = [
    `# API benchmark — ${results.database} — ${results.date}`,
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}, ${machine.platform}, kernel ${machine.kernel}.`,
    `Code: commit ${results.source.commit}${results.source.uncommittedChanges ? ' with uncommitted changes' : ''}.`,
    `Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end} (a shared machine disturbs the figures).`,
    `Client and server on the same machine over 127.0.0.1, keep-alive HTTP/1.1, closed loop; each measurement capped at ${results.secondsPerMeasurement} s.`,
    '',
    '## Baseline: bare Fastify JSON POST',
    '',
    '| connections | requests/s | p50 ms | p95 ms |',
    '| --- | --- | --- | --- |',
    `| 1 | ${b.sequential.perSecond} | ${b.sequential.latencyMs.p50} | ${b.sequential.latencyMs.p95} |`,
    `| ${CONCURRENCY} | ${b.concurrent.perSecond} | ${b.concurrent.latencyMs.p50} | ${b.concurrent.latencyMs.p95} |`,
    '',
    '## Rapport',
    '',
    `| tickets in the database | ${columns.join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    row('seed time (rapport seed --tickets)', (s) => `${(s.seed.millis / 1000).toFixed(1)} s`),
    row('cold start to healthy (median of 3)', (s) => `${s.coldStartMedianMs} ms`),
    row('idle RSS after start', (s) => `${s.idleRssMiB} MiB`),
    row('RSS after the load', (s) => `${s.rssAfterLoadMiB} MiB`),
    row('create ticket, 1 connection', (s) => `${s.create.sequential.perSecond}/s (${percent(s.create.ratioSequential)} of baseline)`),
    row(
      `create ticket, ${CONCURRENCY} connections`,
      (s) => `${s.create.concurrent.perSecond}/s (${percent(s.create.ratioConcurrent)} of baseline)`,
    ),
    row('create ticket p50 / p95, 1 connection', (s) => `${s.create.sequential.latencyMs.p50} / ${s.create.sequential.latencyMs.p95} ms`),
    row('inbox page (open, one team, 50) p50 / p95', (s) => `${s.inbox.latencyMs.p50} / ${s.inbox.latencyMs.p95} ms`),
    ...SEARCH_TERMS.map((q) =>
      row(`search "${q}" p50 / p95 (hits on page 1)`, (s) => {
        const found = s.search.find((entry) => entry.q === q);
        return found ? `${found.latencyMs.p50} / ${found.latencyMs.p95} ms (${found.hitsOnFirstPage})` : '–';
      }),
    ),
    '',
  ];
  const errors = results.sizes.flatMap((s) =>
    [s.create.sequential, s.create.concurrent]
      .filter((r) => r.errors)
      .map((r) => `- ${formatCount(s.tickets)}: ${r.errors} failed creates, first: ${r.firstError}`),
  );
  if (errors.length) lines.push('## Errors', '', ...errors, '');
  return lines.join('\n');
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...deskOptions,
      sizes: { type: 'string' },
      full: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '8' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const { database, adminUrl } = chooseDatabase(values.db, usage);
  const sizes = (values.full ? '10000,1000000' : (values.sizes ?? '10000')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers, e.g. 10000,1000000\n${usage}`);
  const seconds = Number(values.seconds);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const date = new Date().toISOString().slice(0, 10);
  const start = loadAverage();
  log(`api benchmark on ${database}, sizes ${sizes.join(', ')}`);
  log('baseline: bare Fastify');
  const baseline = await measureBaseline(seconds);
  log(`  ${baseline.sequential.perSecond}/s sequential, ${baseline.concurrent.perSecond}/s with ${CONCURRENCY} connections`);
  const results: ApiResults = {
    scenario: 'api',
    date,
    database,
    machine: describeMachine(),
    source: describeSource(projectRoot),
    loadAverage: { start, end: start },
    secondsPerMeasurement: seconds,
    baseline,
    sizes: [],
  };
  for (const tickets of sizes) {
    log(`${formatCount(tickets)} tickets`);
    const target = await createTarget(database, adminUrl, String(tickets));
    try {
      const size = await measureSize(target, tickets, seconds, log);
      size.create.ratioSequential = size.create.sequential.perSecond / baseline.sequential.perSecond;
      size.create.ratioConcurrent = size.create.concurrent.perSecond / baseline.concurrent.perSecond;
      results.sizes.push(size);
    } finally {
      if (!values.keep) await target.drop();
    }
  }
  results.loadAverage.end = loadAverage();
  const markdown = renderMarkdown(results);
  mkdirSync(values.out, { recursive: true });
  const base = join(values.out, `${date}-${database}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(`\n${markdown}\nWrote ${base}.json and ${base}.md\n`);
}
