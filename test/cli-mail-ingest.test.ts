import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock, systemClock } from '../src/lib/clock.ts';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { createServices, inboundProcessorServices } from '../src/server/services.ts';

const SECRET = 'cli-ingest-secret-0123456789abcdefghijkl';
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-ingest-'));
const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_SECRET: SECRET, LOG_LEVEL: 'error' };
delete env.DATABASE_URL;

function mail(args: string[], stdin = '') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['bin/rapport.js', 'mail', ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const ingest = (raw: string, args: string[] = ['--mailbox', 'help@ingest.test']) => mail(['ingest', ...args], raw);

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
  const again = await ingest(message('p1', 'Received: from another.relay.test by mx; Mon, 2 Mar 2026 10:00:00 +0000\r\n'));
  // The id of the message stored the first time, not of a copy that was never kept.
  expect(again.stdout).toBe(`Already stored ${first.stdout.split(' ')[1]} created (ticket #1)\n`);
});

it('retries a failed message: by its id, with --all, or when the same message is piped in again', async () => {
  const handle = openDatabase({ dataDir });
  const poison = (on: boolean) =>
    (on ? sql`create trigger poison_ticket before insert on ticket when new.subject = 'Poison' begin select raise(abort, 'poisoned ticket'); end` : sql`drop trigger poison_ticket`).execute(handle.db);
  // A processor with its own clock stands in for hours of backoff until the message is given up.
  const clock = fixedClock(new Date().toISOString());
  const processor = createInboundProcessor({ handle, clock, ...inboundProcessorServices(handle, { clock, secret: SECRET }) });
  const giveUp = async () => {
    for (let step = 0; step < 12; step++, clock.advance(3_600_000)) await processor.drain();
  };
  try {
    await poison(true);
    const poisoned = message('r1').replace('Subject: Piped in', 'Subject: Poison');
    const first = await ingest(poisoned);
    const id = first.stdout.split(' ')[1].replace(':', '');
    expect(first.stdout).toBe(`Stored ${id}: retrying after an error: poisoned ticket\n`);
    await giveUp();
    expect((await ingest(poisoned)).stdout).toBe(`Already stored (had failed, processed again) ${id}: retrying after an error: poisoned ticket\n`);
    expect((await mail(['retry', id])).stdout).toBe(`Requeued ${id}: retrying after an error: poisoned ticket\n`);
    await giveUp();

    expect(await mail(['retry'])).toMatchObject({ code: 2, stderr: 'Name one stored message id, or give --all to retry every failed message.\n' });
    expect(await mail(['retry', 'no-such-id'])).toMatchObject({ code: 2, stderr: 'No stored message has the id no-such-id.\n' });
    await poison(false);
    expect((await mail(['retry', '--all'])).stdout).toMatch(new RegExp(`^Requeued ${id}: created \\(ticket #\\d+\\)\\n$`));
    expect((await mail(['retry', '--all'])).stdout).toBe('No failed messages to retry.\n');
    expect(await mail(['retry', id])).toMatchObject({ code: 2, stderr: `Cannot retry ${id}: the message was processed already.\n` });
  } finally {
    await handle.close();
  }
});

it('refuses mail nobody receives and input that is not mail, with exit code 2', async () => {
  const unknown = await ingest(message('p3'), ['--mailbox', 'nobody@ingest.test']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/No mailbox here receives mail for nobody@ingest.test/);
  const garbage = await ingest('this is not an email at all');
  expect(garbage.code).toBe(2);
  expect(garbage.stderr).not.toMatch(/\n\s+at /);
});
