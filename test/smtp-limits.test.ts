import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/lib/actor.ts';
import { ConfigError, loadConfig, SMTP_LIMITS } from '../src/lib/config.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createSmtpReceiver, type SmtpReceiverOptions } from '../src/modules/email/smtp-receiver.ts';
import { createServices } from '../src/server/services.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from './harness.ts';
import { openSmtpSession } from './support/smtp-client.ts';

let database: TestDatabase;
let services: ReturnType<typeof createServices>;
let receiver: ReturnType<typeof createSmtpReceiver> | undefined;

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  services = createServices(database.handle, { clock: fixedClock('2026-03-02T09:00:00Z'), secret: TEST_SECRET });
  const { workspace } = await services.workspace.create({ name: 'Limits', adminEmail: 'admin@limits.test', adminName: 'Admin' });
  await services.mailboxes.create(systemActor(workspace.id), { address: 'help@limits.test', name: 'Help' });
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await database.handle.db.deleteFrom('inbound_email').execute();
});

afterAll(async () => {
  await database?.close();
});

const start = async (limits: Partial<SmtpReceiverOptions>) => {
  receiver = createSmtpReceiver({ host: '127.0.0.1', port: 0, maxBytes: 100_000, intake: services.emailIntake, ...limits });
  return receiver.listen();
};

/** A session greeted and standing in DATA, the message not yet sent. */
async function sessionInData(port: number) {
  const session = openSmtpSession(port);
  expect(await session.reply()).toMatch(/^220 /);
  expect(await session.command('EHLO client.test')).toMatch(/^250/);
  expect(await session.command('MAIL FROM:<ann@customer.test>')).toMatch(/^250/);
  expect(await session.command('RCPT TO:<help@limits.test>')).toMatch(/^250/);
  expect(await session.command('DATA')).toMatch(/^354/);
  session.write('From: ann@customer.test\r\nTo: help@limits.test\r\nSubject: Slow\r\n\r\nIt comes ');
  return session;
}

const storedCount = async () => (await database.handle.db.selectFrom('inbound_email').select('id').execute()).length;

describe('connection limits', () => {
  it('answers 421 and closes connections beyond the total limit', async () => {
    const port = await start({ maxConnections: 2 });
    const held = [openSmtpSession(port), openSmtpSession(port)];
    for (const session of held) expect(await session.reply()).toMatch(/^220 /);
    const third = openSmtpSession(port);
    expect(await third.reply()).toMatch(/^421 .*Too many connected clients/);
    await third.closed;
    held[0].end();
    await held[0].closed;
    const later = openSmtpSession(port);
    expect(await later.reply()).toMatch(/^220 /);
  });

  it('answers 421 to a client address over its own limit while other addresses still connect', async () => {
    const port = await start({ maxConnections: 10, maxConnectionsPerIp: 2 });
    const held = [openSmtpSession(port), openSmtpSession(port)];
    for (const session of held) expect(await session.reply()).toMatch(/^220 /);
    const third = openSmtpSession(port);
    expect(await third.reply()).toBe('421 4.7.0 Too many connections from 127.0.0.1, try again later');
    await third.closed;
    // Any 127/8 address is loopback on Linux: a second client address.
    const elsewhere = openSmtpSession(port, { localAddress: '127.0.0.2' });
    expect(await elsewhere.reply()).toMatch(/^220 /);
  });
});

describe('timeouts', () => {
  it('closes a silent client with 421', async () => {
    const port = await start({ idleTimeoutSeconds: 0.3 });
    const session = openSmtpSession(port);
    expect(await session.reply()).toMatch(/^220 /);
    expect(await session.reply()).toMatch(/^421 .*Timeout/);
    await session.closed;
  });

  it('cuts off a message trickled in for longer than the DATA timeout, storing nothing', async () => {
    const port = await start({ dataTimeoutSeconds: 0.5, idleTimeoutSeconds: 60 });
    const session = await sessionInData(port);
    // One byte every 100 ms keeps the idle timeout from ever firing.
    const trickle = setInterval(() => session.write('.'), 100);
    try {
      expect(await session.reply()).toBe('421 4.4.2 The message did not arrive within 0.5 seconds');
      await session.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(await storedCount()).toBe(0);
  });
});

describe('shutdown', () => {
  it('closes idle sessions with 421 at once', { timeout: 2000 }, async () => {
    // The grace is longer than the test may take: close() must not wait for it.
    const port = await start({ shutdownGraceSeconds: 10 });
    const idle = [openSmtpSession(port), openSmtpSession(port)];
    for (const session of idle) expect(await session.reply()).toMatch(/^220 /);
    expect(await idle[1].command('EHLO client.test')).toMatch(/^250/);
    const closed = receiver!.close();
    receiver = undefined;
    for (const session of idle) {
      expect(await session.reply()).toBe('421 4.3.2 Rapport is shutting down, try again later');
      await session.closed;
    }
    await closed;
  });

  it('lets a message in DATA finish and be stored, then closes its session', async () => {
    const port = await start({ shutdownGraceSeconds: 10 });
    const sending = await sessionInData(port);
    const idle = openSmtpSession(port);
    expect(await idle.reply()).toMatch(/^220 /);
    const closed = receiver!.close();
    receiver = undefined;
    expect(await idle.reply()).toMatch(/^421 4\.3\.2 /);
    sending.write('slowly.\r\n.\r\n');
    expect(await sending.reply()).toBe('250 2.0.0 Stored');
    expect(await sending.reply()).toMatch(/^421 4\.3\.2 /);
    await closed;
    expect(await storedCount()).toBe(1);
  });

  it('cuts off a message still arriving after the grace with 421, storing nothing', async () => {
    const port = await start({ shutdownGraceSeconds: 0.3 });
    const sending = await sessionInData(port);
    await receiver!.close();
    receiver = undefined;
    expect(await sending.reply()).toMatch(/^421 /);
    await sending.closed;
    sending.write('too late.\r\n.\r\n');
    expect(await storedCount()).toBe(0);
  });
});

describe('configuration', () => {
  const env = { RAPPORT_SECRET: TEST_SECRET, RAPPORT_DATA_DIR: '/nonexistent/rapport' };

  it('reads each limit from its variable, with defaults', () => {
    expect(loadConfig(env).smtp).toMatchObject(SMTP_LIMITS);
    const smtp = loadConfig({
      ...env,
      RAPPORT_SMTP_MAX_CONNECTIONS: '7',
      RAPPORT_SMTP_MAX_CONNECTIONS_PER_IP: '3',
      RAPPORT_SMTP_DATA_TIMEOUT_SECONDS: '45',
      RAPPORT_SMTP_IDLE_TIMEOUT_SECONDS: '20',
    }).smtp;
    expect(smtp).toMatchObject({ maxConnections: 7, maxConnectionsPerIp: 3, dataTimeoutSeconds: 45, idleTimeoutSeconds: 20 });
  });

  it('names every bad limit', () => {
    expect(() => loadConfig({ ...env, RAPPORT_SMTP_MAX_CONNECTIONS: '0', RAPPORT_SMTP_DATA_TIMEOUT_SECONDS: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, RAPPORT_SMTP_MAX_CONNECTIONS: '0', RAPPORT_SMTP_DATA_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /RAPPORT_SMTP_MAX_CONNECTIONS: .*; RAPPORT_SMTP_DATA_TIMEOUT_SECONDS: /,
    );
  });
});
