import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { chooseDatabase, createTarget, deskOptions, prepareDesk, ticketBody, waitForOutboxDrained } from './lib/desk.ts';
import { type Client, createClient } from './lib/http-load.ts';
import { describeMachine, describeSource, loadAverage, type RunHeader } from './lib/machine.ts';
import { projectRoot, runRapport, startRapport } from './lib/processes.ts';
import { type LatencySummary, summarise } from './lib/stats.ts';

/**
 * `npm run bench -- bulk-load`: a serving Rapport process beside `rapport seed --tickets N` (an admin
 * importing data). A light steady load of agents (inbox page, open a ticket, now and then a new one)
 * runs before, during and after the import; reports its latency and timeouts and the server's
 * event-loop delay for each phase. Reports figures; asserts nothing.
 */

const usage = `Usage: npm run bench -- bulk-load [options]
  --tickets 1000000      tickets the import generates (100000 while iterating)
  --after 60             seconds measured after the import
  --before 10            seconds measured before it
  --connections 4        agents, each sending a request every --interval ms (waiting for the answer)
  --interval 100
  --db sqlite|postgres   database (default: postgres when DATABASE_URL is set, else sqlite)
  --keep                 keep the generated database
  --out bench/results    where to write <date>-bulk-load-<db>-<size>.json and .md`;

/** A request that gets no answer in this long counts as a timeout (and its latency as this long). */
const TIMEOUT_MS = 10_000;
/** Tickets in the desk before the import, so that the inbox has pages to show. */
const EXISTING_TICKETS = 10_000;
/** One request in this many creates a ticket; the others read. */
const CREATE_EVERY = 10;

type Phase = 'before' | 'during' | 'after';
const PHASES: Phase[] = ['before', 'during', 'after'];

interface EventLoopFigures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

interface PhaseResult {
  phase: Phase;
  seconds: number;
  requests: number;
  errors: number;
  timeouts: number;
  latencyMs: LatencySummary;
  byKind: Record<string, LatencySummary>;
  eventLoopDelayMs: EventLoopFigures | null;
  firstError?: string;
}

interface BulkLoadResults extends RunHeader {
  scenario: 'bulk-load';
  tickets: number;
  connections: number;
  intervalMs: number;
  import: { seconds: number; output: string };
  phases: PhaseResult[];
}

interface Sample {
  phase: Phase;
  kind: 'inbox' | 'ticket' | 'create';
  ms: number;
  ok: boolean;
  timedOut: boolean;
  error?: string;
}

/** One agent: every `intervalMs` an inbox page, opening one of its tickets, or (1 in 10) a new ticket. */
async function agent(client: Client, teamId: string, agentIndex: number, intervalMs: number, phase: () => Phase | null, samples: Sample[]) {
  const inboxPath = `/api/v1/tickets?status=open&teamId=${teamId}&limit=50`;
  let ticketIds: string[] = [];
  for (let i = 0; ; i++) {
    const current = phase();
    if (!current) return;
    const kind = i % CREATE_EVERY === CREATE_EVERY - 1 ? 'create' : i % 2 === 0 || !ticketIds.length ? 'inbox' : 'ticket';
    const sent = performance.now();
    let sample: Sample;
    try {
      const response =
        kind === 'create'
          ? await client.request('POST', '/api/v1/tickets', ticketBody(agentIndex * 1_000_000 + i, teamId))
          : kind === 'inbox'
            ? await client.request('GET', inboxPath)
            : await client.request('GET', `/api/v1/tickets/${ticketIds[i % ticketIds.length]}`);
      const ok = response.status === (kind === 'create' ? 201 : 200);
      if (ok && kind === 'inbox') ticketIds = (JSON.parse(response.body) as { items: Array<{ id: string }> }).items.map((t) => t.id);
      sample = {
        phase: current,
        kind,
        ms: performance.now() - sent,
        ok,
        timedOut: false,
        ...(ok ? {} : { error: `${response.status} ${response.body.slice(0, 200)}` }),
      };
    } catch (error) {
      const message = (error as Error).message;
      sample = { phase: current, kind, ms: performance.now() - sent, ok: false, timedOut: message.includes('timed out'), error: message };
    }
    samples.push(sample);
    await delay(Math.max(0, intervalMs - sample.ms));
  }
}

