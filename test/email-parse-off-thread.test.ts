import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemActor } from '../src/lib/actor.ts';
import { systemClock } from '../src/lib/clock.ts';
import { parseEmailWithContent } from '../src/modules/email/parse.ts';
import { OFF_THREAD_BYTES, parseEmailOffThread } from '../src/modules/email/parse-off-thread.ts';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { createServices, inboundProcessorServices } from '../src/server/services.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from './harness.ts';

const CRLF = '\r\n';
/** A message with one binary attachment, base64 in lines of 76: about 4/3 of `bytes` on the wire. */
function messageWithAttachment(id: string, content: Buffer) {
  const boundary = 'off-thread-boundary';
  const encoded = content.toString('base64').replace(/(.{76})/g, `$1${CRLF}`);
  return Buffer.from(
    [
      'From: Ann <ann@customer.test>',
      'To: help@parse.test',
      `Subject: Scan ${id}`,
      `Message-ID: <${id}@customer.test>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The scan is attached.',
      `--${boundary}`,
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Disposition: attachment; filename="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      encoded,
      `--${boundary}--`,
      '',
    ].join(CRLF),
  );
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The largest event-loop delay while `work` runs, in ms (a 10 ms timer's view of the main thread). */
async function eventLoopHeldDuring(work: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await work();
  delay.disable();
  return delay.max / 1e6;
}

describe('parseEmailOffThread', () => {
  it('gives exactly what parseEmailWithContent gives, attachments as Buffers, for the whole corpus', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'mail');
    const files = readdirSync(dir).filter((file) => file.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      const offThread = await parseEmailOffThread(raw, { offThreadBytes: 0 });
      expect(offThread, file).toStrictEqual(await parseEmailWithContent(raw));
      for (const attachment of offThread.attachments) expect(Buffer.isBuffer(attachment.content)).toBe(true);
    }
  });

  it('throws the same errors', async () => {
    const inline = await parseEmailWithContent(Buffer.from('not an email')).catch((error) => error);
    const offThread = await parseEmailOffThread(Buffer.from('not an email'), { offThreadBytes: 0 }).catch((error) => error);
    expect(offThread).toBeInstanceOf(inline.constructor);
    expect(offThread).toMatchObject({ code: inline.code, status: inline.status, message: inline.message });
  });
});

describe('the inbound processor with a large message', () => {
  let database: TestDatabase;
  let services: ReturnType<typeof createServices>;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    services = createServices(database.handle, { clock: systemClock, secret: TEST_SECRET });
    const { workspace } = await services.workspace.create({ name: 'Parse', adminEmail: 'admin@parse.test', adminName: 'Admin' });
    await services.mailboxes.create(systemActor(workspace.id), { address: 'help@parse.test', name: 'Help' });
  });
  afterAll(() => database?.close());

  it('keeps the event loop free while a 24 MB message is parsed, and stores its attachment intact', async () => {
    const scan = randomBytes(17 * 1024 * 1024);
    const big = messageWithAttachment('big', scan);
    expect(big.length).toBeGreaterThan(OFF_THREAD_BYTES);
    // The same parse on the main thread, for scale: the figure the worker must stay well under.
    await parseEmailWithContent(big); // warm-up
    const heldInline = await eventLoopHeldDuring(() => parseEmailWithContent(big));

    await services.emailIntake.accept({ raw: big, recipients: ['help@parse.test'], envelopeFrom: 'ann@customer.test', source: 'smtp' });
    const processor = createInboundProcessor({ handle: database.handle, clock: systemClock, ...inboundProcessorServices(database.handle, { clock: systemClock, secret: TEST_SECRET }) });
    const heldOffThread = await eventLoopHeldDuring(() => processor.drain());
    expect(heldOffThread).toBeLessThan(heldInline / 2);

    const stored = await database.handle.db.selectFrom('inbound_email').select(['outcome']).executeTakeFirstOrThrow();
    expect(stored.outcome).toBe('created');
    const attachment = await database.handle.db.selectFrom('attachment').select(['filename', 'size', 'sha256']).executeTakeFirstOrThrow();
    expect(attachment).toEqual({ filename: 'scan.pdf', size: scan.length, sha256: sha256(scan) });
  });
});

describe('in the bundle bin/rapport.js builds', () => {
  const SECRET = 'parse-worker-secret-0123456789abcdefghij';
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-parse-bundle-'));
  beforeAll(async () => {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    const setup = createServices(handle, { clock: systemClock, secret: SECRET });
    const { workspace } = await setup.workspace.create({ name: 'Bundle', adminEmail: 'admin@bundle.test', adminName: 'Admin' });
    await setup.mailboxes.create(systemActor(workspace.id), { address: 'help@parse.test', name: 'Help' });
    await handle.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('parses a large message in the worker thread: `rapport mail ingest` makes its ticket', async () => {
    const scan = randomBytes(2 * 1024 * 1024);
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_SECRET: SECRET, LOG_LEVEL: 'error' };
    delete env.DATABASE_URL;
    const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = execFile(process.execPath, ['bin/rapport.js', 'mail', 'ingest', '--mailbox', 'help@parse.test'], { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stderr })) : resolve({ stdout, stderr }),
      );
      child.stdin?.end(messageWithAttachment('bundled', scan));
    });
    expect(result.stdout).toMatch(/^Stored \S+: created \(ticket #1\)$/m);
    const handle = openDatabase({ dataDir });
    try {
      expect(await handle.db.selectFrom('attachment').select(['size', 'sha256']).executeTakeFirstOrThrow()).toEqual({ size: scan.length, sha256: sha256(scan) });
    } finally {
      await handle.close();
    }
  });
});
