import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('contacts, organisations, teams, users and workspace API', (ctx: () => AppContext) => {
  let ws: Workspace;
  let admin: string;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    agent = (await make.token(services, ws, 'agent')).token;
    supervisor = (await make.token(services, ws, 'supervisor')).token;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  it('puts a new contact into the organisation that owns its email domain', async () => {
    const organisation = (await call('POST', '/api/v1/organisations', agent, { name: 'Initech', tier: 'premium', domains: ['Initech.example'] })).json();
    expect(organisation).toMatchObject({ name: 'Initech', tier: 'premium', domains: ['initech.example'] });
    const contact = await call('POST', '/api/v1/contacts', agent, { name: 'Peter Gibbons', emails: ['Peter@Initech.example'], phones: ['+1 555 0100'], consent: { email: true, marketing: false } });
    expect(contact.statusCode).toBe(201);
    expect(contact.json()).toMatchObject({ organisationId: organisation.id, tier: 'premium', emails: ['peter@initech.example'], consent: { email: true, marketing: false } });
    const ticket = (await call('POST', '/api/v1/tickets', agent, { subject: 'TPS reports', requester: { email: 'milton@initech.example', name: 'Milton' } })).json();
    expect(ticket.organisationId).toBe(organisation.id);
    const byOrganisation = (await call('GET', `/api/v1/contacts?organisationId=${organisation.id}`, agent)).json();
    expect(byOrganisation.items.map((c: { name: string }) => c.name).sort()).toEqual(['Milton', 'Peter Gibbons']);
    expect((await call('GET', '/api/v1/contacts?email=PETER@initech.example', agent)).json().items).toHaveLength(1);
    expect((await call('GET', `/api/v1/tickets?organisationId=${organisation.id}`, agent)).json().items).toHaveLength(1);
  });

  it('refuses duplicates and unknown references with clear errors', async () => {
    await call('POST', '/api/v1/contacts', agent, { name: 'Dup', emails: ['dup@example.com'] });
    const duplicate = await call('POST', '/api/v1/contacts', agent, { name: 'Dup 2', emails: ['DUP@example.com'] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().fields).toHaveProperty('emails');
    await call('POST', '/api/v1/organisations', agent, { name: 'Owner', domains: ['owned.example'] });
    expect((await call('POST', '/api/v1/organisations', agent, { name: 'Thief', domains: ['owned.example'] })).statusCode).toBe(409);
    expect((await call('POST', '/api/v1/contacts', agent, { name: 'X', organisationId: 'missing' })).json().fields).toHaveProperty('organisationId');
    expect((await call('POST', '/api/v1/contacts', agent, { name: 'X', timezone: 'Mars/Base' })).json().fields).toHaveProperty('timezone');
    expect((await call('POST', '/api/v1/contacts', agent, { name: 'X', tier: 'platinum' })).statusCode).toBe(400);
  });

  it('updates contacts and keeps consent flags not mentioned', async () => {
    const contact = (await call('POST', '/api/v1/contacts', agent, { name: 'Joanna', emails: ['joanna@example.com'], consent: { email: true, surveys: true } })).json();
    const updated = (await call('PATCH', `/api/v1/contacts/${contact.id}`, agent, { name: 'Joanna Smith', consent: { surveys: false }, emails: ['joanna@example.com', 'js@example.com'], attributes: { flair: 15 } })).json();
    expect(updated).toMatchObject({ name: 'Joanna Smith', consent: { email: true, surveys: false }, emails: ['joanna@example.com', 'js@example.com'], attributes: { flair: 15 } });
    expect((await call('GET', '/api/v1/contacts?email=js@example.com', agent)).json().items[0].id).toBe(contact.id);
  });

  it('manages teams: admins create, supervisors set members, agents only read', async () => {
    const { services } = ctx();
    const member = await make.user(services, ws, 'agent');
    const created = await call('POST', '/api/v1/teams', admin, { name: 'Escalations', description: 'Tier 2' });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect((await call('POST', '/api/v1/teams', admin, { name: 'Escalations' })).statusCode).toBe(409);
    expect((await call('POST', '/api/v1/teams', supervisor, { name: 'Nope' })).statusCode).toBe(403);
    const withMembers = await call('PATCH', `/api/v1/teams/${team.id}`, supervisor, { memberIds: [member.user.id] });
    expect(withMembers.json().memberIds).toEqual([member.user.id]);
    expect((await call('PATCH', `/api/v1/teams/${team.id}`, agent, { memberIds: [] })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/v1/teams/${team.id}`, supervisor, { memberIds: ['ghost'] })).json().fields).toHaveProperty('memberIds');
    const user = (await call('GET', `/api/v1/users/${member.user.id}`, agent)).json();
    expect(user.teamIds).toEqual([team.id]);
    expect(user).not.toHaveProperty('passwordHash');
  });

  it('lets admins add users and change roles, with an audit trail', async () => {
    const created = await call('POST', '/api/v1/users', admin, { email: 'New.Agent@Example.com', name: 'New Agent', role: 'agent', password: 'long enough password' });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user.email).toBe('new.agent@example.com');
    expect((await call('POST', '/api/v1/users', admin, { email: 'new.agent@example.com', name: 'Again', role: 'agent' })).statusCode).toBe(409);
    expect((await call('POST', '/api/v1/users', admin, { email: 'weak@example.com', name: 'Weak', role: 'agent', password: 'short' })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/users', agent, { email: 'sneaky@example.com', name: 'Sneaky', role: 'admin' })).statusCode).toBe(403);
    const promoted = await call('PATCH', `/api/v1/users/${user.id}`, admin, { role: 'supervisor' });
    expect(promoted.json().role).toBe('supervisor');
    const audit = (await call('GET', '/api/v1/audit-log?action=user.role_changed', admin)).json();
    expect(audit.items[0]).toMatchObject({ action: 'user.role_changed', targetId: user.id, actorId: ws.admin.userId, details: { from: 'agent', to: 'supervisor' } });
    expect((await call('GET', '/api/v1/audit-log', agent)).statusCode).toBe(403);
  });

  it('reads and changes workspace settings (admins only, audited, zones checked)', async () => {
    expect((await call('GET', '/api/v1/workspace', agent)).json().id).toBe(ws.id);
    expect((await call('PATCH', '/api/v1/workspace', agent, { name: 'Mine now' })).statusCode).toBe(403);
    const bad = await call('PATCH', '/api/v1/workspace', admin, { timezone: 'Europe/Atlantis' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toHaveProperty('timezone');
    const updated = (await call('PATCH', '/api/v1/workspace', admin, { name: 'Service Desk', timezone: 'Europe/Berlin', settings: { ticketTokenFormat: '[#{number}]' } })).json();
    expect(updated).toMatchObject({ name: 'Service Desk', timezone: 'Europe/Berlin', settings: { ticketTokenFormat: '[#{number}]' } });
    const audit = (await call('GET', '/api/v1/audit-log?action=workspace.settings_changed', admin)).json();
    expect(audit.items).toHaveLength(1);
  });

  it('paginates organisations by name', async () => {
    for (const name of ['Zeta Corp', 'Alpha GmbH', 'Mu Ltd']) await call('POST', '/api/v1/organisations', agent, { name });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = (
        await call('GET', `/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, agent)
      ).json();
      names.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['Alpha GmbH', 'Mu Ltd', 'Zeta Corp']));
  });
});
