import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.ts';
import * as m0001 from '../src/db/migrations/0001-foundation.ts';
import * as m0002 from '../src/db/migrations/0002-sla.ts';
import * as m0003 from '../src/db/migrations/0003-escalation.ts';
import * as m0004 from '../src/db/migrations/0004-routing.ts';
import * as m0005 from '../src/db/migrations/0005-ticket-structure.ts';
import * as m0006 from '../src/db/migrations/0006-email.ts';
import * as m0007 from '../src/db/migrations/0007-canned-responses.ts';
import * as m0008 from '../src/db/migrations/0008-presence.ts';
import * as m0009 from '../src/db/migrations/0009-customer-context.ts';
import * as m0010 from '../src/db/migrations/0010-inbound-dedupe.ts';
import * as m0012 from '../src/db/migrations/0012-ticket-metrics.ts';
import * as m0016 from '../src/db/migrations/0016-shifts.ts';
import type { InboundEmailTable } from '../src/db/types.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createServices } from '../src/server/services.ts';
import { make } from './factories.ts';
import { dialects, POSTGRES_URL, TEST_SECRET } from './harness.ts';

// Migration 0010 on a database that already holds mail under the old key (`<Message-ID>|<sha256>`),
// including two copies of one Message-ID and two ticket messages sharing one.

async function openAt0009(dialect: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-0010-'));
  let handle: DatabaseHandle;
  let dropSchema = async () => {};
  if (dialect === 'sqlite') handle = openDatabase({ dataDir });
  else {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    handle = openDatabase({ dataDir, databaseUrl: POSTGRES_URL, schema, poolSize: 2 });
    dropSchema = async () => void (await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db));
  }
  // Today's services write the old data, so the later tables and columns they write to exist too (0012 and 0016 touch no mail).
  for (const migration of [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0012, m0016]) await migration.up(handle.db);
  return {
    handle,
    close: async () => {
      await dropSchema();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

it.each(dialects)('rewrites old intake keys and gives duplicates keys of their own [%s]', async (dialect) => {
  const { handle, close } = await openAt0009(dialect);
  try {
    const { db } = handle;
    const services = createServices(handle, { clock: fixedClock('2026-03-02T09:00:00.000Z'), secret: TEST_SECRET });
    const ws = await make.workspace(services);
    const mailbox = await services.mailboxes.create(ws.admin, { address: 'old@migrate.test', name: 'Old' });
    const hash = (n: number) => String(n).repeat(64);
    const row = (id: string, key: string, sha256: string, receivedAt: number): InboundEmailTable => ({
      id,
      workspace_id: ws.id,
      mailbox_id: mailbox.id,
      sha256,
      size: 10,
      dedupe_key: key,
      envelope_from: null,
      recipients: '[]',
      source: 'smtp',
      received_at: receivedAt,
      status: 'processed',
      attempts: 1,
      available_at: receivedAt,
      lease_until: null,
      processed_at: receivedAt,
      outcome: 'created',
      ticket_id: null,
      message_id: null,
      error: null,
    });
    await db
      .insertInto('inbound_email')
      .values([
        row('a', `<same@x>|${hash(1)}`, hash(1), 1),
        row('b', `<same@x>|${hash(2)}`, hash(2), 2),
        row('c', `|${hash(3)}`, hash(3), 3),
        row('d', `<pipe|id@x>|${hash(4)}`, hash(4), 4),
      ])
      .execute();
    const first = await make.ticket(services, ws.admin);
    const second = await make.ticket(services, ws.admin);
    await db.updateTable('message').set({ email_message_id: '<twice@x>' }).where('ticket_id', 'in', [first.id, second.id]).execute();

    await m0010.up(db);

    const keys = await db.selectFrom('inbound_email').select(['id', 'dedupe_key']).orderBy('id').execute();
    expect(keys).toEqual([
      { id: 'a', dedupe_key: 'message-id:<same@x>' },
      { id: 'b', dedupe_key: 'message-id:<same@x>#b' },
      { id: 'c', dedupe_key: `sha256:${hash(3)}` },
      { id: 'd', dedupe_key: 'message-id:<pipe|id@x>' },
    ]);
    const messageIds = await db.selectFrom('message').select(['ticket_id', 'email_message_id']).where('ticket_id', 'in', [first.id, second.id]).execute();
    expect(messageIds.filter((message) => message.email_message_id === '<twice@x>')).toHaveLength(1);
    await expect(db.insertInto('inbound_email').values(row('e', 'message-id:<same@x>', hash(5), 5)).execute()).rejects.toThrow();
  } finally {
    await close();
  }
});

