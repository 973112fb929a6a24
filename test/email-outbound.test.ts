import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { createOutboundSender } from '../src/modules/email/outbound.ts';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { inboundProcessorServices } from '../src/server/services.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

const CRLF = '\r\n';
const eml = (headers: Record<string, string>, body: string) =>
  `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(CRLF)}${CRLF}${CRLF}${body.replaceAll('\n', CRLF)}${CRLF}`;

eachDialectApp('email out: acknowledgements, replies, retries, bounces', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: string;
  const sink = startSmtpSink();
  let pump: () => Promise<void>;
  let address: string;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    clock.set('2026-03-02T08:00:00.000Z');
    ws = await make.workspace(services);
    agent = (await make.token(services, ws, 'agent')).token;
    address = `help-${ws.id.slice(-6)}@desk.test`;
    await services.mailboxes.create(ws.admin, { address, name: 'Help Desk' });
    const relayUrl = await sink.listen();
    const processor = createInboundProcessor({ handle: database.handle, clock, ...inboundProcessorServices(database.handle, { clock, secret: TEST_SECRET }) });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    const sender = createOutboundSender({ db: database.handle.db, clock, relayUrl });
    // Everything the running server does in the background, run to completion.
    pump = async () => {
      await processor.drain();
      await dispatcher.drain();
      await sender.drain();
    };
  });

  afterAll(() => sink.close());

  const receive = async (headers: Record<string, string>, body: string) => {
    await ctx().services.emailIntake.accept({ raw: Buffer.from(eml({ To: address, ...headers }, body)), recipients: [address], envelopeFrom: headers.From, source: 'smtp' });
    await pump();
  };
  const ticketOf = async (email: string) => {
    const { services } = ctx();
    const contact = (await services.contacts.list(ws.admin, { email })).items[0];
    return (await services.tickets.list(ws.admin, { requesterId: contact.id })).items[0];
  };

  it('acknowledges a new email ticket with its number and the service-level promise', async () => {
    await receive({ From: 'Ann <ann@customer.test>', Subject: 'Printer on fire', 'Message-ID': '<a1@customer.test>' }, 'It burns.');
    const ticket = await ticketOf('ann@customer.test');
    const ack = sink.received.at(-1);
    expect(ack?.parsed).toMatchObject({ subject: `Printer on fire [#${ticket.number}]`, inReplyTo: '<a1@customer.test>', autoSubmitted: true });
    expect(ack?.parsed.from).toEqual({ address, name: 'Help Desk' });
    expect(ack?.parsed.to).toEqual([{ address: 'ann@customer.test', name: 'Ann' }]);
    expect(ack?.parsed.text).toContain(`#${ticket.number}`);
    expect(ack?.parsed.text).toMatch(/We will reply by Monday 2 March.* 13:00/);
    const current = await ctx().services.tickets.get(ws.admin, ticket.id);
    expect(current.sla.clocks.find((c) => c.clock === 'acknowledgement')?.status).toBe('met');
    expect(current.firstResponseAt).toBeNull();
  });

  it('never acknowledges auto-submitted mail', async () => {
    const before = sink.received.length;
    await receive({ From: 'robot@customer.test', Subject: 'Automatic reply: away', 'Auto-Submitted': 'auto-replied', 'Message-ID': '<ooo1@customer.test>' }, 'Away until Monday.');
    expect(await ticketOf('robot@customer.test')).toBeDefined();
    expect(sink.received.length).toBe(before);
  });

  it('sends agent replies threaded on the conversation, and threads the answer back', async () => {
    const ticket = await ticketOf('ann@customer.test');
    const posted = await ctx().app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: bearer(agent), payload: { text: 'We are sending a technician.' } });
    expect(posted.statusCode).toBe(201);
    await pump();
    const reply = sink.received.at(-1);
    expect(reply?.parsed.subject).toBe(`Re: Printer on fire [#${ticket.number}]`);
    expect(reply?.parsed.references).toContain('<a1@customer.test>');
    const messages = await ctx().services.messages.list(ws.admin, ticket.id);
    expect(messages.at(-1)?.deliveryStatus).toBe('sent');
    await receive({ From: 'ann@customer.test', Subject: 'Re: Printer on fire', 'Message-ID': '<a2@customer.test>', 'In-Reply-To': reply?.parsed.messageId ?? '' }, 'Thanks!');
    expect((await ctx().services.messages.list(ws.admin, ticket.id)).at(-1)?.text).toContain('Thanks!');
  });

  it('retries a refused send with backoff and shows a permanent failure on the message', async () => {
    const { clock } = ctx();
    const ticket = await ticketOf('ann@customer.test');
    sink.refuse(451);
    await ctx().app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: bearer(agent), payload: { text: 'Second try' } });
    await pump();
    let last = (await ctx().services.messages.list(ws.admin, ticket.id)).at(-1);
    expect(last?.deliveryStatus).toBe('queued');
    sink.refuse(undefined);
    await pump();
    expect((await ctx().services.messages.list(ws.admin, ticket.id)).at(-1)?.deliveryStatus).toBe('queued'); // not before its backoff
    clock.advance(61_000);
    await pump();
    expect((await ctx().services.messages.list(ws.admin, ticket.id)).at(-1)?.deliveryStatus).toBe('sent');
    sink.refuse(550);
    await ctx().app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: bearer(agent), payload: { text: 'Doomed' } });
    await pump();
    sink.refuse(undefined);
    last = (await ctx().app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/messages`, headers: bearer(agent) })).json().items.at(-1);
    expect(last).toMatchObject({ text: 'Doomed', deliveryStatus: 'failed' });
  });

  it('attaches a bounce to the ticket whose message bounced instead of opening a ticket', async () => {
    const ticket = await ticketOf('ann@customer.test');
    const sent = sink.received.at(-1)?.parsed.messageId ?? '';
    const before = (await ctx().services.tickets.list(ws.admin, {})).items.length;
    const boundary = 'dsn1';
    const dsn = [
      `From: MAILER-DAEMON@customer.test${CRLF}To: ${address}${CRLF}Subject: Undelivered Mail Returned to Sender${CRLF}Message-ID: <dsn1@customer.test>`,
      `MIME-Version: 1.0${CRLF}Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"${CRLF}${CRLF}--${boundary}`,
      `Content-Type: text/plain${CRLF}${CRLF}The mailbox ann@customer.test is full.${CRLF}--${boundary}`,
      `Content-Type: message/delivery-status${CRLF}${CRLF}Final-Recipient: rfc822; ann@customer.test${CRLF}Action: failed${CRLF}Status: 5.2.2${CRLF}${CRLF}--${boundary}`,
      `Content-Type: text/rfc822-headers${CRLF}${CRLF}Message-ID: ${sent}${CRLF}Subject: Re: Printer on fire${CRLF}${CRLF}--${boundary}--${CRLF}`,
    ].join(CRLF);
    await ctx().services.emailIntake.accept({ raw: Buffer.from(dsn), recipients: [address], envelopeFrom: null, source: 'smtp' });
    await pump();
    expect((await ctx().services.tickets.list(ws.admin, {})).items.length).toBe(before);
    const messages = await ctx().services.messages.list(ws.admin, ticket.id);
    expect(messages.find((m) => m.deliveryStatus === 'bounced')).toBeDefined();
    expect(messages.at(-1)).toMatchObject({ internal: true, authorType: 'system' });
  });
});
