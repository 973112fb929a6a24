import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { inboundProcessorServices } from '../src/server/services.ts';
import { createSmtpReceiver } from '../src/modules/email/smtp-receiver.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

/**
 * A message whose processing keeps failing is never abandoned silently: after its last attempt it is
 * listed as failed with its error, an admin can retry it, and the sender resending it retries it.
 * The fault is real: a database trigger refuses tickets whose subject starts with "Poison", as a
 * configuration the desk cannot get past would, until the test lifts it.
 */
const HOUR = 3_600_000;

eachDialectApp('failed inbound email', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let supervisor: string;
  let agent: string;
  let address: string;
  let receiver: ReturnType<typeof createSmtpReceiver>;
  let port: number;
  let processor: ReturnType<typeof createInboundProcessor>;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    supervisor = (await make.token(services, ws, 'supervisor')).token;
    agent = (await make.token(services, ws, 'agent')).token;
    address = `help-${ws.id.slice(-6)}@failed.test`;
    await services.mailboxes.create(ws.admin, { address, name: 'Help' });
    receiver = createSmtpReceiver({ host: '127.0.0.1', port: 0, maxBytes: 200_000, intake: services.emailIntake });
    port = await receiver.listen();
    processor = createInboundProcessor({ handle: database.handle, clock, ...inboundProcessorServices(database.handle, { clock, secret: TEST_SECRET }) });
    await poisonTickets(true);
  });

  afterAll(async () => {
    await receiver?.close();
  });

  async function poisonTickets(on: boolean) {
    const { db } = ctx().database.handle;
    if (ctx().dialect === 'sqlite') {
      if (on) await sql`create trigger poison_ticket before insert on ticket when new.subject like 'Poison%' begin select raise(abort, 'poisoned ticket'); end`.execute(db);
      else await sql`drop trigger poison_ticket`.execute(db);
      return;
    }
    if (on) {
      await sql`create or replace function poison_ticket() returns trigger language plpgsql as $$
        begin if new.subject like 'Poison%' then raise exception 'poisoned ticket'; end if; return new; end $$`.execute(db);
      await sql`create trigger poison_ticket before insert on ticket for each row execute function poison_ticket()`.execute(db);
    } else await sql`drop trigger poison_ticket on ticket`.execute(db);
  }

  const raw = (id: string, subject: string) =>
    `From: Pat <pat@customer.test>\r\nTo: ${address}\r\nSubject: ${subject}\r\nMessage-ID: <${id}@customer.test>\r\n\r\nPlease help.\r\n`;
  const send = (message: string) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: 'pat@customer.test', to: address }, raw: message });
  const get = (url: string, token = admin) => ctx().app.inject({ method: 'GET', url, headers: bearer(token) });
  const post = (url: string, token = admin) => ctx().app.inject({ method: 'POST', url, headers: bearer(token) });
  const stored = (id: string) => ctx().database.handle.db.selectFrom('inbound_email').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logEntry = async (messageId: string) =>
    (await ctx().database.handle.db.selectFrom('inbound_email').select('id').where('dedupe_key', '=', `message-id:<${messageId}@customer.test>`).executeTakeFirstOrThrow()).id;

  /** Lets the processor try until it gives up: ten attempts, an hour of backoff apart at most. */
  async function failUntilGivenUp() {
    for (let attempt = 0; attempt < 10; attempt++) {
      await processor.drain();
      ctx().clock.advance(HOUR);
    }
    await processor.drain();
  }

  it('lists a message given up after ten failed attempts as failed, with its error and attempts', async () => {
    expect((await send(raw('p1', 'Poison one'))).response).toMatch(/^250/);
    await processor.drain();
    const id = await logEntry('p1');
    const retrying = (await get('/api/v1/inbound-emails?status=retrying')).json();
    expect(retrying.items).toMatchObject([{ id, status: 'received', attempts: 1, error: expect.stringContaining('poisoned ticket') }]);

    await failUntilGivenUp();
    expect(await stored(id)).toMatchObject({ status: 'failed', outcome: 'failed', attempts: 10 });
    const failed = await get('/api/v1/inbound-emails?status=failed', supervisor);
    expect(failed.statusCode).toBe(200);
    expect(failed.json().items).toMatchObject([{ id, status: 'failed', outcome: 'failed', attempts: 10, error: expect.stringContaining('poisoned ticket') }]);
    expect((await get('/api/v1/inbound-emails?status=retrying')).json().items).toEqual([]);
    expect((await get('/api/v1/inbound-emails?status=failed', agent)).statusCode).toBe(403);
    expect((await get('/api/v1/inbound-emails?status=lost')).statusCode).toBe(400);
  });

  it('keeps a message that cannot be parsed apart: failed at once, outcome unreadable', async () => {
    await send(`From: pat@customer.test\r\nTo: ${address}\r\nSubject: Nul\0 in a header\r\nMessage-ID: <u1@customer.test>\r\n\r\nBody\r\n`);
    await processor.drain();
    expect(await stored(await logEntry('u1'))).toMatchObject({ status: 'failed', outcome: 'unreadable', attempts: 1 });
  });

  it('pages through failed messages with a keyset cursor', async () => {
    await send(raw('p2', 'Poison two'));
    await failUntilGivenUp();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get(`/api/v1/inbound-emails?status=failed&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([await logEntry('p2'), await logEntry('u1'), await logEntry('p1')]);
  });

  it('retries a failed message when the sender sends the same bytes again', async () => {
    const id = await logEntry('p1');
    expect((await send(raw('p1', 'Poison one'))).response).toMatch(/^250/);
    expect(await stored(id)).toMatchObject({ status: 'received', attempts: 0, outcome: null });
    await processor.drain();
    expect(await stored(id)).toMatchObject({ status: 'received', attempts: 1 });
    expect(await ctx().database.handle.db.selectFrom('inbound_email').select('id').where('dedupe_key', '=', 'message-id:<p1@customer.test>').execute()).toHaveLength(1);
  });

  it('lets an admin retry one message or every failed one, and only an admin', async () => {
    await poisonTickets(false);
    const [p1, p2, u1] = [await logEntry('p1'), await logEntry('p2'), await logEntry('u1')];
    expect((await post(`/api/v1/inbound-emails/${p1}/retry`, supervisor)).statusCode).toBe(403);
    const one = await post(`/api/v1/inbound-emails/${p1}/retry`);
    expect(one.statusCode).toBe(200);
    expect(one.json().items).toEqual([{ id: p1, error: expect.stringContaining('poisoned ticket') }]);
    await processor.drain();
    expect(await stored(p1)).toMatchObject({ status: 'processed', outcome: 'created', error: null });

    const all = await post('/api/v1/inbound-emails/retry');
    expect(all.json().items.map((item: { id: string }) => item.id).sort()).toEqual([p2, u1].sort());
    await processor.drain();
    expect(await stored(p2)).toMatchObject({ status: 'processed', outcome: 'created' });
    expect(await stored(u1)).toMatchObject({ status: 'failed', outcome: 'unreadable' });
    const subjects = (await ctx().services.tickets.list(ws.admin, {})).items.map((ticket) => ticket.subject);
    expect(subjects.sort()).toEqual(['Poison one', 'Poison two']);

    const again = await post(`/api/v1/inbound-emails/${p1}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({ type: '/problems/conflict', detail: 'The message was processed already' });
    expect((await post('/api/v1/inbound-emails/01JQ0000000000000000000000/retry')).json()).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect((await post('/api/v1/inbound-emails/retry')).json()).toEqual({ items: [{ id: u1, error: expect.any(String) }] });
  });

  it('delivers the batch-mates of a failing message: only its own savepoint is rolled back', async () => {
    await poisonTickets(true);
    const subjects = ['Batch first', 'Poison in the middle', 'Batch last'];
    for (const [i, subject] of subjects.entries()) expect((await send(raw(`b${i}`, subject))).response).toMatch(/^250/);
    await processor.drain();
    const [first, poisoned, last] = await Promise.all(subjects.map((_, i) => logEntry(`b${i}`).then(stored)));
    expect(first).toMatchObject({ status: 'processed', outcome: 'created' });
    expect(last).toMatchObject({ status: 'processed', outcome: 'created' });
    expect(poisoned).toMatchObject({ status: 'received', attempts: 1, error: expect.stringContaining('poisoned ticket') });
    const { db } = ctx().database.handle;
    const tickets = await db.selectFrom('ticket').select('subject').where('workspace_id', '=', ws.id).where('subject', 'like', 'Batch%').execute();
    expect(tickets.map((t) => t.subject).sort()).toEqual(['Batch first', 'Batch last']);
    // Nothing of the poisoned delivery stayed behind: no contact message, no outbox event for it.
    expect(await db.selectFrom('message').select('id').where('email_message_id', '=', '<b1@customer.test>').execute()).toEqual([]);
    await poisonTickets(false);
  });
});
