import { afterAll, beforeAll, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { inboundProcessorServices } from '../src/server/services.ts';
import { createSmtpReceiver } from '../src/modules/email/smtp-receiver.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

const CRLF = '\r\n';
const eml = (headers: Record<string, string>, body: string) =>
  `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(CRLF)}${CRLF}${CRLF}${body.replaceAll('\n', CRLF)}${CRLF}`;

eachDialectApp('email intake over SMTP', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let receiver: ReturnType<typeof createSmtpReceiver>;
  let port: number;
  let processor: ReturnType<typeof createInboundProcessor>;
  let supportAddress: string;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    supportAddress = `support-${ws.id.slice(-6)}@desk.test`;
    const team = await services.teams.create(ws.admin, { name: 'Email team' });
    const created = await ctx().app.inject({ method: 'POST', url: '/api/v1/mailboxes', headers: bearer(admin), payload: { address: supportAddress.toUpperCase(), name: 'Support', teamId: team.id } });
    expect(created.statusCode).toBe(201);
    receiver = createSmtpReceiver({ host: '127.0.0.1', port: 0, maxBytes: 200_000, intake: services.emailIntake });
    port = await receiver.listen();
    processor = createInboundProcessor({ handle: database.handle, clock, ...inboundProcessorServices(database.handle, { clock, secret: TEST_SECRET }) });
  });

  afterAll(async () => {
    await receiver?.close();
  });

  const send = (raw: string, to = supportAddress, from = 'ann@customer.test') =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
      .sendMail({ envelope: { from, to }, raw });
  const ticketsOf = async (requesterEmail: string) => {
    const { services } = ctx();
    const contact = (await services.contacts.list(ws.admin, { email: requesterEmail })).items[0];
    return contact ? (await services.tickets.list(ws.admin, { requesterId: contact.id })).items : [];
  };

  it('stores a message, answers 250, and turns it into a ticket for the mailbox team', async () => {
    const { services } = ctx();
    const info = await send(
      eml(
        { From: 'Ann Example <ann@customer.test>', To: supportAddress, Cc: 'Bob <bob@customer.test>', Subject: 'Printer on fire', 'Message-ID': '<m1@customer.test>', 'Content-Type': 'text/plain; charset=utf-8' },
        'My printer is on fire.\n\n-- \nAnn',
      ),
    );
    expect(info.response).toMatch(/^250/);
    expect(await processor.drain()).toBe(1);
    const [ticket] = await ticketsOf('ann@customer.test');
    expect(ticket).toMatchObject({ subject: 'Printer on fire', channel: 'email', requester: { name: 'Ann Example' } });
    expect(ticket.teamId).not.toBeNull();
    const [message] = await services.messages.list(ws.admin, ticket.id);
    expect(message).toMatchObject({ direction: 'inbound', channel: 'email' });
    expect(message.text).toContain('My printer is on fire.');
  });

  it('threads a reply by In-Reply-To and by the ticket token, never by subject alone', async () => {
    const [ticket] = await ticketsOf('ann@customer.test');
    await send(eml({ From: 'ann@customer.test', To: supportAddress, Subject: 'Re: Printer on fire', 'Message-ID': '<m2@customer.test>', 'In-Reply-To': '<m1@customer.test>' }, 'Still burning.\n\nOn Mon, Ann wrote:\n> My printer is on fire.'));
    await send(eml({ From: 'ann@customer.test', To: supportAddress, Subject: `Update [#${ticket.number}]`, 'Message-ID': '<m3@customer.test>' }, 'The fire brigade came.'));
    await send(eml({ From: 'ann@customer.test', To: supportAddress, Subject: 'Printer on fire', 'Message-ID': '<m4@customer.test>' }, 'A new fire, same subject.'));
    await processor.drain();
    const tickets = await ticketsOf('ann@customer.test');
    expect(tickets).toHaveLength(2);
    const messages = (await ctx().services.messages.list(ws.admin, ticket.id)).filter((m) => m.direction === 'inbound');
    expect(messages.map((m) => m.text.split('\n')[0])).toEqual(['My printer is on fire.', 'Still burning.', 'The fire brigade came.']);
  });

  it('keeps one message when the same mail is delivered twice', async () => {
    const raw = eml({ From: 'dup@customer.test', To: supportAddress, Subject: 'Twice', 'Message-ID': '<dup@customer.test>' }, 'Once only.');
    await send(raw);
    await send(raw);
    await processor.drain();
    const tickets = await ticketsOf('dup@customer.test');
    expect(tickets).toHaveLength(1);
    const inbound = (await ctx().services.messages.list(ws.admin, tickets[0].id)).filter((m) => m.direction === 'inbound');
    expect(inbound).toHaveLength(1);
  });

  it('refuses unknown recipients with 550 and oversized mail with 552, storing nothing', async () => {
    await expect(send(eml({ From: 'x@customer.test', To: 'nobody@desk.test', Subject: 'Hi' }, 'Hello'), 'nobody@desk.test')).rejects.toMatchObject({ responseCode: 550 });
    await expect(send(eml({ From: 'big@customer.test', To: supportAddress, Subject: 'Big' }, 'x'.repeat(300_000)))).rejects.toMatchObject({ responseCode: 552 });
    await processor.drain();
    expect(await ticketsOf('big@customer.test')).toEqual([]);
  });

  it('keeps attachments and marks auto-submitted mail', async () => {
    const raw = [
      `From: robot@customer.test${CRLF}To: ${supportAddress}${CRLF}Subject: Out of office${CRLF}Auto-Submitted: auto-replied${CRLF}Message-ID: <ooo@customer.test>`,
      `MIME-Version: 1.0${CRLF}Content-Type: multipart/mixed; boundary="b1"${CRLF}${CRLF}--b1${CRLF}Content-Type: text/plain${CRLF}${CRLF}I am away.${CRLF}--b1`,
      `Content-Type: text/plain; name="notes.txt"${CRLF}Content-Disposition: attachment; filename="notes.txt"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${Buffer.from('hello notes').toString('base64')}${CRLF}--b1--${CRLF}`,
    ].join(CRLF);
    await send(raw, supportAddress, 'robot@customer.test');
    await processor.drain();
    const [ticket] = await ticketsOf('robot@customer.test');
    expect(ticket.tags).toEqual(['auto-submitted']);
    const [message] = await ctx().services.messages.list(ws.admin, ticket.id);
    expect(message.attachments).toMatchObject([{ filename: 'notes.txt', size: 11 }]);
    const download = await ctx().app.inject({ method: 'GET', url: `/api/v1/attachments/${message.attachments[0].id}`, headers: bearer(admin) });
    expect(download.body).toBe('hello notes');
  });

  it('drops mail from denied senders and holds a looping sender', async () => {
    const { services } = ctx();
    await services.workspace.update(ws.admin, { settings: { email: { denyList: ['@spam.test'], senderLimitPerHour: 3 } } });
    await send(eml({ From: 'x@spam.test', To: supportAddress, Subject: 'Buy now' }, 'Cheap'), supportAddress, 'x@spam.test');
    for (let i = 0; i < 5; i++) await send(eml({ From: 'loop@customer.test', To: supportAddress, Subject: `Loop ${i}`, 'Message-ID': `<loop${i}@customer.test>` }, 'Again'), supportAddress, 'loop@customer.test');
    await processor.drain();
    expect(await ticketsOf('x@spam.test')).toEqual([]);
    expect((await ticketsOf('loop@customer.test')).length).toBeLessThanOrEqual(4);
    const log = (await ctx().app.inject({ method: 'GET', url: '/api/v1/inbound-emails?limit=20', headers: bearer(admin) })).json().items;
    expect(log.map((entry: { outcome: string }) => entry.outcome)).toEqual(expect.arrayContaining(['denied', 'rate-limited', 'created']));
  });

  it('turns mail carrying NUL characters into tickets with the NUL removed', async () => {
    const { services } = ctx();
    const from = 'nul@customer.test';
    await send(eml({ From: from, To: supportAddress, Subject: '=?utf-8?B?YQBi?=', 'Message-ID': '<nul1@customer.test>' }, 'Encoded subject.'), supportAddress, from);
    await send(
      eml({ From: from, To: supportAddress, Subject: 'Quoted', 'Message-ID': '<nul2@customer.test>', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': 'quoted-printable' }, 'one=00two'),
      supportAddress,
      from,
    );
    await send(eml({ From: from, To: supportAddress, Subject: 'Raw', 'Message-ID': '<nul3@customer.test>' }, 'three\0four'), supportAddress, from);
    await processor.drain();
    const tickets = await ticketsOf(from);
    expect(tickets.map((ticket) => ticket.subject).sort()).toEqual(['Quoted', 'Raw', 'ab']);
    const texts = await Promise.all(tickets.map(async (ticket) => (await services.messages.list(ws.admin, ticket.id)).find((m) => m.direction === 'inbound')?.text.trim()));
    expect(texts.sort()).toEqual(['Encoded subject.', 'onetwo', 'threefour']);
  });
});
