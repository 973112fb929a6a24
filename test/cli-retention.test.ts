import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { monthsBefore } from '../src/modules/retention/rules.ts';
import { createServices } from '../src/server/services.ts';
import { make } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

// `rapport retention run [--dry-run] [--json]` as operators run it: a child process of bin/rapport.js
// on a desk whose history is 30 months old by the real clock.
const root = join(import.meta.dirname, '..');
const rapport = join(root, 'bin', 'rapport.js');
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-retention-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rapport, 'retention', 'run', ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rapport retention run', () => {
  let oldSubject: string;

  beforeAll(async () => {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    const clock = fixedClock(new Date(monthsBefore(Date.now(), 30)).toISOString());
    const services = createServices(handle, { clock, secret: TEST_SECRET });
    const bootstrap = await services.workspace.create({ name: 'Old desk', adminEmail: 'admin@old.test', adminName: 'Admin' });
    const admin = { userId: 'system', workspaceId: bootstrap.workspace.id, role: 'admin' as const, via: 'system' as const };
    const ticket = await make.ticket(services, admin, { status: 'solved' });
    oldSubject = ticket.subject;
    await make.ticket(services, admin, { status: 'open' });
    clock.advance(3_600_000);
    await createMetricsProjector({ db: handle.db, clock }).drain();
    await handle.close();
  });

  it('shows what it would remove without removing it, then removes it, in plain text or JSON', { timeout: 60_000 }, async () => {
    const dry = await run(['--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = JSON.parse(dry.stdout);
    expect(preview).toMatchObject({ dryRun: true, mode: 'anonymise', finished: true, totals: { ticketsAnonymised: 1, ticketsDeleted: 0, contactsAnonymised: 1, messages: 1 } });
    expect(preview.rawDataRemovedBefore).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const dryText = await run(['--dry-run']);
    expect(dryText.code).toBe(0);
    expect(dryText.stdout).toMatch(/^Dry run, nothing was changed \(anonymise\): raw data last active before \d{4}-\d{2}-\d{2}/);
    expect(dryText.stdout).toMatch(/tickets anonymised\s+1\n/);

    const removed = await run([]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed:');
    expect(removed.stdout).toMatch(/tickets anonymised\s+1\n/);
    expect(removed.stdout).toMatch(/contacts anonymised\s+1\n/);

    const check = openDatabase({ dataDir });
    const subjects = (await check.db.selectFrom('ticket').select('subject').execute()).map((row) => row.subject);
    await check.close();
    expect(subjects).not.toContain(oldSubject);
    expect(subjects).toContain('[removed by retention]');

    const again = JSON.parse((await run(['--json'])).stdout);
    expect(again).toMatchObject({ dryRun: false, finished: true, totals: { ticketsAnonymised: 0, contactsAnonymised: 0, messages: 0 } });
  });

  it('refuses an unknown option with exit code 2', async () => {
    const result = await run(['--shred']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--shred'/);
    expect(result.stdout).toBe('');
  });
});
