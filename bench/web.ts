import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildWeb, initialScriptBytes } from '../scripts/build-web.js';
import { launchBrowser } from '../test/browser/browser.ts';
import { chooseDatabase, createTarget, deskOptions, prepareDesk, waitForOutboxDrained } from './lib/desk.ts';
import { describeMachine, describeSource, loadAverage, type RunHeader } from './lib/machine.ts';
import { projectRoot, startRapport } from './lib/processes.ts';
import { type LatencySummary, summarise } from './lib/stats.ts';

/**
 * `npm run bench -- web`: the agent app's initial JavaScript (gzipped) and how long the inbox takes
 * to show its 50 rows in Chromium, on a desk of N tickets. Reports figures; asserts nothing.
 */

const usage = `Usage: npm run bench -- web [options]
  --db sqlite|postgres   database (default: postgres when DATABASE_URL is set, else sqlite)
  --tickets 10000        tickets to seed besides the demo desk (1000000 for the 1M figure)
  --rounds 15            page loads measured per view
  --keep                 keep the generated database
  --out bench/results    where to write <date>-web-<db>-<size>.json and .md`;

/** Views an agent opens all day: every open ticket, and the unassigned queue sorted by SLA due. */
const VIEWS = [
  { name: 'All', path: '/inbox/all' },
  { name: 'Unassigned', path: '/inbox/unassigned' },
];

interface WebResults extends RunHeader {
  scenario: 'web';
  initialJavaScriptKiBGzipped: number;
  tickets: number;
  views: Array<{ name: string; path: string; rows: number; loadMs: LatencySummary; switchMs: LatencySummary }>;
}

const rowsOf = (page: Page) => page.locator('main tbody tr[data-ticket-number]');

/** Milliseconds from `action` until the inbox table shows `rows` rows. */
async function timeUntilRows(page: Page, rows: number, action: () => Promise<unknown>) {
  const started = performance.now();
  await action();
  await rowsOf(page).nth(rows - 1).waitFor({ timeout: 30_000 });
  return performance.now() - started;
}

async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inbox\//);
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...deskOptions,
      tickets: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '15' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const { database, adminUrl } = chooseDatabase(values.db, usage);
  const tickets = Number(values.tickets);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(tickets) || tickets < 100) throw new Error(`--tickets takes a whole number of at least 100\n${usage}`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number\n${usage}`);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  await buildWeb({ ifStale: true, quiet: true });
  const initialJavaScriptKiBGzipped = Math.round((initialScriptBytes() / 1024) * 10) / 10;
  log(`initial JavaScript: ${initialJavaScriptKiBGzipped} KiB gzipped`);

  const date = new Date().toISOString().slice(0, 10);
  const start = loadAverage();
  const target = await createTarget(database, adminUrl, `web-${tickets}`);
  const browser = await launchBrowser();
  try {
    const desk = await prepareDesk(target, tickets, log);
    const server = await startRapport(target);
    try {
      const undelivered = await waitForOutboxDrained(target);
      if (undelivered) log(`  ! ${undelivered} outbox events still undelivered after 2 minutes`);
      const url = `http://127.0.0.1:${server.port}`;
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signIn(page, url, desk.adminEmail, desk.adminPassword);
      const views: WebResults['views'] = [];
      for (const view of VIEWS) {
        const link = page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${view.name}`) });
        await page.goto(`${url}${view.path}`);
        const count = Number(((await link.locator('[data-count]').textContent()) ?? '').replace(/\D/g, ''));
        const expected = Math.min(50, count);
        if (!expected) {
          log(`  ${view.name}: no tickets in this view, skipped`);
          continue;
        }
        // A full page load each round: the browser cache holds the app, as it does for an agent.
        const load = async () => page.goto(`${url}${view.path}`);
        await timeUntilRows(page, expected, load); // warm-up
        const loadMs: number[] = [];
        for (let i = 0; i < rounds; i++) loadMs.push(await timeUntilRows(page, expected, load));
        // Switching views inside the app: the list query and render, without reloading the app.
        const switchMs: number[] = [];
        for (let i = 0; i < rounds; i++) {
          await page.getByRole('navigation').getByRole('link', { name: /^Pending/ }).click();
          await page.waitForURL(/\/inbox\/pending$/);
          switchMs.push(await timeUntilRows(page, expected, () => link.click()));
        }
        const rows = await rowsOf(page).count();
        views.push({ name: view.name, path: view.path, rows, loadMs: summarise(loadMs), switchMs: summarise(switchMs) });
        log(`  ${view.name}: load p50 ${views.at(-1)?.loadMs.p50} ms, p95 ${views.at(-1)?.loadMs.p95} ms; switch p50 ${views.at(-1)?.switchMs.p50} ms`);
      }
      const results: WebResults = {
        scenario: 'web',
        date,
        database,
        machine: describeMachine(),
        source: describeSource(projectRoot),
        loadAverage: { start, end: loadAverage() },
        initialJavaScriptKiBGzipped,
        tickets,
        views,
      };
      const markdown = renderMarkdown(results);
      mkdirSync(values.out, { recursive: true });
      const base = join(values.out, `${date}-web-${database}-${tickets >= 1_000_000 ? `${tickets / 1_000_000}m` : `${tickets / 1000}k`}`);
      writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(`${base}.md`, markdown);
      process.stdout.write(`\n${markdown}\nWrote ${base}.json and ${base}.md\n`);
    } finally {
      await server.stop();
    }
  } finally {
    await browser.close();
    if (!values.keep) await target.drop();
  }
}

function renderMarkdown(results: WebResults) {
  const { machine } = results;
  return [
    `# Agent app: bundle and inbox render — ${results.database}, ${results.tickets.toLocaleString('en')} tickets + demo desk`,
    '',
    `${results.date} · ${machine.cpuModel}, ${machine.nproc} CPUs, ${machine.totalMemoryGiB} GiB · Node ${machine.node} · ${results.source.commit}${results.source.uncommittedChanges ? ' (with uncommitted changes)' : ''} · load ${results.loadAverage.start} → ${results.loadAverage.end}`,
    '',
    `Initial JavaScript: **${results.initialJavaScriptKiBGzipped} KiB gzipped** (budget 250 KB).`,
    '',
    'Time until the inbox shows its first page (50 rows, or all when the view holds fewer) in headless Chromium; server, browser and database on the same machine:',
    '',
    '| view | page load p50 | page load p95 | switch from another view p50 | switch p95 |',
    '| ---- | ------------: | ------------: | ---------------------------: | ---------: |',
    ...results.views.map(
      (view) => `| ${view.name} (\`${view.path}\`) | ${view.loadMs.p50} ms | ${view.loadMs.p95} ms | ${view.switchMs.p50} ms | ${view.switchMs.p95} ms |`,
    ),
    '',
  ].join('\n');
}
