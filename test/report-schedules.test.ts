import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOutboundSender } from '../src/modules/email/outbound.ts';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { createServices } from '../src/server/services.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';
import { pdfText } from './support/pdf-text.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

// Scheduled e-mail of a report, on both databases: the CRUD API and its role checks, and the duty
// that queues each period's report once — however often it runs, after a restart, or in two
// processes at once.

eachDialectApp('report schedules', (ctx: () => AppContext) => {
  let ws: Workspace;
  let supervisor: Awaited<ReturnType<typeof make.token>>;
  let agentToken: string;
  let readOnlyToken: string;
  const sink = startSmtpSink();
  afterAll(() => sink.close());

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token = supervisor.token) => {
    const response = await ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.body ? response.json() : null, headers: response.headers };
  };
  const reportEmails = () => ctx().database.handle.db.selectFrom('outbound_email').selectAll().where('workspace_id', '=', ws.id).where('kind', '=', 'report').orderBy('created_at').orderBy('id').execute();

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-04-01T12:00:00Z'); // a Wednesday
    ws = await make.workspace(services);
    supervisor = await make.token(services, ws, 'supervisor');
    agentToken = (await make.token(services, ws, 'agent')).token;
    readOnlyToken = (await make.token(services, ws, 'read-only')).token;
    await services.mailboxes.create(ws.admin, { address: `reports-${ws.id.slice(-6)}@desk.test`, name: 'Rapport reports' });
    clock.set('2026-03-31T10:00:00Z');
    const ticket = await make.ticket(services, supervisor.actor, { channel: 'email', tags: ['invoice'] });
    await services.messages.add(supervisor.actor, ticket.id, { text: 'Sorted.', status: 'solved' });
    clock.set('2026-04-01T12:00:00Z');
    await createMetricsProjector({ db: ctx().database.handle.db, clock }).drain();
  });

  it('lets supervisors and admins keep schedules, nobody else', async () => {
    const body = { name: 'Monday digest', preset: 'weekly', weekday: 'mon', time: '08:00', recipientUserIds: [supervisor.user.id], recipientEmails: ['Boss@Example.test'] };
    expect((await call('POST', '/api/v1/report-schedules', body, agentToken)).status).toBe(403);
    expect((await call('GET', '/api/v1/report-schedules', undefined, readOnlyToken)).status).toBe(403);
    const created = await call('POST', '/api/v1/report-schedules', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Monday digest', preset: 'weekly', recipientEmails: ['boss@example.test'], channel: null, teamId: null, isActive: true, lastSent: null });
    const listed = await call('GET', '/api/v1/report-schedules');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    const changed = await call('PATCH', `/api/v1/report-schedules/${created.body.id}`, { channel: 'email' });
    expect(changed.body).toMatchObject({ channel: 'email', name: 'Monday digest' });
    expect((await call('PATCH', `/api/v1/report-schedules/${created.body.id}`, { channel: null })).body.channel).toBeNull();
    expect((await call('DELETE', `/api/v1/report-schedules/${created.body.id}`, undefined, agentToken)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/report-schedules/${created.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/report-schedules/${created.body.id}`)).status).toBe(404);
  });

  it('answers bad schedules with problem+json naming the field', async () => {
    const good = { name: 'Digest', preset: 'weekly', weekday: 'mon', time: '08:00', recipientEmails: ['a@example.test'] };
    for (const [change, field] of [
      [{ time: '25:00' }, 'time'],
      [{ preset: 'daily' }, 'preset'],
      [{ recipientEmails: ['not an address'] }, 'recipientEmails'],
      [{ recipientEmails: [] }, 'recipientUserIds'],
      [{ recipientUserIds: ['nobody'] }, 'recipientUserIds'],
    ] as const) {
      const { status, headers, body } = await call('POST', '/api/v1/report-schedules', { ...good, ...change });
      expect(status, JSON.stringify(change)).toBe(400);
      expect(headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(body)).toContain(field);
    }
  });

  it('sends each period once: not before its time, once at it, never again after a restart or from a second process', async () => {
    const { services, clock, database } = ctx();
    const created = await call('POST', '/api/v1/report-schedules', {
      name: 'Weekly to the leads',
      preset: 'weekly',
      weekday: 'mon',
      time: '08:00',
      recipientUserIds: [supervisor.user.id],
      recipientEmails: ['boss@example.test'],
    });
    // Made on Wednesday: last Monday's sending moment came before the schedule existed.
    expect(await services.reportSchedules.sendDue()).toBe(0);
    clock.set('2026-04-06T07:59:00Z');
    expect(await services.reportSchedules.sendDue()).toBe(0);
    clock.set('2026-04-06T08:00:00Z');
    // Two processes at once (a second service graph over the same database): one queues it.
    const other = createServices(database.handle, { clock, secret: TEST_SECRET });
    const [first, second] = await Promise.all([services.reportSchedules.sendDue(), other.reportSchedules.sendDue()]);
    expect(first + second).toBe(1);
    const emails = await reportEmails();
    expect(emails.map((email) => JSON.parse(email.to_addresses)[0].address).sort()).toEqual(['boss@example.test', supervisor.user.email].sort());
    expect(emails[0]).toMatchObject({ ticket_id: null, message_id: null, status: 'queued' });
    expect(emails[0].subject).toContain('Weekly service report');
    expect(emails[0].subject).toContain('2026-03-30 – 2026-04-05');
    expect(emails[0].text).toContain('First contact resolution');
    const [attachment] = JSON.parse(emails[0].attachments ?? '[]');
    expect(attachment).toMatchObject({ filename: 'service-report-2026-03-30-2026-04-05.pdf', contentType: 'application/pdf' });
    const pdf = Buffer.from(attachment.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf).join('\n')).toContain('invoice');
    // The outbound sender delivers it like any email, the PDF attached, marked as automatic.
    const sender = createOutboundSender({ db: database.handle.db, clock, relayUrl: await sink.listen() });
    await sender.drain();
    await sender.stop();
    const delivered = sink.received.find((mail) => mail.headers.includes('boss@example.test'));
    expect(delivered?.parsed.autoSubmitted).toBe(true);
    expect(delivered?.raw.toString('latin1')).toContain('filename=service-report-2026-03-30-2026-04-05.pdf');
    expect((await reportEmails()).every((email) => email.status === 'sent')).toBe(true);

    // Later the same week, and after a "restart" (a fresh service graph): nothing more.
    clock.set('2026-04-08T09:00:00Z');
    expect(await services.reportSchedules.sendDue()).toBe(0);
    expect(await createServices(database.handle, { clock, secret: TEST_SECRET }).reportSchedules.sendDue()).toBe(0);
    expect(await reportEmails()).toHaveLength(2);
    expect((await call('GET', `/api/v1/report-schedules/${created.body.id}`)).body.lastSent).toMatchObject({ from: '2026-03-30', to: '2026-04-05', recipients: 2 });

    // The next Monday sends the next week; a paused schedule sends nothing.
    clock.set('2026-04-13T08:30:00Z');
    expect(await services.reportSchedules.sendDue()).toBe(1);
    expect((await reportEmails()).slice(-1)[0].subject).toContain('2026-04-06 – 2026-04-12');
    await call('PATCH', `/api/v1/report-schedules/${created.body.id}`, { isActive: false });
    clock.set('2026-04-20T08:30:00Z');
    expect(await services.reportSchedules.sendDue()).toBe(0);
    await call('DELETE', `/api/v1/report-schedules/${created.body.id}`);
  });

  it('sends a monthly report on the first chosen weekday of the month, for the month before', async () => {
    const { services, clock } = ctx();
    clock.set('2026-04-20T12:00:00Z');
    const created = await call('POST', '/api/v1/report-schedules', { name: 'Monthly', preset: 'monthly', weekday: 'tue', time: '07:30', recipientEmails: ['board@example.test'] });
    clock.set('2026-04-28T08:00:00Z');
    expect(await services.reportSchedules.sendDue()).toBe(0);
    clock.set('2026-05-05T07:30:00Z'); // the first Tuesday of May
    expect(await services.reportSchedules.sendDue()).toBe(1);
    expect((await reportEmails()).slice(-1)[0].subject).toContain('Monthly service report');
    expect((await call('GET', `/api/v1/report-schedules/${created.body.id}`)).body.lastSent).toMatchObject({ from: '2026-04-01', to: '2026-04-30' });
  });
});
