import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { ParsedEmailWithContent } from '../src/modules/email/parse.ts';
import { parseEmailWithContent } from '../src/modules/email/parse.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';

/**
 * `npm run bench -- email-parse`: how long parsing one message takes and how long it holds the event
 * loop (the largest delay a 10 ms timer sees, perf_hooks.monitorEventLoopDelay), parsed on the main
 * thread and in a worker thread — from the TypeScript sources (tsx in the thread) and from an esbuild
 * bundle like the one bin/rapport.js runs. The small sizes show what a worker costs, which sets
 * OFF_THREAD_BYTES in src/modules/email/parse-off-thread.ts. Reports; asserts nothing.
 */

const usage = 'Usage: npm run bench -- email-parse [--runs 3] [--out bench/results]';
type Parse = (raw: Buffer) => Promise<ParsedEmailWithContent>;

const CRLF = '\r\n';
const headers = (subject: string, contentType: string) =>
  `From: Ann <ann@customer.test>${CRLF}To: help@desk.test${CRLF}Subject: ${subject}${CRLF}Message-ID: <${subject.replaceAll(' ', '-')}@bench.test>${CRLF}MIME-Version: 1.0${CRLF}Content-Type: ${contentType}${CRLF}`;
const wrapped = (text: string) => text.replace(/(.{76})/g, `$1${CRLF}`);

/** Plain text of about `bytes`, in lines of 72 characters. */
const textMessage = (bytes: number) =>
  Buffer.from(`${headers(`text ${bytes}`, 'text/plain; charset=utf-8')}${CRLF}${'The printer is on fire again, please send help. '.repeat(Math.ceil(bytes / 48)).replace(/(.{72})/g, `$1${CRLF}`)}`);

/** HTML of about `bytes`: paragraphs with links and styles, as mail clients write it (sanitised on parse). */
const htmlMessage = (bytes: number) =>
  Buffer.from(`${headers(`html ${bytes}`, 'text/html; charset=utf-8')}${CRLF}<html><body>${'<p style="color:#333">The <b>printer</b> is on <a href="https://example.test/fire">fire</a> again.</p>'.repeat(Math.ceil(bytes / 86)).replace(/(.{900})/g, `$1${CRLF}`)}</body></html>${CRLF}`);

/** One line of `bytes` characters, no line break. */
const longLineMessage = (bytes: number) => Buffer.from(`${headers('one long line', 'text/plain; charset=utf-8')}${CRLF}${'x'.repeat(bytes)}${CRLF}`);

/** A short text and one binary attachment, base64: about `bytes` on the wire. */
const attachmentMessage = (bytes: number) => {
  const boundary = 'bench-boundary';
  const attachment = wrapped(randomBytes(Math.floor((bytes * 3) / 4)).toString('base64'));
  return Buffer.from(
    `${headers(`attachment ${bytes}`, `multipart/mixed; boundary="${boundary}"`)}${CRLF}--${boundary}${CRLF}Content-Type: text/plain${CRLF}${CRLF}See the attached scan.${CRLF}--${boundary}${CRLF}Content-Type: application/pdf; name="scan.pdf"${CRLF}Content-Disposition: attachment; filename="scan.pdf"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${attachment}${CRLF}--${boundary}--${CRLF}`,
  );
};

/** The parse-off-thread module bundled as bin/rapport.js bundles the CLI: plain JavaScript in the thread. */
async function bundledOffThread(dir: string): Promise<Parse> {
  const email = join(projectRoot, 'src', 'modules', 'email');
  await build({
    entryPoints: { 'parse-off-thread': join(email, 'parse-off-thread.ts'), 'parse-worker': join(email, 'parse-worker.ts') },
    outdir: dir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const module = await import(pathToFileURL(join(dir, 'parse-off-thread.js')).href);
  return (raw) => module.parseEmailOffThread(raw, { offThreadBytes: 0 });
}

async function measure(parse: Parse, raw: Buffer, runs: number) {
  const durations: number[] = [];
  let worstDelayMs = 0;
  for (let run = 0; run < runs; run += 1) {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    await parse(raw);
    durations.push(performance.now() - started);
    delay.disable();
    worstDelayMs = Math.max(worstDelayMs, delay.max / 1e6);
  }
  durations.sort((a, b) => a - b);
  return { parseMs: Math.round(durations[Math.floor(durations.length / 2)]), maxEventLoopDelayMs: Math.round(worstDelayMs) };
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '3' }, out: { type: 'string', default: join(projectRoot, 'bench', 'results') }, help: { type: 'boolean' } },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const runs = Number(values.runs);
  const bundleDir = join(projectRoot, 'node_modules', '.cache', `rapport-bench-parse-${process.pid}`);
  const loadStart = loadAverage();
  try {
    const { parseEmailOffThread } = await import('../src/modules/email/parse-off-thread.ts');
    const modes: Record<string, Parse> = {
      'main thread': parseEmailWithContent,
      'worker (sources, tsx)': (raw) => parseEmailOffThread(raw, { offThreadBytes: 0 }),
      'worker (bundle)': await bundledOffThread(bundleDir),
    };
    const messages: Record<string, Buffer> = {
      'text 16 KB': textMessage(16 * 1024),
      'text 64 KB': textMessage(64 * 1024),
      'text 256 KB': textMessage(256 * 1024),
      'text 1 MB': textMessage(1024 * 1024),
      'HTML 256 KB': htmlMessage(256 * 1024),
      'HTML 1 MB': htmlMessage(1024 * 1024),
      'one 5 MB line': longLineMessage(5 * 1024 * 1024),
      '24 MB, one attachment': attachmentMessage(24 * 1024 * 1024),
    };
    const rows: Array<{ message: string; bytes: number; mode: string; parseMs: number; maxEventLoopDelayMs: number }> = [];
    for (const [message, raw] of Object.entries(messages)) {
      for (const [mode, parse] of Object.entries(modes)) {
        await parse(raw); // warm up: modules loaded, code compiled
        const figures = await measure(parse, raw, runs);
        rows.push({ message, bytes: raw.length, mode, ...figures });
        process.stdout.write(`${message.padEnd(24)} ${mode.padEnd(22)} parse ${String(figures.parseMs).padStart(5)} ms, event loop held up to ${figures.maxEventLoopDelayMs} ms\n`);
      }
    }
    const date = new Date().toISOString().slice(0, 10);
    const results = { scenario: 'email-parse', date, runs, machine: describeMachine(), source: describeSource(projectRoot), loadAverage: { start: loadStart, end: loadAverage() }, rows };
    const machine = results.machine;
    const markdown = `# Email parsing on and off the event loop — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}. Median of ${runs} runs after a warm-up;
"event loop held" is the largest delay perf_hooks.monitorEventLoopDelay (10 ms resolution) saw while parsing.

| message | bytes | parsed on | parse (ms) | event loop held (ms) |
| --- | --- | --- | --- | --- |
${rows.map((r) => `| ${r.message} | ${r.bytes} | ${r.mode} | ${r.parseMs} | ${r.maxEventLoopDelayMs} |`).join('\n')}

Command: \`npm run bench -- email-parse --runs ${runs}\`
`;
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `${date}-email-parse`);
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
    process.stdout.write(`\n${markdown}\nWrote ${base}.json and .md\n`);
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