/** The server's event-loop figures, one JSON line per phase (written on SIGUSR2 and on shutdown). */
function readEventLoopFigures(file: string): EventLoopFigures[] {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EventLoopFigures);
  } catch {
    return [];
  }
}

function summarisePhase(phase: Phase, seconds: number, samples: Sample[], eventLoop: EventLoopFigures | undefined): PhaseResult {
  const own = samples.filter((sample) => sample.phase === phase);
  const byKind: Record<string, LatencySummary> = {};
  for (const kind of ['inbox', 'ticket', 'create']) byKind[kind] = summarise(own.filter((s) => s.kind === kind).map((s) => s.ms));
  const firstError = own.find((sample) => !sample.ok)?.error;
  return {
    phase,
    seconds: Math.round(seconds * 10) / 10,
    requests: own.length,
    errors: own.filter((sample) => !sample.ok).length,
    timeouts: own.filter((sample) => sample.timedOut).length,
    latencyMs: summarise(own.map((sample) => sample.ms)),
    byKind,
    eventLoopDelayMs: eventLoop ? { samples: eventLoop.samples, p50: eventLoop.p50, p99: eventLoop.p99, max: eventLoop.max } : null,
    ...(firstError ? { firstError } : {}),
  };
}

const formatCount = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export function renderMarkdown(results: BulkLoadResults) {
  const { machine } = results;
  const row = (label: string, cell: (phase: PhaseResult) => string) => `| ${label} | ${results.phases.map(cell).join(' | ')} |`;
  const lines = [
    `# Bulk load beside a serving process — ${results.database} — ${formatCount(results.tickets)} tickets — ${results.date}`,
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}, ${machine.platform}, kernel ${machine.kernel}.`,
    `Code: commit ${results.source.commit}${results.source.uncommittedChanges ? ' with uncommitted changes' : ''}.`,
    `Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end} (a shared machine disturbs the figures).`,
    `Load: ${results.connections} agents, each a request every ${results.intervalMs} ms after the previous answer (inbox page, open a ticket, 1 in ${CREATE_EVERY} a new ticket); timeout ${TIMEOUT_MS / 1000} s.`,
    `Import: \`rapport seed --tickets ${results.tickets}\` took ${results.import.seconds} s beside the server (${results.import.output}).`,
    '',
    `| | ${results.phases.map((p) => `${p.phase} (${p.seconds} s)`).join(' | ')} |`,
    `| --- | ${results.phases.map(() => '---').join(' | ')} |`,
    row('requests', (p) => String(p.requests)),
    row('errors / timeouts', (p) => `${p.errors} / ${p.timeouts}`),
    row('latency p50 / p99 / max', (p) => `${p.latencyMs.p50} / ${p.latencyMs.p99} / ${p.latencyMs.max} ms`),
    row('inbox page p50 / p99', (p) => `${p.byKind.inbox.p50} / ${p.byKind.inbox.p99} ms`),
    row('open ticket p50 / p99', (p) => `${p.byKind.ticket.p50} / ${p.byKind.ticket.p99} ms`),
    row('create ticket p50 / p99', (p) => `${p.byKind.create.p50} / ${p.byKind.create.p99} ms`),
    row('server event-loop delay p99 / max', (p) =>
      p.eventLoopDelayMs ? `${p.eventLoopDelayMs.p99} / ${p.eventLoopDelayMs.max} ms` : '–',
    ),
    '',
    'Goals (issue 11): latency p99 ≤ 500 ms during the import and ≤ 50 ms after it, event-loop delay p99 ≤ 50 ms.',
    '',
  ];
  const errors = results.phases.filter((p) => p.firstError).map((p) => `- ${p.phase}: first error ${p.firstError}`);
  if (errors.length) lines.push('## Errors', '', ...errors, '');
  return lines.join('\n');
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...deskOptions,
      tickets: { type: 'string', default: '1000000' },
      after: { type: 'string', default: '60' },
      before: { type: 'string', default: '10' },
      connections: { type: 'string', default: '4' },
      interval: { type: 'string', default: '100' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const { database, adminUrl } = chooseDatabase(values.db, usage);
  const [tickets, afterSeconds, beforeSeconds, connections, intervalMs] = [
    values.tickets,
    values.after,
    values.before,
    values.connections,
    values.interval,
  ].map(Number);
  if (
    ![tickets, afterSeconds, beforeSeconds, connections, intervalMs].every((n) => Number.isInteger(n) && n >= 0) ||
    tickets < 1 ||
    connections < 1
  ) {
    throw new Error(`--tickets, --after, --before, --connections and --interval take whole numbers\n${usage}`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const date = new Date().toISOString().slice(0, 10);
  const start = loadAverage();
  log(`bulk-load benchmark on ${database}: import ${formatCount(tickets)} tickets beside a serving process`);
  const target = await createTarget(database, adminUrl, `bulk-load-${tickets}`);
  try {
    const { adminEmail } = await prepareDesk(target, EXISTING_TICKETS, log);
    const token =
      (await runRapport(target, ['token', 'create', '--email', adminEmail, '--name', 'bench'], 60_000)).trim().split('\n').pop() ?? '';
    const statsFile = join(target.dataDir, 'event-loop.jsonl');
    const server = await startRapport(target, 120_000, { RAPPORT_EVENT_LOOP_STATS: statsFile });
    const client = createClient(server.port, { sockets: connections, token, timeoutMs: TIMEOUT_MS });
    const samples: Sample[] = [];
    let phase: Phase | null = 'before';
    const phaseStarted: Record<Phase, number> = { before: 0, during: 0, after: 0 };
    const phaseSeconds: Record<Phase, number> = { before: 0, during: 0, after: 0 };
    const enter = (next: Phase | null) => {
      const now = performance.now();
      if (phase) phaseSeconds[phase] = (now - phaseStarted[phase]) / 1000;
      // Closes the server's event-loop figures of the phase that ends (shutdown closes the last).
      if (next) process.kill(server.pid, 'SIGUSR2');
      phase = next;
      if (next) phaseStarted[next] = now;
    };
    let importResult = { seconds: 0, output: '' };
    try {
      const undelivered = await waitForOutboxDrained(target);
      if (undelivered) log(`  ! ${undelivered} outbox events still undelivered after 2 minutes`);
      const teams = JSON.parse((await client.request('GET', '/api/v1/teams')).body) as { items: Array<{ id: string; name: string }> };
      const team = teams.items.find((t) => t.name === 'Frontline Support') ?? teams.items[0];
      if (!team) throw new Error('No team to list an inbox of');
      // Warms connections, caches and the JIT: the first requests would otherwise dominate `before`.
      for (let i = 0; i < 20; i++) await client.request('GET', `/api/v1/tickets?status=open&teamId=${team.id}&limit=50`);
      enter('before');
      const agents = Array.from({ length: connections }, (_, i) => agent(client, team.id, i, intervalMs, () => phase, samples));
      await delay(beforeSeconds * 1000);
      log(`  seed --tickets ${tickets} beside the server`);
      enter('during');
      const importStarted = performance.now();
      const output = (await runRapport(target, ['seed', '--tickets', String(tickets)], 90 * 60_000)).trim();
      importResult = { seconds: Math.round((performance.now() - importStarted) / 100) / 10, output };
      log(`  ${output}`);
      enter('after');
      await delay(afterSeconds * 1000);
      enter(null);
      await Promise.all(agents);
    } finally {
      client.close();
      await server.stop();
    }
    const eventLoop = readEventLoopFigures(statsFile);
    // The first line covers the server's start until the measurement began.
    const phases = PHASES.map((name, i) => summarisePhase(name, phaseSeconds[name], samples, eventLoop[i + 1]));
    for (const p of phases) {
      log(
        `  ${p.phase}: ${p.requests} requests, ${p.errors} errors (${p.timeouts} timeouts), p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms, max ${p.latencyMs.max} ms; event-loop delay p99 ${p.eventLoopDelayMs?.p99 ?? '–'} ms`,
      );
    }
    const results: BulkLoadResults = {
      scenario: 'bulk-load',
      date,
      database,
      machine: describeMachine(),
      source: describeSource(projectRoot),
      loadAverage: { start, end: loadAverage() },
      tickets,
      connections,
      intervalMs,
      import: importResult,
      phases,
    };
    const markdown = renderMarkdown(results);
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-bulk-load-${database}-${formatCount(tickets).toLowerCase()}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and ${base}.md\n`);
  } finally {
    if (!values.keep) await target.drop();
  }
}
