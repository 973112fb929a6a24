import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { openDatabase } from '../src/db/connect.ts';
import { describeMachine, describeSource, loadAverage, processCpuMillis } from './lib/machine.ts';
import { freePort, projectRoot, runRapport, startRapport } from './lib/processes.ts';

/**
 * `npm run bench -- email`: end-to-end email intake — SMTP in, stored, parsed, threaded, committed as
 * ticket messages (with the automatic acknowledgement queued) — against a bare mailparser parse of
 * the same messages, in one run. SQLite unless DATABASE_URL is set. Reports; asserts nothing.
 */

const usage = `Usage: npm run bench -- email [--messages 600] [--out bench/results]`;

/** The test corpus, each made unique by its Message-ID, repeated up to `count` messages. */
function buildMessages(count: number) {
  const dir = join(projectRoot, 'test', 'fixtures', 'mail');
  const corpus = readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => readFileSync(join(dir, file)).toString('latin1'));
  return Array.from({ length: count }, (_, i) => {
    const raw = corpus[i % corpus.length];
    const headerEnd = raw.search(/\r?\n\r?\n/);
    const headers = raw.slice(0, headerEnd).replace(/^Message-ID:.*(\r?\n[ \t].*)*\r?\n?/im, '');
    return Buffer.from(`Message-ID: <bench-${i}-${Date.now()}@bench.test>\r\n${headers}${raw.slice(headerEnd)}`, 'latin1');
  });
}

async function bareParse(messages: Buffer[]) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const raw of messages) await simpleParser(raw);
  const used = process.cpuUsage(cpu);
  return {
    perSecond: messages.length / ((performance.now() - started) / 1000),
    cpuMsPerMessage: (used.user + used.system) / 1000 / messages.length,
  };
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', default: '600' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const count = Number(values.messages);
  const database = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
  if (database === 'postgres') throw new Error('The email scenario measures SQLite; run it without DATABASE_URL.');
  const messages = buildMessages(count);
  const half = Math.floor(count / 2);
  const loadStart = loadAverage();

  const bareRun = await bareParse(messages);
  const bare = bareRun.perSecond;
  process.stdout.write(`bare mailparser parse: ${bare.toFixed(0)} msg/s\n`);

  const dataDir = join(tmpdir(), 'rapport-bench-email');
  rmSync(dataDir, { recursive: true, force: true });
  const target = { dataDir };
  const smtpPort = await freePort();
  const server = await startRapport(target, 120_000, { RAPPORT_SMTP_PORT: String(smtpPort) });
  const handle = openDatabase({ dataDir });
  try {
    const token = (await runRapport(target, ['token', 'create', '--email', 'admin@rapport.local'], 30_000)).trim();
    const api = (method: string, path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await api('POST', '/api/v1/mailboxes', { address: 'support@bench.test', name: 'Support' });
    await api('PATCH', '/api/v1/workspace', { settings: { email: { senderLimitPerHour: 100_000 } } });

    const processed = async () =>
      Number(
        (
          await handle.db
            .selectFrom('inbound_email')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '!=', 'received')
            .executeTakeFirstOrThrow()
        ).n,
      );
    async function measure(batch: Buffer[], connections: number) {
      const before = await processed();
      const cpuBefore = processCpuMillis(server.pid);
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const transport = nodemailer.createTransport({
            host: '127.0.0.1',
            port: smtpPort,
            secure: false,
            ignoreTLS: true,
            pool: true,
            maxConnections: 1,
            maxMessages: Number.POSITIVE_INFINITY,
          });
          while (next < batch.length) {
            const raw = batch[next++];
            await transport.sendMail({ envelope: { from: 'customer@bench.test', to: 'support@bench.test' }, raw });
          }
          transport.close();
        }),
      );
      const accepted = performance.now();
      while ((await processed()) < before + batch.length) await new Promise((resolve) => setTimeout(resolve, 20));
      const committed = performance.now();
      return {
        messages: batch.length,
        serverCpuMsPerMessage: (processCpuMillis(server.pid) - cpuBefore) / batch.length,
        acceptedPerSecond: batch.length / ((accepted - started) / 1000),
        committedPerSecond: batch.length / ((committed - started) / 1000),
      };
    }
    const sequential = await measure(messages.slice(0, half), 1);
    process.stdout.write(`SMTP → committed, 1 connection: ${sequential.committedPerSecond.toFixed(0)} msg/s\n`);
    const concurrent = await measure(messages.slice(half), 4);
    process.stdout.write(`SMTP → committed, 4 connections: ${concurrent.committedPerSecond.toFixed(0)} msg/s\n`);

    const date = new Date().toISOString().slice(0, 10);
    const results = {
      scenario: 'email',
      date,
      database,
      machine: describeMachine(),
      source: describeSource(projectRoot),
      loadAverage: { start: loadStart, end: loadAverage() },
      bareParsePerSecond: Math.round(bare),
      bareParseCpuMsPerMessage: bareRun.cpuMsPerMessage,
      sequential,
      concurrent,
      ratioSequential: sequential.committedPerSecond / bare,
      ratioConcurrent: concurrent.committedPerSecond / bare,
    };
    const machine = results.machine;
    const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
    const ms = (value: number) => value.toFixed(2);
    const markdown = `# Email intake benchmark — ${database} — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
${count} messages built from the ${'test/fixtures/mail'} corpus (unique Message-IDs), half sent over one SMTP
connection, half over four; "committed" means stored, parsed, threaded and saved as ticket messages
(acknowledgements queued) by the server process.

| measurement | msg/s | share of bare parse | CPU ms per message | share of bare parse's CPU |
| --- | --- | --- | --- | --- |
| bare mailparser parse (same messages, in process) | ${Math.round(bare)} | 100 % | ${ms(bareRun.cpuMsPerMessage)} | 100 % |
| SMTP → committed, 1 connection | ${sequential.committedPerSecond.toFixed(0)} | ${pct(results.ratioSequential)} | ${ms(sequential.serverCpuMsPerMessage)} | ${pct(bareRun.cpuMsPerMessage / sequential.serverCpuMsPerMessage)} |
| SMTP → committed, 4 connections | ${concurrent.committedPerSecond.toFixed(0)} | ${pct(results.ratioConcurrent)} | ${ms(concurrent.serverCpuMsPerMessage)} | ${pct(bareRun.cpuMsPerMessage / concurrent.serverCpuMsPerMessage)} |
| SMTP accepted (250), 1 connection | ${sequential.acceptedPerSecond.toFixed(0)} | | | |
| SMTP accepted (250), 4 connections | ${concurrent.acceptedPerSecond.toFixed(0)} | | | |

"CPU ms per message" is the server process's CPU time (all threads) over the whole phase ÷ messages:
a figure a loaded machine disturbs less than throughput. It leaves out time the event loop waits in a
synchronous fsync.

Command: \`npm run bench -- email --messages ${count}\`
`;
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-email-${database}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and .md\n`);
  } finally {
    await handle.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
