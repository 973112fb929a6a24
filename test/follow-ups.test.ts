import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/lib/actor.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

// Closing the loop on a low CSAT answer, on both databases: the subscriber opens a follow-up (owner,
// due time, idempotency), the list and its role rules, and closing with a "what we changed" note.

const DAY = 86_400_000;

eachDialectApp('CSAT follow-ups', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: Actor;
  let agentToken: string;
  let otherAgentToken: string;
  let supervisor: Actor;
  let supervisorToken: string;
  let adminToken: string;
  let readOnlyToken: string;
  let reason: string;
  let pump: () => Promise<void>;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    clock.set('2026-03-05T15:00:00.000Z'); // a Thursday
    ws = await make.workspace(services);
    ({ actor: agent, token: agentToken } = await make.token(services, ws, 'agent'));
    otherAgentToken = (await make.token(services, ws, 'agent')).token;
    ({ actor: supervisor, token: supervisorToken } = await make.token(services, ws, 'supervisor'));
    adminToken = (await make.token(services, ws, 'admin')).token;
    readOnlyToken = (await make.token(services, ws, 'read-only')).token;
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    reason = (await services.surveys.getSettings(ws.admin)).reasons[0];
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    pump = async () => {
      await dispatcher.drain();
    };
  });

  const db = () => ctx().database.handle.db;
  const inject = (options: InjectOptions) => ctx().app.inject(options);
  const followUpsOf = (ticketId: string) => db().selectFrom('follow_up').selectAll().where('ticket_id', '=', ticketId).execute();

  /** Solves a ticket, sends its survey a day later (Friday 15:00 when started on a Thursday) and returns the token. */
  async function surveyed(overrides: Parameters<typeof make.ticket>[2] = {}) {
    const { services, clock } = ctx();
    clock.set('2026-03-05T15:00:00.000Z');
    const ticket = await make.ticket(services, agent, overrides);
    await services.tickets.update(agent, ticket.id, { status: 'solved' });
    await pump();
    clock.advance(DAY);
    await services.surveys.sendDue();
    const survey = await db().selectFrom('survey').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    return { ticket, token: surveyToken(TEST_SECRET, survey.id) };
  }

  async function answer(token: string, score: number, comment: string | null = null) {
    await ctx().services.surveys.answer(token, 'customer', { score, reason: score <= 2 ? reason : null, comment }, 'json');
    await pump();
  }

  it('a CSAT of 1–2 opens one follow-up due at the end of the second business day; 3–5 opens none', async () => {
    const low = await surveyed();
    await answer(low.token, 1, 'Nobody called back');
    const [row] = await followUpsOf(low.ticket.id);
    expect(row).toMatchObject({ status: 'open', score: 1, owner_id: null, owner_source: 'none' });
    // Answered Friday 15:00 on Mon–Fri 09:00–17:00 (UTC): due Tuesday 17:00.
    expect(new Date(Number(row.due_at)).toISOString()).toBe('2026-03-10T17:00:00.000Z');
    const event = await db().selectFrom('outbox').selectAll().where('aggregate_id', '=', low.ticket.id).where('type', '=', 'follow_up.opened').execute();
    expect(event).toHaveLength(1);

    for (const score of [3, 4, 5]) {
      const fine = await surveyed();
      await answer(fine.token, score);
      expect(await followUpsOf(fine.ticket.id)).toHaveLength(0);
    }
  });

  it('is idempotent: a redelivered event, a second low answer and a later 5 leave the one open follow-up', async () => {
    const { services } = ctx();
    const { ticket, token } = await surveyed();
    await answer(token, 2);
    const [event] = await db().selectFrom('outbox').selectAll().where('aggregate_id', '=', ticket.id).where('type', '=', 'survey.answered').execute();
    const delivered = {
      id: Number(event.id),
      workspaceId: ws.id,
      aggregateId: ticket.id,
      type: 'survey.answered' as const,
      payload: JSON.parse(String(event.payload)),
      createdAt: new Date(),
      attempt: 2,
    };
    await services.followUps.surveyAnswered(delivered);
    await services.followUps.surveyAnswered(delivered);
    await answer(token, 1); // changed down again: still one open
    await answer(token, 5); // a better answer does not close it
    const rows = await followUpsOf(ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('open');
  });

  it('goes to the account manager of the requester’s organisation, else a supervisor of the ticket’s team', async () => {
    const { services } = ctx();
    const manager = await make.user(services, ws, 'agent');
    const organisation = await services.organisations.create(ws.admin, { name: `Org ${ws.id.slice(-4)}`, accountManagerId: manager.user.id });
    const contact = await make.contact(services, ws.admin, { organisationId: organisation.id });
    const managed = await surveyed({ requester: { email: contact.emails[0], name: contact.name } });
    await answer(managed.token, 1);
    expect((await followUpsOf(managed.ticket.id))[0]).toMatchObject({ owner_id: manager.user.id, owner_source: 'account-manager' });

    const team = await services.teams.create(ws.admin, { name: `Team ${ws.id.slice(-4)}`, memberIds: [agent.userId, supervisor.userId] });
    const teamed = await surveyed({ teamId: team.id });
    await answer(teamed.token, 2);
    expect((await followUpsOf(teamed.ticket.id))[0]).toMatchObject({ owner_id: supervisor.userId, owner_source: 'team-supervisor' });
  });

  it('lists open follow-ups for supervisors and admins, only their own for agents, none for read-only', async () => {
    const { ticket, token } = await surveyed();
    await answer(token, 1, 'Slow');
    const all = await inject({ method: 'GET', url: '/api/v1/follow-ups?status=open&limit=200', headers: bearer(supervisorToken) });
    expect(all.statusCode).toBe(200);
    const item = all.json().items.find((entry: { ticket: { id: string } }) => entry.ticket.id === ticket.id);
    expect(item).toMatchObject({ status: 'open', score: 1, reason, comment: 'Slow', owner: null, ticket: { number: ticket.number } });
    expect((await inject({ method: 'GET', url: '/api/v1/follow-ups', headers: bearer(adminToken) })).json().items.length).toBeGreaterThan(0);
    const mine = await inject({ method: 'GET', url: '/api/v1/follow-ups', headers: bearer(agentToken) });
    expect(mine.json().items.every((entry: { owner: { id: string } | null }) => entry.owner?.id === agent.userId)).toBe(true);
    expect((await inject({ method: 'GET', url: `/api/v1/follow-ups?ownerId=${supervisor.userId}`, headers: bearer(agentToken) })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/api/v1/follow-ups', headers: bearer(readOnlyToken) })).statusCode).toBe(403);
    expect((await inject({ method: 'GET', url: '/api/v1/follow-ups?status=maybe', headers: bearer(adminToken) })).statusCode).toBe(400);

    // Keyset pages: soonest due first, no repeats.
    const first = (await inject({ method: 'GET', url: '/api/v1/follow-ups?limit=1', headers: bearer(adminToken) })).json();
    const second = (await inject({ method: 'GET', url: `/api/v1/follow-ups?limit=1&cursor=${first.nextCursor}`, headers: bearer(adminToken) })).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it('closing needs a note; bad input is a 400 and changes nothing; the note lands on the ticket and, sent, on the timeline', async () => {
    const { services } = ctx();
    const { ticket, token } = await surveyed();
    await answer(token, 1);
    const [row] = await followUpsOf(ticket.id);
    const patch = (body: unknown, who = supervisorToken) =>
      inject({ method: 'PATCH', url: `/api/v1/follow-ups/${row.id}`, headers: bearer(who), payload: body as object });

    for (const bad of [{ status: 'done' }, { status: 'done', changeNote: '' }, { status: 'done', changeNote: 'x'.repeat(4001) }, { changeNote: 'hi' }, {}, { status: 'open' }, { status: 'done', changeNote: 42 }, { status: 'done', changeNote: 'ok', notifyCustomer: 'yes' }]) {
      const response = await patch(bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await patch({ status: 'done', changeNote: '   ' })).statusCode).toBe(400);
    expect((await patch({ ownerId: 'no-such-user' })).statusCode).toBe(400);
    expect((await followUpsOf(ticket.id))[0]).toMatchObject({ status: 'open', owner_id: null, change_note: null });

    // Agents cannot touch one that is not theirs, nor give it away; a supervisor hands it to the agent.
    expect((await patch({ status: 'done', changeNote: 'x' }, agentToken)).statusCode).toBe(404);
    expect((await patch({ ownerId: agent.userId }, readOnlyToken)).statusCode).toBe(403);
    expect((await patch({ ownerId: agent.userId })).json()).toMatchObject({ owner: { id: agent.userId }, ownerSource: 'reassigned' });
    expect((await patch({ status: 'done', changeNote: 'x' }, otherAgentToken)).statusCode).toBe(404);

    const closed = await patch({ status: 'done', changeNote: 'We now call back within a day.', notifyCustomer: true }, agentToken);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'done', changeNote: 'We now call back within a day.', closedBy: agent.userId });
    expect((await patch({ status: 'done', changeNote: 'again' })).statusCode).toBe(409);

    const timeline = await services.contacts.timeline(ws.admin, ticket.requester.id, {});
    expect(timeline.items.some((entry) => entry.kind === 'message' && entry.excerpt === 'We now call back within a day.' && entry.direction === 'outbound')).toBe(true);
    await pump();
    const emails = await db().selectFrom('outbound_email').selectAll().where('ticket_id', '=', ticket.id).where('kind', '=', 'reply').execute();
    expect(emails).toHaveLength(1);
    const events = await db().selectFrom('outbox').select('type').where('aggregate_id', '=', ticket.id).where('type', '=', 'follow_up.closed').execute();
    expect(events).toHaveLength(1);
  });

  it('without notifyCustomer the note is an internal note on the ticket', async () => {
    const { services } = ctx();
    const { ticket, token } = await surveyed();
    await answer(token, 2);
    const [row] = await followUpsOf(ticket.id);
    const response = await inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${row.id}`,
      headers: bearer(adminToken),
      payload: { status: 'done', changeNote: 'Fixed the billing export.' },
    });
    expect(response.statusCode).toBe(200);
    const messages = await services.messages.list(ws.admin, ticket.id);
    const note = messages.find((message) => message.text?.includes('Fixed the billing export.'));
    expect(note).toMatchObject({ internal: true });
    const done = await inject({ method: 'GET', url: '/api/v1/follow-ups?status=done', headers: bearer(adminToken) });
    expect(done.json().items.some((entry: { id: string }) => entry.id === row.id)).toBe(true);
  });
});
