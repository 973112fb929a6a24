import { beforeAll, expect, it } from 'vitest';
import { createMetricsProjector } from '../src/modules/metrics/service.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

/**
 * The public charter at /charter: built from the live configuration (service catalogue, SLA
 * policies and their calendars, the complaint procedure) with the measured adherence of each
 * promise from the metric rollups — and never a customer's data.
 */
eachDialectApp('service charter', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let agent: string;
  const host = `charter-${Math.random().toString(36).slice(2, 8)}.example.test`;

  beforeAll(async () => {
    const { services, clock, database } = ctx();
    clock.set('2026-03-02T08:00:00.000Z'); // Monday, before the 09:00–17:00 (UTC) business hours open
    ws = await make.workspace(services);
    await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    agent = (await make.token(services, ws, 'agent')).token;
    await services.workspace.update(ws.admin, { settings: { portalHostnames: [host] } });

    // Two P3 email tickets: one answered within the 4 business hours, one answered a day late.
    const answered = await make.ticket(services, ws.admin, { subject: 'Secret subject of Casey', channel: 'email', priority: 'P3' });
    clock.advance(30 * 60_000);
    await services.messages.add(ws.admin, answered.id, { text: 'Here is the answer.' });
    const late = await make.ticket(services, ws.admin, { channel: 'email', priority: 'P3' });
    clock.advance(26 * 3_600_000);
    await services.messages.add(ws.admin, late.id, { text: 'Sorry for the wait.' });
    await createMetricsProjector({ db: database.handle.db, clock }).drain();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  it('keeps the service catalogue: admins write, staff read, bad input is refused', async () => {
    const policies = (await api('GET', '/api/v1/sla/policies', admin)).json().items;
    const created = await api('POST', '/api/v1/service-catalogue', admin, {
      name: 'Premium support',
      scope: 'Help with every product, including integrations.',
      delivery: 'Remote',
      channels: ['email', 'phone'],
      slaPolicyId: policies[0].id,
      entitlements: ['24-hour response', 'Dedicated account manager'],
    });
    expect(created.statusCode).toBe(201);
    await api('POST', '/api/v1/service-catalogue', admin, { name: 'Internal IT', scope: 'Staff laptops', isPublic: false });
    expect((await api('POST', '/api/v1/service-catalogue', agent, { name: 'x', scope: 'y' })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/service-catalogue', admin, { name: 'Premium support', scope: 'again' })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/service-catalogue', admin, { name: 'Other', scope: 'x', slaPolicyId: 'nope' })).statusCode).toBe(
      400,
    );
    expect((await api('GET', '/api/v1/service-catalogue', agent)).json().items.map((item: { name: string }) => item.name)).toEqual([
      'Premium support',
      'Internal IT',
    ]);
  });

  it('publishes services, hours, promises with their adherence and the complaint steps, without customer data', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/charter', headers: { host } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.body;
    expect(html).toContain('Premium support');
    expect(html).toContain('<li>Dedicated account manager</li>');
    expect(html).not.toContain('Internal IT');
    expect(html).toContain('Hours: Mon–Fri 09:00–17:00 (UTC)');
    // Email P3: first response within 4 business hours, kept for one of the two tickets.
    expect(html).toMatch(/A person replies<\/td><td>4 business hours<\/td><td class="num">50\.0 % <span class="meta">\(1 of 2\)<\/span>/);
    expect(html).toContain('Acknowledge: we confirm we have your complaint and who handles it — within 8 business hours');
    expect(html).not.toContain('Secret subject of Casey');
    expect(html).not.toContain('example.test</');
    expect(html).not.toMatch(/customer-[0-9a-f]+@/);
  });

  it('answers 404 on a host that is no workspace', async () => {
    expect((await ctx().app.inject({ method: 'GET', url: '/charter', headers: { host: 'nobody.example.test' } })).statusCode).toBe(404);
  });
});
