import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createServices } from '../src/server/services.ts';

const SECRET = 'cli-ingest-secret-0123456789abcdefghijkl';
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-ingest-'));
const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_SECRET: SECRET, LOG_LEVEL: 'error' };
delete env.DATABASE_URL;

function ingest(raw: string, args: string[] = ['--mailbox', 'help@ingest.test']) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['bin/rapport.js', 'mail', 'ingest', ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(raw);
  });
}

const message = (id: string, extra = '') =>
  `From: Dana <dana@customer.test>\r\nTo: help@ingest.test\r\nSubject: Piped in\r\nMessage-ID: <${id}@customer.test>\r\n${extra}\r\nHello from the MTA.\r\n`;

beforeAll(async () => {
  const handle = openDatabase({ dataDir });
  await migrateToLatest(handle.db);
  const services = createServices(handle, { clock: systemClock, secret: SECRET });
  const { workspace } = await services.workspace.create({ name: 'Ingest', adminEmail: 'admin@ingest.test', adminName: 'Admin' });
  await services.mailboxes.create({ userId: 'system', workspaceId: workspace.id, role: 'admin', via: 'system' }, { address: 'help@ingest.test', name: 'Help' });
  await handle.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('turns a piped message into a ticket, and its reply into a message on it', async () => {
  const first = await ingest(message('p1'));
  expect(first).toMatchObject({ code: 0 });
  expect(first.stdout).toMatch(/^Stored \S+: created \(ticket #1\)$/m);
  const reply = await ingest(message('p2', 'In-Reply-To: <p1@customer.test>\r\n'), []);
  expect(reply.stdout).toMatch(/appended \(ticket #1\)/);
  const again = await ingest(message('p1'));
  expect(again.stdout).toMatch(/^Already stored/m);
});

it('refuses mail nobody receives and input that is not mail, with exit code 2', async () => {
  const unknown = await ingest(message('p3'), ['--mailbox', 'nobody@ingest.test']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/No mailbox here receives mail for nobody@ingest.test/);
  const garbage = await ingest('this is not an email at all');
  expect(garbage.code).toBe(2);
  expect(garbage.stderr).not.toMatch(/\n\s+at /);
});
