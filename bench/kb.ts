import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../src/lib/actor.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createServices } from '../src/server/services.ts';
import { openBenchDatabase, timeRuns, writeResults } from './lib/in-process.ts';
import { describeMachine, describeSource, loadAverage } from './lib/machine.ts';
import { projectRoot } from './lib/processes.ts';
import type { LatencySummary } from './lib/stats.ts';

/**
 * `npm run bench -- kb`: knowledge-base search (`GET /api/v1/kb/search`'s service) over N published
 * articles of generated support prose — common and rare words, several words, a word being typed,
 * a misspelt word — beside a bare `select 1`. SQLite by default; PostgreSQL with DATABASE_URL.
 * Reports; asserts nothing.
 */
const usage = 'Usage: npm run bench -- kb [--articles 10000] [--runs 100] [--out bench/results]';

const GLUE = 'the to and a of you your is in for it on with this that can be if or from are not by an at as'.split(' ');
const DOMAIN = `account password reset invoice billing payment refund order shipping delivery tracking router modem
wifi network connection error message login sign security two factor code email address phone number subscription plan
upgrade downgrade cancel renewal trial license device mobile app desktop browser cache cookie settings profile export
import report dashboard data backup restore sync calendar notification alert printer driver firmware update install
battery charger screen display keyboard mouse audio video camera microphone storage disk memory performance slow crash
freeze restart timeout server outage maintenance status integration webhook token permission role admin user team`.split(/\s+/);

/** A deterministic pseudo-random sequence, so both databases get the same articles. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * Support prose as help centres have it: each article is about a topic — a handful of the support
 * words — written with common English glue words and rarer made-up terms (product names, error
 * codes). Deterministic, so both databases get the same articles.
 */
function generator(seed: number) {
  const next = random(seed);
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tor', 'ul', 'vas', 'zen', 'pri', 'sto', 'ne', 'qua'];
  const rare = Array.from(
    { length: 20_000 },
    (_, i) =>
      syllables[i % 12] +
      syllables[Math.floor(i / 12) % 12] +
      syllables[Math.floor(i / 144) % 12] +
      (i >= 1728 ? syllables[Math.floor(i / 1728) % 12] : ''),
  );
  const pick = <T>(list: readonly T[], skew = 1) => list[Math.floor(list.length * next() ** skew)];
  const word = () => (next() < 0.5 ? pick(GLUE, 2) : next() < 0.6 ? pick(DOMAIN, 2) : pick(rare, 1.5));
  return {
    word: () => (next() < 0.6 ? pick(DOMAIN, 2) : pick(rare, 1.5)),
    article() {
      const topic = Array.from({ length: 4 }, () => pick(DOMAIN, 1.5));
      const sentence = (length: number) => Array.from({ length }, () => (next() < 0.25 ? pick(topic) : word())).join(' ');
      return {
        title: Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(topic)).join(' '),
        body: Array.from({ length: 3 + Math.floor(next() * 5) }, () => `<p>${sentence(30 + Math.floor(next() * 50))}.</p>`).join(''),
      };
    },
  };
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '100' },
      out: { type: 'string', default: join(projectRoot, 'bench', 'results') },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const articles = Number(values.articles);
  const runs = Number(values.runs);
  const { handle, database, close } = await openBenchDatabase('kb');
  const loadStart = loadAverage();
  try {
    const services = createServices(handle, { clock: systemClock, secret: 'bench-secret-0123456789-0123456789' });
    const { workspace } = await services.workspace.create({ name: 'Bench', adminEmail: 'admin@bench.test', adminName: 'Admin' });
    const actor = systemActor(workspace.id);
    const text = generator(42);

    const loadStarted = performance.now();
    let written = 0;
    // Eight writers at once, as editors would: SQLite commits them in groups.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (written < articles) {
          written++;
          const { id } = await services.knowledgeBase.create(actor, text.article());
          await services.knowledgeBase.publish(actor, id, 'en', {});
        }
      }),
    );
    // Fresh statistics after the bulk load, as autovacuum would leave them: the planner then uses the full-text indexes.
    await sql`analyze`.execute(handle.db);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    process.stdout.write(`wrote and published ${articles} articles in ${loadSeconds.toFixed(1)} s\n`);

    const queries = generator(7);
    const search = (q: string, prefix = false) => services.knowledgeBase.search(actor, { q, prefix, limit: 20 });
    const misspell = (word: string) => (word.length > 4 ? word.slice(0, 2) + word[3] + word[2] + word.slice(4) : `${word}x`);
    const timings: Array<[string, LatencySummary]> = [
      ['bare `select 1` (baseline)', await timeRuns(runs, () => sql`select 1`.execute(handle.db))],
      ['the most common support word ("account")', await timeRuns(runs, () => search(DOMAIN[0]))],
      ['one of the 12 most common support words', await timeRuns(runs, (i) => search(DOMAIN[i % 12]))],
      ['one word of any frequency', await timeRuns(runs, () => search(queries.word()))],
      ['two words', await timeRuns(runs, () => search(`${queries.word()} ${queries.word()}`))],
      ['three words', await timeRuns(runs, () => search(`${queries.word()} ${queries.word()} ${queries.word()}`))],
      ['typing: a word and a prefix', await timeRuns(runs, () => search(`${queries.word()} ${queries.word().slice(0, 3)}`, true))],
      ['a misspelt word (corrected)', await timeRuns(runs, () => search(misspell(queries.word())))],
    ];
    for (const [name, summary] of timings) process.stdout.write(`${name}: p50 ${summary.p50} ms, p95 ${summary.p95} ms\n`);

    const date = new Date().toISOString().slice(0, 10);
    const machine = describeMachine();
    const source = describeSource(projectRoot);
    const results = {
      scenario: 'kb',
      date,
      database,
      machine,
      source,
      loadAverage: { start: loadStart, end: loadAverage() },
      articles,
      loadSeconds,
      targetP95Ms: 20,
      latencies: Object.fromEntries(timings),
    };
    const markdown = `# Knowledge-base search benchmark — ${database} — ${articles} articles — ${date}

Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.totalMemoryGiB} GiB RAM, Node ${machine.node}.
Code: commit ${source.commit}${source.uncommittedChanges ? ' with uncommitted changes' : ''}.
Load average (1 min) at start/end: ${results.loadAverage.start} / ${results.loadAverage.end}.
${articles} published English articles of generated support prose, written and published through the service in
${loadSeconds.toFixed(0)} s: each about a topic of 4 words from a ${DOMAIN.length}-word support vocabulary (2–4 word titles from it),
with 100–550 word bodies: half common English glue words, then topic and support words, then 20,000 rarer made-up
terms (product names, codes). Queries draw words the same way (support words and rare terms). Each search asks for 20 hits with excerpts. Target: p95 ≤ 20 ms.

| measurement (${runs} runs, in process) | p50 ms | p95 ms |
| --- | --- | --- |
${timings.map(([name, summary]) => `| ${name} | ${summary.p50} | ${summary.p95} |`).join('\n')}

Command: \`npm run bench -- kb --articles ${articles} --runs ${runs}\`${database === 'postgres' ? ' with DATABASE_URL' : ''}
`;
    writeResults(values.out, `${date}-kb-${database}`, results, markdown);
  } finally {
    await close();
  }
}
