import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../src/lib/actor.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createSmtpReceiver } from '../src/modules/email/smtp-receiver.ts';
import { createServices } from '../src/server/services.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from './harness.ts';

const certDir = mkdtempSync(join(tmpdir(), 'rapport-tls-'));
let database: TestDatabase;
let receiver: ReturnType<typeof createSmtpReceiver>;
let port: number;

beforeAll(async () => {
  // A throwaway self-signed certificate, made by Debian's openssl.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  database = await createTestDatabase('sqlite');
  const services = createServices(database.handle, { clock: fixedClock('2026-03-02T09:00:00Z'), secret: TEST_SECRET });
  const { workspace } = await services.workspace.create({ name: 'TLS', adminEmail: 'admin@tls.test', adminName: 'Admin' });
  await services.mailboxes.create(systemActor(workspace.id), { address: 'secure@tls.test', name: 'Secure' });
  receiver = createSmtpReceiver({ host: '127.0.0.1', port: 0, maxBytes: 100_000, intake: services.emailIntake, tlsKeyFile: join(certDir, 'key.pem'), tlsCertFile: join(certDir, 'cert.pem') });
  port = await receiver.listen();
});

afterAll(async () => {
  await receiver?.close();
  await database?.close();
  rmSync(certDir, { recursive: true, force: true });
});

it('offers STARTTLS when a certificate is configured', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
  const info = await transport.sendMail({ from: 'a@customer.test', to: 'secure@tls.test', subject: 'Over TLS', text: 'Encrypted in transit.' });
  expect(info.response).toMatch(/^250/);
  const stored = await database.handle.db.selectFrom('inbound_email').select(['source', 'status']).execute();
  expect(stored).toEqual([{ source: 'smtp', status: 'received' }]);
});
