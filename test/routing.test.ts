import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import type { Availability, RoutingStrategy } from '../src/modules/routing/assign.ts';
import { createLifecycleRunner } from '../src/modules/routing/lifecycle.ts';
import { createDispatcher, type Dispatcher } from '../src/modules/outbox/dispatcher.ts';
import type { CreateTicketBody } from '../src/modules/tickets/schema.ts';
import { createServices } from '../src/server/services.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

const unique = () => randomBytes(3).toString('hex');

interface AgentSpec {
  availability?: Availability;
  capacity?: number | null;
  skills?: string[];
}

eachDialectApp('routing and ticket lifecycle', (ctx: () => AppContext) => {
  let ws: Workspace;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z'); // a Monday, inside the default business hours (UTC)
    ws = await make.workspace(services);
    dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
  });

  const drain = () => dispatcher.drain();
  const services = () => ctx().services;

  /** A team of new agents with the given routing; each agent's state is set, then events are delivered. */
  async function team(strategy: RoutingStrategy, specs: AgentSpec[], defaultCapacity = 10) {
    const members = [];
    for (const _ of specs) members.push((await make.user(services(), ws, 'agent')).user.id);
    const created = await services().teams.create(ws.admin, { name: `Team ${unique()}`, memberIds: members });
    await services().routing.updateTeamRouting(ws.admin, created.id, { strategy, defaultCapacity });
    for (const [i, spec] of specs.entries()) {
      await services().routing.updateAgentState(ws.admin, members[i], {
        availability: spec.availability ?? 'online',
        ...(spec.capacity !== undefined ? { capacity: spec.capacity } : {}),
        ...(spec.skills ? { skills: spec.skills } : {}),
      });
    }
    await drain();
    return { teamId: created.id, agents: members };
  }

  const ticket = (overrides: Partial<CreateTicketBody> = {}) => make.ticket(services(), ws.admin, overrides);
  const assigneeOf = async (id: string) => (await services().tickets.get(ws.admin, id)).assigneeId;
  const assignees = (ids: string[]) => Promise.all(ids.map(assigneeOf));
  const countBy = (values: Array<string | null>) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string | null, number>());

  describe('rules', () => {
    it('set the team of a new ticket by channel, tag, organisation or type; the first active match wins', async () => {
      const { app } = ctx();
      const admin = bearer((await services().auth.createToken(ws.system, 'admin', ws.admin.userId)).token);
      const teams: Record<string, string> = {};
      for (const name of ['chat', 'billing', 'acme', 'complaints', 'never']) teams[name] = (await services().teams.create(ws.admin, { name: `${name} ${unique()}` })).id;
      const org = await services().organisations.create(ws.admin, { name: `Acme ${unique()}` });
      const rule = async (name: string, conditions: object, teamId: string, extra: object = {}) => {
        const response = await app.inject({ method: 'POST', url: '/api/v1/routing/rules', headers: admin, payload: { name, conditions, teamId, ...extra } });
        expect(response.statusCode, response.body).toBe(201);
        return response.json();
      };
      await rule('Off', {}, teams.never, { isActive: false, position: 0 });
      await rule('Chat', { channels: ['chat'] }, teams.chat);
      await rule('Billing', { tags: ['Billing'] }, teams.billing);
      await rule('Acme', { organisationIds: [org.id] }, teams.acme);
      await rule('Complaints', { types: ['complaint'] }, teams.complaints);
      const listed = (await app.inject({ method: 'GET', url: '/api/v1/routing/rules', headers: admin })).json().items;
      expect(listed.map((r: { name: string }) => r.name)).toEqual(['Off', 'Chat', 'Billing', 'Acme', 'Complaints']);
      expect(listed[2].conditions.tags).toEqual(['billing']);

      const contact = await make.contact(services(), ws.admin, { organisationId: org.id });
      const chat = await ticket({ channel: 'chat', tags: ['billing'] });
      const billing = await ticket({ tags: ['billing'] });
      const acme = await ticket({ requester: undefined, requesterId: contact.id });
      const complaint = await ticket({ type: 'complaint' });
      const unmatched = await ticket();
      const preset = await ticket({ channel: 'chat', teamId: teams.billing });
      await drain();
      await drain(); // at least once: a second delivery changes nothing
      const teamOf = async (id: string) => (await services().tickets.get(ws.admin, id)).teamId;
      expect(await teamOf(chat.id)).toBe(teams.chat);
      expect(await teamOf(billing.id)).toBe(teams.billing);
      expect(await teamOf(acme.id)).toBe(teams.acme);
      expect(await teamOf(complaint.id)).toBe(teams.complaints);
      expect(await teamOf(unmatched.id)).toBeNull();
      expect(await teamOf(preset.id)).toBe(teams.billing);
      const history = await services().tickets.history(ws.admin, chat.id);
      expect(history.filter((e) => e.field === 'teamId')).toEqual([expect.objectContaining({ actorType: 'system', newValue: teams.chat })]);
    });
  });

  describe('assignment', () => {
    it('round-robin deals tickets to online agents in turn', async () => {
      const { teamId, agents } = await team('round-robin', [{}, {}, {}]);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await ticket({ teamId })).id);
      await drain();
      const got = await assignees(ids);
      expect([...countBy(got).values()]).toEqual([2, 2, 2]);
      expect(new Set(got.slice(0, 3)).size).toBe(3);
      expect(got.slice(3)).toEqual(got.slice(0, 3));
      for (const id of agents) expect(got).toContain(id);
      // An assigned new ticket is open, as when it is created with an assignee.
      expect((await services().tickets.get(ws.admin, ids[0])).status).toBe('open');
    });

    it('least-loaded gives tickets to the agent with the fewest new/open tickets', async () => {
      const { teamId, agents } = await team('least-loaded', [{ availability: 'offline' }, {}]);
      const [busy, free] = agents;
      // The busy agent already holds three open tickets (a pending one does not count).
      for (let i = 0; i < 3; i++) await ticket({ teamId, assigneeId: busy });
      await ticket({ teamId, assigneeId: busy, status: 'pending' });
      await services().routing.updateAgentState(ws.admin, busy, { availability: 'online' });
      await drain();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await ticket({ teamId })).id);
      await drain();
      // The free agent catches up to three, then they alternate.
      expect(countBy(await assignees(ids))).toEqual(new Map([[free, 4], [busy, 1]]));
      const [agent] = (await services().routing.listAgents(ws.admin)).filter((a) => a.userId === free);
      expect(agent).toMatchObject({ availability: 'online', openCount: 4, teamIds: [teamId] });
    });

    it('skills: a ticket goes only to an agent holding the skills it needs, and waits for one without blocking others', async () => {
      const { teamId, agents } = await team('skills', [{ skills: ['German'] }, { skills: ['billing'] }]);
      const [german, billing] = agents;
      const needsGerman = await ticket({ teamId, tags: ['german'] });
      const needsBoth = await ticket({ teamId, tags: ['german', 'billing'] });
      const anyone = await ticket({ teamId, tags: ['vip'] });
      await drain();
      expect(await assigneeOf(needsGerman.id)).toBe(german);
      expect(await assigneeOf(needsBoth.id)).toBeNull(); // nobody has both
      expect(await assigneeOf(anyone.id)).toBe(billing); // least loaded of all
      await services().routing.updateAgentState(ws.admin, german, { availability: 'away' });
      await drain();
      const waitsForGerman = await ticket({ teamId, tags: ['german'] });
      const later = await ticket({ teamId });
      await drain();
      expect(await assigneeOf(waitsForGerman.id)).toBeNull();
      expect(await assigneeOf(later.id)).toBe(billing);
      const queue = await services().routing.queue(ws.admin, { teamId });
      expect(queue.items.map((item) => [item.ticketId, item.requiredSkills])).toEqual([
        [needsBoth.id, ['billing', 'german']],
        [waitsForGerman.id, ['german']],
      ]);
      await services().routing.updateAgentState(ws.admin, german, { availability: 'online' });
      await drain();
      expect(await assigneeOf(waitsForGerman.id)).toBe(german);
    });

    it('skips away and offline agents and never assigns beyond capacity', async () => {
      const { teamId, agents } = await team('least-loaded', [{ availability: 'away' }, { availability: 'offline' }, { capacity: 2 }]);
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await ticket({ teamId })).id);
      await drain();
      expect(await assignees(ids)).toEqual([agents[2], agents[2], null, null]);
      // The team default applies to agents without their own capacity.
      await services().routing.updateTeamRouting(ws.admin, teamId, { defaultCapacity: 1 });
      await services().routing.updateAgentState(ws.admin, agents[0], { availability: 'online' });
      await drain();
      expect(await assignees(ids)).toEqual([agents[2], agents[2], agents[0], null]);
      const manual = await team('manual', [{}]);
      const untouched = await ticket({ teamId: manual.teamId });
      await drain();
      expect(await assigneeOf(untouched.id)).toBeNull();
    });

    it('assigns waiting tickets earliest SLA due first the moment an agent comes online or frees up', async () => {
      const { clock } = ctx();
      const { teamId, agents } = await team('round-robin', [{ availability: 'offline', capacity: 1 }]);
      const [agent] = agents;
      clock.set('2026-03-02T10:00:00.000Z');
      const email = await ticket({ teamId, channel: 'email' }); // acknowledgement due 10:15
      clock.set('2026-03-02T10:02:00.000Z');
      const p1 = await ticket({ teamId, channel: 'email', priority: 'P1' }); // due 10:17
      clock.set('2026-03-02T10:05:00.000Z');
      const chat = await ticket({ teamId, channel: 'chat' }); // due 10:06
      await drain();
      expect(await assignees([email.id, p1.id, chat.id])).toEqual([null, null, null]);
      const queue = await services().routing.queue(ws.admin, { teamId, limit: 2 });
      expect(queue.items.map((item) => item.ticketId)).toEqual([chat.id, email.id]);
      const rest = await services().routing.queue(ws.admin, { teamId, cursor: queue.nextCursor ?? undefined });
      expect(rest.items.map((item) => item.ticketId)).toEqual([p1.id]);
      expect(rest.nextCursor).toBeNull();

      const agentActor = { userId: agent, workspaceId: ws.id, role: 'agent' as const, via: 'token' as const };
      await services().routing.updateAgentState(agentActor, agent, { availability: 'online' });
      await drain();
      expect(await assignees([email.id, p1.id, chat.id])).toEqual([null, null, agent]);
      // Solving frees the agent: the next in line comes at once.
      await services().messages.add(agentActor, chat.id, { text: 'Fixed', status: 'solved' });
      await drain();
      expect(await assignees([email.id, p1.id])).toEqual([agent, null]);
      // Handing a ticket back (unassigning) frees the agent and puts the ticket back in the queue.
      await services().tickets.update(ws.admin, email.id, { status: 'pending' });
      await drain();
      expect(await assigneeOf(p1.id)).toBe(agent);
      await services().tickets.update(ws.admin, p1.id, { assigneeId: null });
      await drain();
      expect(await assigneeOf(p1.id)).toBe(agent); // back in the queue, and the agent has room again
    });

    it('never assigns a ticket twice or overfills an agent when two processes fill one queue', async () => {
      const { dialect, database, clock } = ctx();
      const { teamId, agents } = await team('manual', [{ capacity: 3 }, { capacity: 3 }]);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await ticket({ teamId })).id);
      await drain();
      await services().routing.updateTeamRouting(ws.admin, teamId, { strategy: 'least-loaded' }); // its event is not delivered here
      const second =
        dialect === 'postgres' ? openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, schema: database.schema }) : database.handle;
      const other = second === database.handle ? services() : createServices(second, { clock, secret: TEST_SECRET });
      const assigned = await Promise.all([services().routing.fillQueue(ws.id, teamId), other.routing.fillQueue(ws.id, teamId)]);
      if (second !== database.handle) await second.close();
      expect(assigned[0] + assigned[1]).toBe(6);
      expect(countBy(await assignees(ids))).toEqual(new Map([[agents[0], 3], [agents[1], 3], [null, 4]]));
      for (const id of ids) {
        const assignments = (await services().tickets.history(ws.admin, id)).filter((e) => e.field === 'assigneeId');
        expect(assignments.length, id).toBeLessThanOrEqual(1);
      }
      await drain();
      expect(countBy(await assignees(ids)).get(null)).toBe(4);
    });
  });

  describe('lifecycle', () => {
    const runner = () => createLifecycleRunner({ lifecycle: services().lifecycle, routing: services().routing });
    const idleEvents = async (ticketId: string) =>
      (await ctx().database.handle.db.selectFrom('outbox').select(['type', 'payload']).where('aggregate_id', '=', ticketId).where('type', '=', 'ticket.idle').orderBy('id').execute()).map(
        (row) => JSON.parse(row.payload).idleSince,
      );

    it('closes solved tickets after 7 days, not before, and not when reopened', async () => {
      const { clock } = ctx();
      clock.set('2026-03-02T12:00:00.000Z');
      const solved = await ticket();
      const reopened = await ticket();
      await services().tickets.update(ws.admin, solved.id, { status: 'solved' });
      await services().tickets.update(ws.admin, reopened.id, { status: 'solved' });
      clock.set('2026-03-09T11:59:00.000Z');
      await services().messages.add(ws.admin, reopened.id, { text: 'Still broken', author: 'requester' });
      await runner().drain();
      expect((await services().tickets.get(ws.admin, solved.id)).status).toBe('solved');
      clock.set('2026-03-09T12:00:00.000Z');
      await runner().drain();
      const closed = await services().tickets.get(ws.admin, solved.id);
      expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-03-09T12:00:00.000Z' });
      expect((await services().tickets.history(ws.admin, solved.id)).at(-1)).toMatchObject({ field: 'status', actorType: 'system', newValue: 'closed' });
      expect((await services().tickets.get(ws.admin, reopened.id)).status).toBe('open');
    });

    it('honours the autoCloseDays setting', async () => {
      const { clock } = ctx();
      const other = await make.workspace(services());
      await services().workspace.update(other.admin, { settings: { autoCloseDays: 2 } });
      clock.set('2026-03-02T12:00:00.000Z');
      const t = await make.ticket(services(), other.admin, { status: 'solved' });
      clock.set('2026-03-04T12:00:00.000Z');
      await runner().drain();
      expect((await services().tickets.get(other.admin, t.id)).status).toBe('closed');
    });

    it('raises one idle alert per idle period, counted in business hours', async () => {
      const { clock } = ctx();
      const other = await make.workspace(services());
      await services().workspace.update(other.admin, { settings: { idleAlertBusinessHours: 4 } });
      clock.set('2026-03-06T15:00:00.000Z'); // Friday 15:00: four business hours end Monday 11:00
      const idle = await make.ticket(services(), other.admin);
      const pending = await make.ticket(services(), other.admin, { status: 'pending' });
      clock.set('2026-03-09T10:59:00.000Z');
      await runner().drain();
      expect(await idleEvents(idle.id)).toEqual([]);
      clock.set('2026-03-09T11:00:00.000Z');
      await runner().drain();
      await runner().drain();
      expect(await idleEvents(idle.id)).toEqual(['2026-03-06T15:00:00.000Z']);
      expect(await idleEvents(pending.id)).toEqual([]); // not an idle status by default
      const token = bearer((await services().auth.createToken(other.system, 'reader', other.admin.userId)).token);
      const listed = await ctx().app.inject({ method: 'GET', url: '/api/v1/routing/idle-tickets', headers: token });
      expect(listed.json()).toEqual({
        items: [expect.objectContaining({ ticketId: idle.id, idleSince: '2026-03-06T15:00:00.000Z', alertedAt: '2026-03-09T11:00:00.000Z' })],
        nextCursor: null,
      });
      clock.set('2026-03-09T12:00:00.000Z');
      await services().messages.add(other.admin, idle.id, { text: 'Looking into it', internal: true });
      expect((await services().lifecycle.listIdle(other.admin, {})).items).toEqual([]); // touched: no longer idle
      clock.set('2026-03-09T15:59:00.000Z');
      await runner().drain();
      expect(await idleEvents(idle.id)).toHaveLength(1);
      clock.set('2026-03-09T16:00:00.000Z');
      await Promise.all([runner().drain(), runner().drain()]);
      expect(await idleEvents(idle.id)).toEqual(['2026-03-06T15:00:00.000Z', '2026-03-09T12:00:00.000Z']);
    });
  });

  describe('API', () => {
    let tokens: Record<'admin' | 'supervisor' | 'agent' | 'readOnly', { token: string; userId: string }>;
    let foreign: { teamId: string; ruleId: string; userId: string };

    beforeAll(async () => {
      const make2 = async (role: 'admin' | 'supervisor' | 'agent' | 'read-only') => {
        const created = await make.token(services(), ws, role);
        return { token: created.token, userId: created.user.id };
      };
      tokens = { admin: await make2('admin'), supervisor: await make2('supervisor'), agent: await make2('agent'), readOnly: await make2('read-only') };
      const other = await make.workspace(services());
      const otherTeam = await services().teams.create(other.admin, { name: 'Elsewhere' });
      const otherRule = await services().routing.createRule(other.admin, { name: 'All', teamId: otherTeam.id });
      foreign = { teamId: otherTeam.id, ruleId: otherRule.id, userId: other.admin.userId };
    });

    const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who: keyof typeof tokens, payload?: object) =>
      ctx().app.inject({ method, url, headers: bearer(tokens[who].token), ...(payload ? { payload } : {}) });

    it('lets admins configure and everyone read', async () => {
      const teamId = (await services().teams.create(ws.admin, { name: `API ${unique()}` })).id;
      expect((await api('POST', '/api/v1/routing/rules', 'supervisor', { name: 'X', teamId })).statusCode).toBe(403);
      const created = await api('POST', '/api/v1/routing/rules', 'admin', { name: 'X', teamId, conditions: { channels: ['phone'] } });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      expect((await api('GET', '/api/v1/routing/rules', 'readOnly')).statusCode).toBe(200);
      expect((await api('PATCH', `/api/v1/routing/rules/${id}`, 'admin', { isActive: false })).json().isActive).toBe(false);
      expect((await api('POST', '/api/v1/routing/rules', 'admin', { name: 'Bad', teamId: 'nope' })).json().fields).toHaveProperty('teamId');
      expect((await api('POST', '/api/v1/routing/rules', 'admin', { name: 'Bad', teamId, conditions: { channels: ['pigeon'] } })).statusCode).toBe(400);
      expect((await api('DELETE', `/api/v1/routing/rules/${id}`, 'admin')).statusCode).toBe(204);

      expect((await api('GET', `/api/v1/teams/${teamId}/routing`, 'agent')).json()).toMatchObject({ strategy: 'manual', defaultCapacity: 10, updatedAt: null });
      expect((await api('PUT', `/api/v1/teams/${teamId}/routing`, 'supervisor', { strategy: 'skills' })).statusCode).toBe(403);
      const changed = await api('PUT', `/api/v1/teams/${teamId}/routing`, 'admin', { strategy: 'skills', defaultCapacity: 4 });
      expect(changed.json()).toMatchObject({ strategy: 'skills', defaultCapacity: 4 });
      expect((await api('PUT', `/api/v1/teams/${teamId}/routing`, 'admin', { strategy: 'random' })).statusCode).toBe(400);
      expect((await api('GET', `/api/v1/routing/queue?teamId=${teamId}`, 'readOnly')).json()).toMatchObject({ strategy: 'skills', items: [] });
    });

    it('lets agents set their own availability; supervisors set anyone’s, capacity and skills', async () => {
      const self = await api('PATCH', `/api/v1/agents/${tokens.agent.userId}/state`, 'agent', { availability: 'online' });
      expect(self.statusCode, self.body).toBe(200);
      expect(self.json()).toMatchObject({ availability: 'online', capacity: null, skills: [], openCount: 0 });
      expect((await api('PATCH', `/api/v1/agents/${tokens.agent.userId}/state`, 'agent', { capacity: 50 })).statusCode).toBe(403);
      expect((await api('PATCH', `/api/v1/agents/${tokens.supervisor.userId}/state`, 'agent', { availability: 'offline' })).statusCode).toBe(403);
      expect((await api('PATCH', `/api/v1/agents/${tokens.agent.userId}/state`, 'readOnly', { availability: 'offline' })).statusCode).toBe(403);
      const set = await api('PATCH', `/api/v1/agents/${tokens.agent.userId}/state`, 'supervisor', { capacity: 3, skills: ['German', 'german', 'billing'] });
      expect(set.json()).toMatchObject({ availability: 'online', capacity: 3, skills: ['billing', 'german'] });
      expect((await api('PATCH', `/api/v1/agents/${tokens.readOnly.userId}/state`, 'admin', { availability: 'online' })).statusCode).toBe(400);
      expect((await api('PATCH', `/api/v1/agents/${tokens.agent.userId}/state`, 'admin', { availability: 'busy' })).statusCode).toBe(400);
      const list = (await api('GET', '/api/v1/agents', 'readOnly')).json().items;
      expect(list.find((a: { userId: string }) => a.userId === tokens.agent.userId)).toMatchObject({ availability: 'online', capacity: 3 });
      expect(list.some((a: { userId: string }) => a.userId === tokens.readOnly.userId)).toBe(false);
      expect((await api('GET', `/api/v1/agents/${tokens.agent.userId}`, 'agent')).json().skills).toEqual(['billing', 'german']);
      await services().routing.updateAgentState(ws.admin, tokens.agent.userId, { availability: 'offline' });
    });

    it("answers 404 for another workspace's rules, teams and agents", async () => {
      expect((await api('PATCH', `/api/v1/routing/rules/${foreign.ruleId}`, 'admin', { name: 'Mine' })).statusCode).toBe(404);
      expect((await api('DELETE', `/api/v1/routing/rules/${foreign.ruleId}`, 'admin')).statusCode).toBe(404);
      expect((await api('GET', '/api/v1/routing/rules', 'admin')).json().items.some((r: { id: string }) => r.id === foreign.ruleId)).toBe(false);
      expect((await api('GET', `/api/v1/teams/${foreign.teamId}/routing`, 'admin')).statusCode).toBe(404);
      expect((await api('PUT', `/api/v1/teams/${foreign.teamId}/routing`, 'admin', { strategy: 'round-robin' })).statusCode).toBe(404);
      expect((await api('GET', `/api/v1/routing/queue?teamId=${foreign.teamId}`, 'admin')).statusCode).toBe(404);
      expect((await api('POST', '/api/v1/routing/rules', 'admin', { name: 'Steal', teamId: foreign.teamId })).statusCode).toBe(400);
      expect((await api('GET', `/api/v1/agents/${foreign.userId}`, 'admin')).statusCode).toBe(404);
      expect((await api('PATCH', `/api/v1/agents/${foreign.userId}/state`, 'admin', { availability: 'online' })).statusCode).toBe(404);
    });

    it('documents the routing API in OpenAPI', async () => {
      const spec = (await ctx().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(Object.keys(spec.paths['/api/v1/agents/{id}/state'])).toEqual(['patch']);
      expect(spec.paths['/api/v1/routing/queue'].get.parameters.map((p: { name: string }) => p.name)).toContain('teamId');
      expect(spec.paths['/api/v1/teams/{id}/routing'].put.tags).toEqual(['routing']);
    });
  });
});
