import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';

/**
 * The promise behind "nothing a customer sends is ever lost": a Rapport server receives 1,000
 * messages over SMTP while it is killed with SIGKILL at random moments and restarted. Every message
 * that got a 250 must end up in exactly one ticket, exactly once.
 */
const MESSAGES = 1000;
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-crash-'));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(`keeps every accepted message exactly once across SIGKILLs (${MESSAGES} messages)`, async () => {
  const [httpPort, smtpPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    PORT: String(httpPort),
    RAPPORT_SMTP_PORT: String(smtpPort),
    RAPPORT_SECRET: 'crash-test-secret-0123456789abcdefghij',
    LOG_LEVEL: 'error',
  };
  delete env.DATABASE_URL;
  let server: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/rapport.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      server = child;
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Rapport is ready')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal}): ${output}`)));
    });
  const kill = async () => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  await start();
  const token = (await run(process.execPath, ['bin/rapport.js', 'token', 'create', '--email', 'admin@rapport.local'], { env })).stdout.trim();
  const api = (method: string, path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${httpPort}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await api('POST', '/api/v1/mailboxes', { address: 'support@crash.test', name: 'Support' })).status).toBe(201);
  expect((await api('PATCH', '/api/v1/workspace', { settings: { email: { senderLimitPerHour: 100_000 } } })).status).toBe(200);

  const raw = (i: number) =>
    [
      `From: Customer ${i % 50} <c${i % 50}@customer.test>`,
      'To: support@crash.test',
      `Subject: Crash ${i}`,
      `Message-ID: <crash-${i}@customer.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Message number ${i}.`,
      '',
    ].join('\r\n');
  const accepted = new Set<number>();
  const pending = Array.from({ length: MESSAGES }, (_, i) => i);
  let killing = true;
  // Generous: the bound only stops a hung run; a healthy one ends when all mail is accepted.
  const deadline = Date.now() + 300_000;
  let kills = 0;

  // The chaos: kill at a random moment 0.5–2.5 s into each run, restart, up to 15 times.
  const chaos = (async () => {
    while (killing && kills < 15 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 2000));
      if (!killing) break;
      await kill();
      kills += 1;
      await start();
    }
  })();

  const sender = async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 2000, socketTimeout: 5000 });
    while (Date.now() < deadline) {
      const i = pending.shift();
      if (i === undefined) return;
      try {
        const info = await transport.sendMail({ envelope: { from: `c${i % 50}@customer.test`, to: 'support@crash.test' }, raw: raw(i) });
        if (/^250/.test(info.response)) accepted.add(i);
        else pending.push(i);
      } catch {
        pending.push(i); // refused or cut off: like a real MTA, send again later
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all([sender(), sender(), sender(), sender()]);
  killing = false;
  await chaos;
  if (!server || server.exitCode !== null || server.signalCode !== null) await start();
  expect(accepted.size).toBe(MESSAGES);
  expect(kills).toBeGreaterThan(0);

  // Let the last start process everything, then look at the database itself.
  const handle = openDatabase({ dataDir });
  try {
    // The backlog left by the chaos can be hundreds of messages; on a busy machine that takes a while.
    const waiting = async () =>
      Number((await handle.db.selectFrom('inbound_email').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'received').executeTakeFirstOrThrow()).n);
    for (let waited = 0; waited < 240_000 && (await waiting()) > 0; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await waiting(), 'messages still waiting to be processed').toBe(0);
    const messages = await handle.db.selectFrom('message').select(['email_message_id', 'ticket_id']).where('email_message_id', 'like', '<crash-%').execute();
    const tickets = await handle.db.selectFrom('ticket').select(['id', 'subject']).where('subject', 'like', 'Crash %').execute();
    const perMessage = new Map<string, number>();
    for (const message of messages) perMessage.set(message.email_message_id as string, (perMessage.get(message.email_message_id as string) ?? 0) + 1);
    const perSubject = new Map<string, number>();
    for (const ticket of tickets) perSubject.set(ticket.subject, (perSubject.get(ticket.subject) ?? 0) + 1);
    const missing = [...accepted].filter((i) => perMessage.get(`<crash-${i}@customer.test>`) !== 1);
    if (missing.length) {
      // Say what became of them: the stored rows tell where the pipeline stopped.
      const rows = await handle.db.selectFrom('inbound_email').select(['dedupe_key', 'status', 'outcome', 'attempts', 'ticket_id', 'error']).execute();
      const lost = rows.filter((r) => missing.some((i) => r.dedupe_key.startsWith(`message-id:<crash-${i}@`)));
      console.error(JSON.stringify(lost, null, 1));
      for (const row of lost.slice(0, 2)) {
        if (!row.ticket_id) continue;
        console.error(JSON.stringify(await handle.db.selectFrom('ticket').select(['number', 'subject', 'status', 'merged_into_id']).where('id', '=', row.ticket_id).execute()));
        console.error(JSON.stringify(await handle.db.selectFrom('message').select(['direction', 'author_type', 'email_message_id', 'text']).where('ticket_id', '=', row.ticket_id).execute()));
      }
    }
    for (const i of accepted) {
      expect(perMessage.get(`<crash-${i}@customer.test>`), `message ${i}`).toBe(1);
      expect(perSubject.get(`Crash ${i}`), `ticket ${i}`).toBe(1);
    }
    expect(messages).toHaveLength(MESSAGES);
    expect(tickets).toHaveLength(MESSAGES);
  } finally {
    await handle.close();
    await kill();
  }
}, 600_000);
