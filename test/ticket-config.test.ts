import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('custom statuses and custom fields', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let agent: string;
  let readOnly: string;

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z'); // Monday
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    agent = (await make.token(services, ws, 'agent')).token;
    readOnly = (await make.token(services, ws, 'read-only')).token;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const newTicket = async (payload: object = {}) => {
    const response = await api('POST', '/api/v1/tickets', agent, { subject: 'Config test', channel: 'email', requester: { email: `cfg-${Math.random()}@example.com` }, message: { text: 'Hi' }, ...payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('lets admins define custom statuses mapped to categories, and only admins', async () => {
    const created = await api('POST', '/api/v1/ticket-statuses', admin, { key: 'waiting-vendor', label: 'Waiting for vendor', category: 'pending' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'waiting-vendor', label: 'Waiting for vendor', category: 'pending', isActive: true });
    expect((await api('POST', '/api/v1/ticket-statuses', admin, { key: 'in-progress', label: 'In progress', category: 'open' })).statusCode).toBe(201);
    expect((await api('POST', '/api/v1/ticket-statuses', agent, { key: 'x', label: 'X', category: 'open' })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/ticket-statuses', admin, { key: 'waiting-vendor', label: 'Again', category: 'open' })).statusCode).toBe(409);
    const builtIn = await api('POST', '/api/v1/ticket-statuses', admin, { key: 'pending', label: 'Pending', category: 'pending' });
    expect(builtIn.statusCode).toBe(400);
    expect(builtIn.json().fields).toHaveProperty('key');
    expect((await api('POST', '/api/v1/ticket-statuses', admin, { key: 'Bad Key', label: 'x', category: 'open' })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/ticket-statuses', admin, { key: 'weird', label: 'x', category: 'archived' })).statusCode).toBe(400);
    const list = (await api('GET', '/api/v1/ticket-statuses', readOnly)).json().items;
    expect(list.map((s: { key: string }) => s.key)).toEqual(['waiting-vendor', 'in-progress']);
  });

  it('sets status and custom status together, shows the label, filters by it and clears it on a plain status', async () => {
    const ticket = await newTicket({ customStatus: 'in-progress' });
    expect(ticket).toMatchObject({ status: 'open', customStatus: 'in-progress', customStatusLabel: 'In progress' });
    const patch = (body: object) => ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: body });
    const vendor = await patch({ customStatus: 'waiting-vendor' });
    expect(vendor.json()).toMatchObject({ status: 'pending', customStatus: 'waiting-vendor', customStatusLabel: 'Waiting for vendor' });
    const mismatch = await patch({ status: 'open', customStatus: 'waiting-vendor' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().fields).toHaveProperty('customStatus');
    const unknown = await patch({ customStatus: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields.customStatus).toBe('unknown custom status');

    const filtered = (await api('GET', '/api/v1/tickets?customStatus=waiting-vendor', agent)).json().items;
    expect(filtered.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    expect((await api('GET', '/api/v1/tickets?status=pending', agent)).json().items.map((t: { id: string }) => t.id)).toContain(ticket.id);

    // A customer reply reopens the ticket: the vendor label no longer applies.
    await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agent, { text: 'Any news?', author: 'requester' });
    const reopened = (await api('GET', `/api/v1/tickets/${ticket.id}`, agent)).json();
    expect(reopened).toMatchObject({ status: 'open', customStatus: null, customStatusLabel: null });
    const plain = await patch({ customStatus: 'waiting-vendor' });
    expect(plain.json().customStatus).toBe('waiting-vendor');
    expect((await patch({ status: 'pending' })).json()).toMatchObject({ status: 'pending', customStatus: null });
    const history = (await api('GET', `/api/v1/tickets/${ticket.id}/events`, agent)).json().items;
    expect(history.filter((e: { field: string }) => e.field === 'customStatus').length).toBeGreaterThanOrEqual(3);
  });

  it('pauses the SLA while a ticket has a custom status mapped to pending', async () => {
    const { clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    const ticket = await newTicket();
    await api('POST', `/api/v1/tickets/${ticket.id}/messages`, agent, { text: 'Asking the vendor' });
    const paused = (await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: { customStatus: 'waiting-vendor' } })).json();
    expect(paused.status).toBe('pending');
    expect(paused.sla.resolutionDueAt).toBeNull();
    const explanation = (await api('GET', `/api/v1/tickets/${ticket.id}/sla`, agent)).json();
    expect(explanation.pauses.at(-1)).toMatchObject({ from: '2026-03-02T09:00:00.000Z', to: null });
    expect(explanation.clocks.find((c: { clock: string }) => c.clock === 'resolution').status).toBe('paused');
    clock.set('2026-03-02T11:00:00.000Z');
    const resumed = (await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: { customStatus: 'in-progress' } })).json();
    expect(resumed.status).toBe('open');
    expect(resumed.sla.resolutionDueAt).not.toBeNull();
  });

  it('keeps statuses in use: no delete, no category change; deactivating stops new use', async () => {
    await newTicket({ customStatus: 'waiting-vendor' });
    const statuses = (await api('GET', '/api/v1/ticket-statuses', admin)).json().items;
    const vendor = statuses.find((s: { key: string }) => s.key === 'waiting-vendor');
    expect((await api('DELETE', `/api/v1/ticket-statuses/${vendor.id}`, admin)).statusCode).toBe(409);
    expect((await api('PATCH', `/api/v1/ticket-statuses/${vendor.id}`, admin, { category: 'on-hold' })).statusCode).toBe(409);
    const renamed = await api('PATCH', `/api/v1/ticket-statuses/${vendor.id}`, admin, { label: 'With the vendor', isActive: false });
    expect(renamed.json()).toMatchObject({ label: 'With the vendor', isActive: false });
    const refused = await newTicket().then((t) => ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${t.id}`, headers: bearer(agent), payload: { customStatus: 'waiting-vendor' } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields.customStatus).toBe('inactive custom status');
    const tagged = (await api('GET', '/api/v1/tickets?customStatus=waiting-vendor', agent)).json().items;
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged[0].customStatusLabel).toBe('With the vendor');
    const unused = (await api('POST', '/api/v1/ticket-statuses', admin, { key: 'unused', label: 'Unused', category: 'on-hold' })).json();
    expect((await api('PATCH', `/api/v1/ticket-statuses/${unused.id}`, admin, { category: 'pending' })).json().category).toBe('pending');
    expect((await api('DELETE', `/api/v1/ticket-statuses/${unused.id}`, admin)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/ticket-statuses/${unused.id}`, admin)).statusCode).toBe(404);
  });

  it('validates custom field values of every type against the definitions', async () => {
    const define = async (body: object) => {
      const response = await api('POST', '/api/v1/custom-fields', admin, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    await define({ key: 'orderRef', label: 'Order reference', type: 'text' });
    await define({ key: 'seats', label: 'Seats', type: 'number' });
    await define({ key: 'renewal', label: 'Renewal date', type: 'date' });
    const plan = await define({ key: 'plan', label: 'Plan', type: 'select', options: ['basic', 'pro'] });
    await define({ key: 'areas', label: 'Areas', type: 'multi-select', options: ['billing', 'login'] });
    await define({ key: 'vip', label: 'VIP', type: 'checkbox' });
    expect(plan).toMatchObject({ type: 'select', options: ['basic', 'pro'], required: false, isActive: true });
    expect((await api('POST', '/api/v1/custom-fields', admin, { key: 'plan', label: 'Again', type: 'text' })).statusCode).toBe(409);
    expect((await api('POST', '/api/v1/custom-fields', admin, { key: 'empty', label: 'Empty', type: 'select' })).json().fields).toHaveProperty('options');
    expect((await api('POST', '/api/v1/custom-fields', admin, { key: 'opts', label: 'Opts', type: 'text', options: ['a'] })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/custom-fields', agent, { key: 'nope', label: 'Nope', type: 'text' })).statusCode).toBe(403);

    const good = { orderRef: 'A-1', seats: 12, renewal: '2026-06-30', plan: 'pro', areas: ['billing', 'login'], vip: true };
    const ticket = await newTicket({ customFields: good });
    expect(ticket.customFields).toEqual(good);
    const cases: Array<[object, string]> = [
      [{ orderRef: 7 }, 'customFields.orderRef'],
      [{ seats: 'twelve' }, 'customFields.seats'],
      [{ renewal: '2026-02-30' }, 'customFields.renewal'],
      [{ plan: 'gold' }, 'customFields.plan'],
      [{ areas: ['billing', 'shipping'] }, 'customFields.areas'],
      [{ vip: 'yes' }, 'customFields.vip'],
      [{ colour: 'red' }, 'customFields.colour'],
    ];
    for (const [customFields, field] of cases) {
      const create = await api('POST', '/api/v1/tickets', agent, { subject: 'Bad field', requester: { email: 'bad@example.com' }, customFields });
      expect(create.statusCode, JSON.stringify(customFields)).toBe(400);
      expect(Object.keys(create.json().fields), JSON.stringify(customFields)).toEqual([field]);
      const update = await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: { customFields } });
      expect(update.statusCode).toBe(400);
      expect(update.json().fields).toHaveProperty(field);
    }
    expect((await api('GET', `/api/v1/tickets/${ticket.id}`, agent)).json().customFields).toEqual(good);
    const cleared = await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: { customFields: { vip: null, seats: 3 } } });
    expect(cleared.json().customFields).toEqual({ ...good, vip: undefined, seats: 3 });
  });

  it('requires required fields when staff create tickets, not when the system does', async () => {
    const { services } = ctx();
    const field = (await api('POST', '/api/v1/custom-fields', admin, { key: 'product', label: 'Product', type: 'select', options: ['app', 'web'], required: true })).json();
    const missing = await api('POST', '/api/v1/tickets', agent, { subject: 'No product', requester: { email: 'np@example.com' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().fields).toEqual({ 'customFields.product': 'required' });
    const ticket = await newTicket({ customFields: { product: 'app' } });
    const clear = await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: bearer(agent), payload: { customFields: { product: null } } });
    expect(clear.json().fields).toEqual({ 'customFields.product': 'required' });
    // Email and imports arrive without it: the system creates the ticket and staff complete it later.
    const fromMail = await make.ticket(services, ws.system);
    expect(fromMail.customFields).toEqual({});
    // Deactivated: no longer required, no longer settable.
    await api('PATCH', `/api/v1/custom-fields/${field.id}`, admin, { isActive: false });
    expect((await api('POST', '/api/v1/tickets', agent, { subject: 'Fine now', requester: { email: 'np@example.com' } })).statusCode).toBe(201);
    const inactive = await ctx().app.inject({ method: 'PATCH', url: `/api/v1/tickets/${fromMail.id}`, headers: bearer(agent), payload: { customFields: { product: 'web' } } });
    expect(inactive.json().fields).toEqual({ 'customFields.product': 'inactive field' });
    // In use: delete refused; an unused field can go.
    expect((await api('DELETE', `/api/v1/custom-fields/${field.id}`, admin)).statusCode).toBe(409);
    const spare = (await api('POST', '/api/v1/custom-fields', admin, { key: 'spare_field', label: 'Spare', type: 'number' })).json();
    expect((await api('DELETE', `/api/v1/custom-fields/${spare.id}`, admin)).statusCode).toBe(204);
    const list = (await api('GET', '/api/v1/custom-fields', readOnly)).json().items;
    expect(list.map((f: { key: string }) => f.key)).toEqual(['orderRef', 'seats', 'renewal', 'plan', 'areas', 'vip', 'product']);
  });

  it("answers 404 for another workspace's statuses and fields", async () => {
    const { services } = ctx();
    const other = await make.workspace(services);
    const status = await services.ticketStatuses.create(other.admin, { key: 'theirs', label: 'Theirs', category: 'open' });
    const field = await services.customFields.create(other.admin, { key: 'theirs', label: 'Theirs', type: 'text' });
    for (const url of [`/api/v1/ticket-statuses/${status.id}`, `/api/v1/custom-fields/${field.id}`]) {
      expect((await api('PATCH', url, admin, { label: 'Mine' })).statusCode, url).toBe(404);
      expect((await api('DELETE', url, admin)).statusCode, url).toBe(404);
    }
    // Their keys mean nothing here.
    const theirs = await api('POST', '/api/v1/tickets', agent, { subject: 'x', requester: { email: 'x@example.com' }, customStatus: 'theirs' });
    expect(theirs.json().fields).toHaveProperty('customStatus');
    expect((await api('GET', '/api/v1/ticket-statuses', admin)).json().items.some((s: { key: string }) => s.key === 'theirs')).toBe(false);
  });
});
