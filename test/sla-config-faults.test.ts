import { beforeAll, describe, expect, it } from 'vitest';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { createTimerRunner } from '../src/modules/sla/timers.ts';
import { createServices, inboundProcessorServices } from '../src/server/services.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

const CRLF = '\r\n';
const closedWeek = { timezone: 'UTC', hours: {} };
// Mondays only, and every Monday of 2026–2037 a holiday: closed for more than ten years.
const mondaysOff = {
  timezone: 'UTC',
  hours: { mon: [['09:00', '17:00']] },
  holidays: Array.from({ length: 12 * 53 }, (_, week) => new Date(Date.UTC(2026, 0, 5 + week * 7)).toISOString().slice(0, 10)),
};

// No configuration may stop the desk: a calendar that policies use cannot be saved closed (422), and one
// that gets into the database anyway (an older version, a restore, a hand edit) leaves every ticket path working.
eachDialectApp('SLA configuration faults', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let agent: string;
  let business: { id: string; definition: object };
  let mailbox: string;

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T08:00:00.000Z'); // a Monday
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    agent = (await make.token(services, ws, 'agent')).token;
    const found = (await services.sla.listCalendars(ws.admin)).find((c) => c.name === 'Business hours');
    if (!found) throw new Error('no default calendar');
    business = found;
    mailbox = `faults-${ws.id.slice(-6)}@desk.test`;
    await services.mailboxes.create(ws.admin, { address: mailbox, name: 'Support' });
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token = agent, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  /** Writes a calendar definition past the API, as an older version or a restore could leave it. */
  const forceDefinition = (id: string, definition: object) =>
    ctx().database.handle.db.updateTable('business_calendar').set({ definition: JSON.stringify(definition) }).where('id', '=', id).execute();

  describe('saving', () => {
    it('refuses to close a calendar that SLA policies use, naming the field', async () => {
      const closed = await api('PATCH', `/api/v1/sla/calendars/${business.id}`, admin, { definition: closedWeek });
      expect(closed.statusCode).toBe(422);
      expect(closed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(closed.json()).toMatchObject({ type: '/problems/calendar-never-opens', status: 422, fields: { 'definition.hours': expect.any(String) } });
      expect(closed.json().detail).toMatch(/has no open hours, but 4 SLA policies use it/);
      const holidays = await api('PATCH', `/api/v1/sla/calendars/${business.id}`, admin, { definition: mondaysOff });
      expect(holidays.statusCode).toBe(422);
      expect(holidays.json().fields).toHaveProperty(['definition.holidays']);
      expect(holidays.json().detail).toContain('from 2026-01-05');
      // Nothing changed.
      const stored = (await api('GET', '/api/v1/sla/calendars')).json().items.find((c: { id: string }) => c.id === business.id);
      expect(stored).toMatchObject({ definition: business.definition, problem: null });
    });

    it('saves an unused closed calendar with a warning, and refuses to point a policy at it', async () => {
      const created = await api('POST', '/api/v1/sla/calendars', admin, { name: 'Draft hours', definition: closedWeek });
      expect(created.statusCode).toBe(201);
      expect(created.json().problem).toBe('The calendar "Draft hours" has no open hours, so its SLA clocks have no due time.');
      const policy = await api('POST', '/api/v1/sla/policies', admin, { name: 'Draft', calendarId: created.json().id, targets: { firstResponse: 30 } });
      expect(policy.statusCode).toBe(422);
      expect(policy.json()).toMatchObject({ type: '/problems/calendar-never-opens', fields: { calendarId: expect.any(String) } });
      const standard = (await api('GET', '/api/v1/sla/policies')).json().items.find((p: { name: string }) => p.name.startsWith('Standard'));
      const repointed = await api('PATCH', `/api/v1/sla/policies/${standard.id}`, admin, { calendarId: created.json().id });
      expect(repointed.statusCode).toBe(422);
      expect((await api('GET', '/api/v1/sla/policies')).json().items.find((p: { id: string }) => p.id === standard.id).calendarId).toBe(business.id);
      // Once it opens, the policy may use it.
      const opened = await api('PATCH', `/api/v1/sla/calendars/${created.json().id}`, admin, { definition: { timezone: 'UTC', alwaysOpen: true } });
      expect(opened.json().problem).toBeNull();
      expect((await api('POST', '/api/v1/sla/policies', admin, { name: 'Draft', isActive: false, calendarId: created.json().id, targets: { firstResponse: 30 } })).statusCode).toBe(201);
    });

    it('still refuses an unknown time zone as a validation error', async () => {
      const mars = await api('PATCH', `/api/v1/sla/calendars/${business.id}`, admin, { definition: { timezone: 'Mars/Olympus', hours: {} } });
      expect(mars.statusCode).toBe(400);
      expect(mars.json().fields).toEqual({ timezone: 'unknown' });
    });
  });

  describe('a faulty calendar in the database', () => {
    const reason = 'The calendar "Business hours" has no open hours, so its SLA clocks have no due time.';

    it('lets API tickets be created, changed, replied to and noted, each clock saying why it has no due time', async () => {
      await forceDefinition(business.id, closedWeek);
      const created = await api('POST', '/api/v1/tickets', agent, { subject: 'Still here', channel: 'email', requester: { email: 'f1@example.com' }, message: { text: 'Help' } });
      expect(created.statusCode).toBe(201);
      const ticket = created.json();
      expect(ticket.sla).toMatchObject({ firstResponseDueAt: null, resolutionDueAt: null, nextDueAt: null });
      expect(ticket.sla.clocks.map((c: { status: string; dueAt: null; reason: string }) => [c.status, c.dueAt, c.reason])).toEqual([
        ['running', null, reason],
        ['running', null, reason],
        ['running', null, reason],
      ]);
      const patched = await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { priority: 'P2', tags: ['kept'] });
      expect(patched.statusCode).toBe(200);
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agent, { text: 'On it', status: 'pending' })).statusCode).toBe(201);
      expect((await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agent, { text: 'Internal', internal: true })).statusCode).toBe(201);
      expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { status: 'open' })).statusCode).toBe(200);
      expect((await api('PATCH', `/api/v1/tickets/${ticket.id}`, agent, { status: 'solved' })).statusCode).toBe(200);
      const explanation = (await api('GET', `/api/v1/tickets/${ticket.id}/sla`)).json();
      expect(explanation.calendar).toEqual({ id: business.id, name: 'Business hours', timezone: 'UTC', problem: reason });
      expect(explanation.clocks.find((c: { clock: string }) => c.clock === 'firstResponse')).toMatchObject({ status: 'met', dueAt: null, reason });
      expect(explanation.clocks.find((c: { clock: string }) => c.clock === 'resolution')).toMatchObject({ status: 'met', dueAt: null, reason });
      expect(explanation.lines).toContain(reason);
    });

    it('turns an email into a ticket whose SLA says why', async () => {
      const { services, database, clock } = ctx();
      const raw = [`From: Fay <fay@customer.test>`, `To: ${mailbox}`, 'Subject: Mail still arrives', 'Message-ID: <fault-1@customer.test>', '', 'Hello?', ''].join(CRLF);
      await services.emailIntake.accept({ raw: Buffer.from(raw), recipients: [mailbox], envelopeFrom: 'fay@customer.test', source: 'smtp' });
      const processor = createInboundProcessor({ handle: database.handle, clock, ...inboundProcessorServices(database.handle, { clock, secret: TEST_SECRET }) });
      expect(await processor.drain()).toBe(1);
      const contact = (await services.contacts.list(ws.admin, { email: 'fay@customer.test' })).items[0];
      const [ticket] = (await services.tickets.list(ws.admin, { requesterId: contact.id })).items;
      expect(ticket.subject).toBe('Mail still arrives');
      expect(ticket.sla.clocks.map((c) => c.reason)).toContain(reason);
      const unprocessed = await database.handle.db.selectFrom('inbound_email').select('status').where('workspace_id', '=', ws.id).execute();
      expect(unprocessed.filter((row) => row.status !== 'processed')).toEqual([]);
    });

    it('shows the fault on the calendar and on every policy that uses it', async () => {
      const calendar = (await api('GET', '/api/v1/sla/calendars', admin)).json().items.find((c: { id: string }) => c.id === business.id);
      expect(calendar.problem).toBe(reason);
      const policies = (await api('GET', '/api/v1/sla/policies', admin)).json().items;
      expect(policies.filter((p: { problem: string | null }) => p.problem === reason).map((p: { name: string }) => p.name)).toEqual([
        'Formal complaints',
        'Chat',
        'Social and messaging',
        'Standard (email, portal, phone, API)',
      ]);
      expect(policies.find((p: { name: string }) => p.name.startsWith('P1')).problem).toBeNull();
    });

    it('keeps timers, re-evaluation and escalation working, and other policies timed', async () => {
      const { services, database, clock } = ctx();
      const p1 = await make.ticket(services, ws.admin, { channel: 'email', priority: 'P1' });
      const standard = await make.ticket(services, ws.admin, { channel: 'email', priority: 'P3' });
      expect((await services.tickets.get(ws.admin, p1.id)).sla.firstResponseDueAt).toBe('2026-03-02T09:00:00.000Z');
      const dispatcher = createDispatcher({ db: database.handle.db, clock });
      registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
      // A policy change re-evaluates every open ticket, the faulty ones included.
      const policy = (await services.sla.listPolicies(ws.admin)).find((p) => p.name.startsWith('Standard'));
      expect((await api('PATCH', `/api/v1/sla/policies/${policy?.id}`, admin, { targets: { firstResponse: 60 } })).statusCode).toBe(200);
      await dispatcher.drain();
      expect((await services.tickets.get(ws.admin, standard.id)).sla.clocks).toEqual([
        { clock: 'firstResponse', status: 'running', targetMinutes: 60, dueAt: null, warnAt: null, breachedAt: null, reason },
      ]);
      clock.set('2026-03-02T10:00:00.000Z');
      await createTimerRunner({ db: database.handle.db, clock }).drain();
      const fired = await database.handle.db.selectFrom('outbox').select(['aggregate_id', 'type']).where('type', '=', 'sla.breached').execute();
      expect(fired.map((row) => row.aggregate_id)).toContain(p1.id);
      expect(fired.map((row) => row.aggregate_id)).not.toContain(standard.id);
      const escalated = await api('POST', `/api/v1/tickets/${standard.id}/escalations`, agent, { reason: 'Customer waiting' });
      expect(escalated.statusCode).toBe(201);
      clock.set('2026-03-02T08:00:00.000Z');
    });

    it('keeps working when the stored zone is no longer valid', async () => {
      await forceDefinition(business.id, { timezone: 'Mars/Olympus', hours: { mon: [['09:00', '17:00']] } });
      const created = await api('POST', '/api/v1/tickets', agent, { subject: 'Mars', requester: { email: 'f2@example.com' } });
      expect(created.statusCode).toBe(201);
      expect(created.json().sla.clocks[0].reason).toBe(
        'The calendar "Business hours" cannot be read (Unknown time zone "Mars/Olympus"), so its SLA clocks have no due time.',
      );
      expect((await api('GET', `/api/v1/tickets/${created.json().id}/sla`)).json().calendar.timezone).toBe('UTC');
    });

    it('logs one warn line per fault, not one per ticket change', async () => {
      const { database, clock } = ctx();
      await forceDefinition(business.id, mondaysOff);
      const lines: string[] = [];
      const logger = { warn: (_fields: object, line: string) => lines.push(line) };
      const services = createServices(database.handle, { clock, secret: TEST_SECRET, logger: logger as never });
      for (let i = 0; i < 3; i++) await make.ticket(services, ws.admin, { channel: 'email', priority: 'P3' });
      expect(lines).toEqual([
        'SLA configuration fault: The calendar "Business hours" is closed on every open day for ten years or more from 2026-01-05 (holidays), so its SLA clocks have no due time.',
      ]);
      clock.advance(3_600_000);
      await make.ticket(services, ws.admin, { channel: 'email', priority: 'P3' });
      expect(lines).toHaveLength(2); // reminded once an hour while the fault lasts
      clock.set('2026-03-02T08:00:00.000Z');
      await forceDefinition(business.id, business.definition);
    });
  });
});
