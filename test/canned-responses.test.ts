import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

interface Saved {
  id: string;
  title: string;
  scope: string;
  teamId: string | null;
  ownerUserId: string | null;
  shortcut: string | null;
  usageCount: number;
}

eachDialectApp('canned responses', (ctx: () => AppContext) => {
  let ws: Workspace;
  let other: Workspace;
  const tokens: Record<'admin' | 'supervisor' | 'agentA' | 'agentB' | 'readOnly' | 'otherAdmin', string> = {
    admin: '',
    supervisor: '',
    agentA: '',
    agentB: '',
    readOnly: '',
    otherAdmin: '',
  };
  let teamA: string;
  let teamB: string;
  let agentAName: string;

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    ws = await make.workspace(services);
    other = await make.workspace(services);
    tokens.admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
    tokens.otherAdmin = (await services.auth.createToken(other.system, 'admin', other.admin.userId)).token;
    tokens.supervisor = (await make.token(services, ws, 'supervisor')).token;
    const agentA = await make.token(services, ws, 'agent');
    const agentB = await make.token(services, ws, 'agent');
    agentAName = agentA.user.name;
    tokens.agentA = agentA.token;
    tokens.agentB = agentB.token;
    tokens.readOnly = (await make.token(services, ws, 'read-only')).token;
    teamA = (await services.teams.create(ws.system, { name: 'Team A', memberIds: [agentA.user.id] })).id;
    teamB = (await services.teams.create(ws.system, { name: 'Team B', memberIds: [agentB.user.id] })).id;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const create = async (token: string, payload: object) => {
    const response = await api('POST', '/api/v1/canned-responses', token, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Saved;
  };
  const titles = async (token: string, query = '') => {
    const response = await api('GET', `/api/v1/canned-responses${query}`, token);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as Saved[]).map((item) => item.title);
  };

  let shared: Saved;
  let forTeamA: Saved;
  let forTeamB: Saved;
  let personalA: Saved;

  it('creates shared, team and personal responses with the right roles', async () => {
    shared = await create(tokens.admin, { title: 'Greeting', body: 'Hello {{customer.first_name}},', shortcut: 'hello', scope: 'shared' });
    expect(shared).toMatchObject({ scope: 'shared', teamId: null, ownerUserId: null, shortcut: 'hello', usageCount: 0, archived: false });
    forTeamA = await create(tokens.supervisor, { title: 'Team A escalation', body: 'Passing this on to Team A.', teamId: teamA });
    expect(forTeamA).toMatchObject({ scope: 'team', teamId: teamA });
    forTeamB = await create(tokens.supervisor, { title: 'Team B refund', body: 'Refund on its way.', scope: 'team', teamId: teamB });
    personalA = await create(tokens.agentA, { title: 'My sign-off', body: 'Cheers, {{agent.first_name}}' });
    expect(personalA).toMatchObject({ scope: 'personal', teamId: null });
    expect(personalA.ownerUserId).toBeTruthy();

    // Agents keep personal responses only; read-only users write none.
    const agentShared = await api('POST', '/api/v1/canned-responses', tokens.agentA, { title: 'X', body: 'x', scope: 'shared' });
    expect(agentShared.statusCode).toBe(403);
    expect((await api('POST', '/api/v1/canned-responses', tokens.agentA, { title: 'X', body: 'x', teamId: teamA })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/canned-responses', tokens.readOnly, { title: 'X', body: 'x' })).statusCode).toBe(403);
  });

  it('lists what each user may use, by title, and what they may manage', async () => {
    expect(await titles(tokens.agentA)).toEqual(['Greeting', 'My sign-off', 'Team A escalation']);
    expect(await titles(tokens.agentB)).toEqual(['Greeting', 'Team B refund']);
    expect(await titles(tokens.readOnly)).toEqual(['Greeting']);
    expect(await titles(tokens.supervisor)).toEqual(['Greeting']);
    expect(await titles(tokens.supervisor, '?view=manage')).toEqual(['Greeting', 'Team A escalation', 'Team B refund']);
    expect(await titles(tokens.agentA, '?view=manage')).toEqual(['My sign-off']);
    expect(await titles(tokens.otherAdmin)).toEqual([]);
  });

  it('searches title, shortcut and text in any case, and pages with a cursor', async () => {
    expect(await titles(tokens.agentA, '?q=GREET')).toEqual(['Greeting']);
    expect(await titles(tokens.agentA, '?q=hell')).toEqual(['Greeting']);
    expect(await titles(tokens.agentA, '?q=team%20a')).toEqual(['Team A escalation']);
    expect(await titles(tokens.agentA, '?q=100%25')).toEqual([]);

    const first = (await api('GET', '/api/v1/canned-responses?limit=2', tokens.agentA)).json();
    expect(first.items.map((item: Saved) => item.title)).toEqual(['Greeting', 'My sign-off']);
    expect(first.nextCursor).toBeTruthy();
    const second = (await api('GET', `/api/v1/canned-responses?limit=2&cursor=${first.nextCursor}`, tokens.agentA)).json();
    expect(second.items.map((item: Saved) => item.title)).toEqual(['Team A escalation']);
    expect(second.nextCursor).toBeNull();
    expect((await api('GET', '/api/v1/canned-responses?limit=500', tokens.agentA)).statusCode).toBe(400);
  });

  it('refuses unknown variables with 422 naming the field and the variable, and changes nothing', async () => {
    const refused = await api('POST', '/api/v1/canned-responses', tokens.admin, {
      title: 'Bad',
      body: 'Hi {{customer.phone}} and {{ customer.name }}',
      scope: 'shared',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      type: '/problems/unknown-variable',
      status: 422,
      fields: { body: expect.stringContaining('{{customer.phone}}') },
    });
    expect(refused.json().fields.body).not.toContain('customer.name');

    const patch = await api('PATCH', `/api/v1/canned-responses/${shared.id}`, tokens.admin, { title: 'Renamed', body: '{{ticket.id}}' });
    expect(patch.statusCode).toBe(422);
    expect(await titles(tokens.admin)).toEqual(['Greeting']);

    // Other rule breaks name their field too, and write nothing.
    const noTeam = await api('POST', '/api/v1/canned-responses', tokens.admin, { title: 'T', body: 'x', scope: 'team' });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json().fields).toHaveProperty('teamId');
    const unknownTeam = await api('POST', '/api/v1/canned-responses', tokens.admin, { title: 'T', body: 'x', teamId: 'no-such-team' });
    expect(unknownTeam.json().fields).toEqual({ teamId: 'unknown team' });
    const sharedWithTeam = await api('POST', '/api/v1/canned-responses', tokens.admin, {
      title: 'T',
      body: 'x',
      scope: 'shared',
      teamId: teamA,
    });
    expect(sharedWithTeam.statusCode).toBe(400);
    const badShortcut = await api('POST', '/api/v1/canned-responses', tokens.admin, { title: 'T', body: 'x', shortcut: 'Has Space' });
    expect(badShortcut.statusCode).toBe(400);
    expect(badShortcut.json().fields).toHaveProperty('shortcut');
    const empty = await api('POST', '/api/v1/canned-responses', tokens.admin, { title: '', body: 'x' });
    expect(empty.json().fields).toHaveProperty('title');
    const blank = await api('POST', '/api/v1/canned-responses', tokens.admin, { title: '   ', body: 'x' });
    expect(blank.json().fields).toEqual({ title: 'must not be blank' });
    const taken = await api('POST', '/api/v1/canned-responses', tokens.agentB, { title: 'Mine', body: 'x', shortcut: 'hello' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().fields).toEqual({ shortcut: 'already in use' });
    expect(await titles(tokens.admin, '?view=manage')).toEqual(['Greeting', 'Team A escalation', 'Team B refund']);
    expect(await titles(tokens.agentB, '?view=manage')).toEqual([]);
  });

  it('lets owners edit personal responses and managers the shared and team ones', async () => {
    const edited = await api('PATCH', `/api/v1/canned-responses/${personalA.id}`, tokens.agentA, {
      title: 'My sign-off (short)',
      shortcut: 'bye',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'My sign-off (short)', shortcut: 'bye', scope: 'personal' });
    // Another agent's personal response does not exist for them, nor for an admin.
    expect((await api('PATCH', `/api/v1/canned-responses/${personalA.id}`, tokens.agentB, { title: 'Hijack' })).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/canned-responses/${personalA.id}`, tokens.admin, { title: 'Hijack' })).statusCode).toBe(404);
    // Agents see team and shared responses but do not change them, nor share their own.
    expect((await api('PATCH', `/api/v1/canned-responses/${forTeamA.id}`, tokens.agentA, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await api('DELETE', `/api/v1/canned-responses/${shared.id}`, tokens.agentA)).statusCode).toBe(403);
    expect((await api('PATCH', `/api/v1/canned-responses/${personalA.id}`, tokens.agentA, { scope: 'shared' })).statusCode).toBe(403);
    // A supervisor moves a team response to another team, then shares it with everyone.
    const moved = await api('PATCH', `/api/v1/canned-responses/${forTeamA.id}`, tokens.supervisor, { teamId: teamB });
    expect(moved.json()).toMatchObject({ scope: 'team', teamId: teamB });
    expect(await titles(tokens.agentA)).toEqual(['Greeting', 'My sign-off (short)']);
    const everyone = await api('PATCH', `/api/v1/canned-responses/${forTeamA.id}`, tokens.supervisor, { scope: 'shared' });
    expect(everyone.json()).toMatchObject({ scope: 'shared', teamId: null, ownerUserId: null });
    expect(await titles(tokens.agentA)).toEqual(['Greeting', 'My sign-off (short)', 'Team A escalation']);
  });

  it('renders for a ticket and the acting agent, and counts the use', async () => {
    const { services } = ctx();
    await services.organisations.create(ws.system, { name: 'Northwind Traders', domains: ['northwind.example'] });
    const ticket = await make.ticket(services, ws.admin, {
      subject: 'Invoice missing',
      requester: { email: 'jane.roe@northwind.example', name: 'Jane Roe' },
    });
    const full = await create(tokens.admin, {
      title: 'Everything',
      body: '{{customer.first_name}}|{{customer.name}}|{{customer.email}}|{{organisation.name}}|{{ticket.number}}|{{ticket.subject}}|{{agent.first_name}}|{{agent.name}}|{{workspace.name}}',
      scope: 'shared',
    });
    const rendered = await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${full.id}/render`, tokens.agentA);
    expect(rendered.statusCode, rendered.body).toBe(200);
    const workspaceName = (await services.workspace.get(ws.admin)).name;
    expect(rendered.json()).toEqual({
      text: `Jane|Jane Roe|jane.roe@northwind.example|Northwind Traders|${ticket.number}|Invoice missing|${agentAName.split(' ')[0]}|${agentAName}|${workspaceName}`,
    });

    // Missing values render empty: this requester has no organisation.
    const loner = await make.ticket(services, ws.admin, { requester: { email: 'solo@mail.example', name: 'Solo' } });
    const orgOnly = await create(tokens.admin, { title: 'Org', body: '[{{organisation.name}}]', scope: 'shared' });
    expect((await api('POST', `/api/v1/tickets/${loner.id}/canned-responses/${orgOnly.id}/render`, tokens.agentB)).json()).toEqual({
      text: '[]',
    });

    await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${full.id}/render`, tokens.agentB);
    const listed = (await api('GET', '/api/v1/canned-responses?q=everything', tokens.admin)).json().items[0];
    expect(listed.usageCount).toBe(2);

    // Only responses the agent may use render; read-only users render nothing.
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${personalA.id}/render`, tokens.agentB)).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${forTeamB.id}/render`, tokens.agentA)).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${forTeamB.id}/render`, tokens.agentB)).statusCode).toBe(200);
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${full.id}/render`, tokens.readOnly)).statusCode).toBe(403);
    expect((await api('POST', `/api/v1/tickets/no-such-ticket/canned-responses/${full.id}/render`, tokens.agentA)).statusCode).toBe(404);
  });

  it('answers 404 for another workspace’s responses and tickets', async () => {
    const { services } = ctx();
    const foreign = await create(tokens.otherAdmin, { title: 'Foreign', body: 'Hi', shortcut: 'hello', scope: 'shared' });
    expect((await api('PATCH', `/api/v1/canned-responses/${foreign.id}`, tokens.admin, { title: 'Mine' })).statusCode).toBe(404);
    expect((await api('DELETE', `/api/v1/canned-responses/${foreign.id}`, tokens.admin)).statusCode).toBe(404);
    const ticket = await make.ticket(services, ws.admin);
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${foreign.id}/render`, tokens.admin)).statusCode).toBe(404);
    const foreignTicket = await make.ticket(services, other.admin);
    expect((await api('POST', `/api/v1/tickets/${foreignTicket.id}/canned-responses/${shared.id}/render`, tokens.admin)).statusCode).toBe(
      404,
    );
    expect(await titles(tokens.otherAdmin)).toEqual(['Foreign']);
  });

  it('archives: gone from lists and renders, shortcut free again', async () => {
    expect((await api('DELETE', `/api/v1/canned-responses/${personalA.id}`, tokens.agentA)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/canned-responses/${shared.id}`, tokens.supervisor)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/canned-responses/${shared.id}`, tokens.supervisor)).statusCode).toBe(404);
    expect(await titles(tokens.agentA)).not.toContain('Greeting');
    const ticket = await make.ticket(ctx().services, ws.admin);
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/canned-responses/${shared.id}/render`, tokens.agentA)).statusCode).toBe(404);
    expect((await create(tokens.agentB, { title: 'New hello', body: 'Hey', shortcut: 'hello' })).shortcut).toBe('hello');
    const audit = (await api('GET', '/api/v1/audit-log', tokens.admin)).json().items as { action: string }[];
    expect(audit.map((entry) => entry.action)).toContain('canned-response.archived');
  });
});
