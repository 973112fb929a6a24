import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
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
import * as m0011 from '../src/db/migrations/0011-process-leases.ts';
import * as m0012 from '../src/db/migrations/0012-ticket-metrics.ts';
import * as m0013 from '../src/db/migrations/0013-surveys.ts';
import * as m0014 from '../src/db/migrations/0014-follow-ups.ts';
import * as m0015 from '../src/db/migrations/0015-nps.ts';
import { isUniqueViolation } from '../src/db/dialect.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { createServices } from '../src/server/services.ts';
import { make } from './factories.ts';
import { dialects, POSTGRES_URL, TEST_SECRET } from './harness.ts';

// Migration 0015 rebuilds follow_up (ticket_id optional, kind, notified_customer) on a database that
// already holds CSAT follow-ups: they keep every field, and the one-open rules still hold.

async function openAt0014(dialect: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-0015-'));
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
  for (const migration of [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014]) await migration.up(handle.db);
  return {
    handle,
    close: async () => {
      await dropSchema();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

it.each(dialects)('keeps the CSAT follow-ups, marks those whose note was a reply as notified, and keeps one open per ticket [%s]', async (dialect) => {
  const { handle, close } = await openAt0014(dialect);
  try {
    const { db } = handle;
    const services = createServices(handle, { clock: fixedClock('2026-03-02T09:00:00.000Z'), secret: TEST_SECRET });
    const ws = await make.workspace(services);
    const first = await make.ticket(services, ws.admin);
    const second = await make.ticket(services, ws.admin);
    const reply = await services.messages.add(ws.admin, first.id, { text: 'We fixed it.' });
    const note = await services.messages.add(ws.admin, second.id, { text: 'Coached the team.', internal: true });
    const row = (id: string, ticketId: string, contactId: string, status: string, messageId: string | null) => ({
      id,
      workspace_id: ws.id,
      ticket_id: ticketId,
      survey_id: `survey-${id}`,
      contact_id: contactId,
      source_event_id: `event-${id}`,
      score: 1,
      status,
      owner_id: null,
      owner_source: 'none',
      due_at: 1,
      opened_at: 1,
      closed_at: status === 'done' ? 2 : null,
      closed_by: status === 'done' ? ws.admin.userId : null,
      change_note: status === 'done' ? 'note' : null,
      note_message_id: messageId,
      created_at: 1,
      updated_at: 2,
    });
    // Inserted as 0014 left the table (no kind, no notified_customer).
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto('follow_up')
      .values([
        row('f1', first.id, first.requester.id, 'done', reply.id),
        row('f2', second.id, second.requester.id, 'done', note.id),
        row('f3', second.id, second.requester.id, 'open', null),
      ])
      .execute();

    await m0015.up(db);

    const rows = await db.selectFrom('follow_up').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.kind, r.ticket_id, r.status, r.notified_customer, r.note_message_id])).toEqual([
      ['f1', 'csat', first.id, 'done', 1, reply.id],
      ['f2', 'csat', second.id, 'done', 0, note.id],
      ['f3', 'csat', second.id, 'open', 0, null],
    ]);
    const again = { ...rows[2], id: 'f4', source_event_id: 'event-f4' };
    await expect(db.insertInto('follow_up').values(again).execute()).rejects.toSatisfy(isUniqueViolation);
    // NPS follow-ups have no ticket: one open per contact.
    const nps = { ...rows[2], id: 'n1', source_event_id: 'event-n1', kind: 'nps', ticket_id: null };
    await db.insertInto('follow_up').values(nps).execute();
    await expect(db.insertInto('follow_up').values({ ...nps, id: 'n2', source_event_id: 'event-n2' }).execute()).rejects.toSatisfy(isUniqueViolation);
    await db.insertInto('follow_up').values({ ...nps, id: 'n3', source_event_id: 'event-n3', status: 'done' }).execute();
  } finally {
    await close();
  }
});
