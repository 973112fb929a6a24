import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/lib/actor.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { npsSurveyToken, surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

// NPS end to end on both databases: the round's scan picks the contacts due (activity, rules,
// suppression), the sender mails them through the outbound queue, the signed page takes the answer,
// a detractor opens a contact follow-up whose closing note reaches the timeline (and the customer),
// and the KPI report counts the answers beside the target.

const DAY = 86_400_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

eachDialectApp('NPS surveys', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: Actor;
  let supervisor: Actor;
  let manager: Actor;
  let adminToken: string;
  let supervisorToken: string;
  let agentToken: string;
  let pump: () => Promise<void>;
  const people: Record<string, { id: string; email: string; ticketId: string }> = {};

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    clock.set('2025-09-15T10:00:00.000Z');
    ws = await make.workspace(services);
    ({ actor: agent, token: agentToken } = await make.token(services, ws, 'agent'));
    ({ actor: supervisor, token: supervisorToken } = await make.token(services, ws, 'supervisor'));
    manager = (await make.user(services, ws, 'agent')).actor;
    adminToken = (await make.token(services, ws, 'admin')).token;
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    pump = async () => {
      await dispatcher.drain();
    };

    // Last active before the previous round began: not asked in April.
    const old = await make.ticket(services, agent, { requester: { email: `old-${ws.id.slice(-6)}@customer.test`, name: 'Olga Old' } });
    people.old = { id: old.requester.id, email: `old-${ws.id.slice(-6)}@customer.test`, ticketId: old.id };

    clock.set('2026-03-10T09:00:00.000Z');
    const organisation = await services.organisations.create(ws.admin, { name: `Acme ${ws.id.slice(-4)}`, accountManagerId: manager.userId });
    const team = await services.teams.create(ws.admin, { name: `Care ${ws.id.slice(-4)}`, memberIds: [agent.userId, supervisor.userId] });
    const contactWith = async (name: string, overrides: Parameters<typeof make.contact>[2] = {}, ticket: Parameters<typeof make.ticket>[2] = {}) => {
      const contact = await make.contact(services, ws.admin, { name, ...overrides });
      const created = await make.ticket(services, agent, { requesterId: contact.id, requester: undefined, ...ticket });
      people[name.split(' ')[0].toLowerCase()] = { id: contact.id, email: contact.emails[0], ticketId: created.id };
      return created;
    };
    await contactWith('Alice Acme', { organisationId: organisation.id });
    await contactWith('Bob Team', {}, { teamId: team.id });
    await contactWith('Carol Calm');
    await contactWith('Dave Down', {}, { teamId: team.id });
    await contactWith('Nora Nope', { consent: { surveys: false } });
    await contactWith('Rob Robot', {}, { tags: ['auto-submitted'] });
    const bouncing = await contactWith('Bea Bounce');
    await ctx().database.handle.db.updateTable('message').set({ delivery_status: 'bounced' }).where('ticket_id', '=', bouncing.id).execute();
    const idle = await make.contact(services, ws.admin, { name: 'Ida Idle' });
    people.ida = { id: idle.id, email: idle.emails[0], ticketId: '' };
  });

  const db = () => ctx().database.handle.db;
  const inject = (options: InjectOptions) => ctx().app.inject(options);
  const surveysOf = (contactId: string) => db().selectFrom('nps_survey').selectAll().where('contact_id', '=', contactId).orderBy('round_start').execute();
  const tokenOf = async (name: string) => npsSurveyToken(TEST_SECRET, (await surveysOf(people[name].id)).at(-1)!.id);
  /** The round's scan in slices of two contacts (so it takes several), then the sender. */
  async function runSchedule() {
    let slices = 0;
    while ((await ctx().services.nps.scheduleDue(2)) > 0) slices++;
    await ctx().services.nps.sendDue();
    return slices;
  }
  const answer = (name: string, payload: Record<string, unknown>) =>
    tokenOf(name).then((token) => inject({ method: 'POST', url: `/survey/nps/${token}`, payload }));

  it('is off until an admin turns it on; only admins change the schedule', async () => {
    ctx().clock.set('2026-04-01T00:01:00.000Z');
    expect(await runSchedule()).toBe(0);
    expect(await db().selectFrom('nps_survey').select('id').where('workspace_id', '=', ws.id).execute()).toEqual([]);
    const refused = await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(supervisorToken), payload: { npsEnabled: true } });
    expect(refused.statusCode).toBe(403);
    const saved = await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(adminToken), payload: { npsEnabled: true } });
    expect(saved.json()).toMatchObject({ npsEnabled: true, npsIntervalMonths: 3, npsSuppressionDays: 90 });
  });

  it('asks the contacts due in slices: active, reachable, no robots, no bounces, no one who said no', async () => {
    const slices = await runSchedule();
    expect(slices).toBeGreaterThan(3);
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      const [survey] = await surveysOf(people[name].id);
      expect(survey, name).toMatchObject({ status: 'sent', round_start: Date.parse('2026-04-01T00:00:00Z'), ticket_id: people[name].ticketId });
      const email = await db().selectFrom('outbound_email').selectAll().where('id', '=', survey.outbound_email_id!).executeTakeFirstOrThrow();
      expect(email).toMatchObject({ kind: 'survey', message_id: null, status: 'queued', in_reply_to: null });
      expect(email.subject).toMatch(/^How likely are you to recommend Desk \w+\?$/);
      expect(email.text).toContain(`/survey/nps/${npsSurveyToken(TEST_SECRET, survey.id)}`);
      expect(JSON.parse(email.to_addresses)[0].address).toBe(people[name].email);
    }
    for (const name of ['old', 'nora', 'rob', 'bea', 'ida']) expect(await surveysOf(people[name].id), name).toEqual([]);
    // The round is scanned: running again asks nobody twice.
    expect(await runSchedule()).toBe(0);
    expect(await db().selectFrom('nps_survey').select('id').where('workspace_id', '=', ws.id).execute()).toHaveLength(4);
  });

  it('takes one answer per survey from the signed page, changeable; staff see it read-only; forged links are 404', async () => {
    ctx().clock.set('2026-04-14T10:00:00.000Z'); // a Tuesday
    const token = await tokenOf('alice');
    const page = await inject({ method: 'GET', url: `/survey/nps/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How likely are you to recommend us to a friend or colleague?');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");

    const bad = await inject({ method: 'POST', url: `/survey/nps/${token}`, headers: FORM, payload: 'score=11&comment=hi' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a whole number from 0 to 10');
    const saved = await inject({ method: 'POST', url: `/survey/nps/${token}`, headers: FORM, payload: `score=3&comment=${encodeURIComponent('Too slow <b>really</b>')}` });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Thank you for your answer');
    expect(saved.body).toContain('Too slow &lt;b&gt;really&lt;/b&gt;');
    const changed = await answer('alice', { score: 4, comment: 'Too slow' });
    expect(changed.json()).toMatchObject({ status: 'sent', answer: { score: 4, comment: 'Too slow' } });
    expect((await surveysOf(people.alice.id))[0]).toMatchObject({ score: 4, answered_at: Date.parse('2026-04-14T10:00:00Z') });

    const staff = await inject({ method: 'GET', url: `/survey/nps/${token}`, headers: bearer(agentToken) });
    expect(staff.body).toContain('read-only');
    expect(staff.body).toMatch(/<fieldset disabled>/);
    expect((await inject({ method: 'POST', url: `/survey/nps/${token}`, headers: bearer(agentToken), payload: { score: 10 } })).statusCode).toBe(403);

    const survey = (await surveysOf(people.alice.id))[0];
    for (const forged of [surveyToken(TEST_SECRET, survey.id), `${token.slice(0, -2)}xx`, 'nope']) {
      expect((await inject({ method: 'GET', url: `/survey/nps/${forged}` })).statusCode).toBe(404);
      expect((await inject({ method: 'POST', url: `/survey/nps/${forged}`, payload: { score: 5 } })).statusCode).toBe(404);
    }
    // An NPS link does not open a CSAT survey either.
    expect((await inject({ method: 'GET', url: `/survey/${token}` })).statusCode).toBe(404);

    expect((await answer('bob', { score: 10 })).statusCode).toBe(200);
    expect((await answer('carol', { score: 8, comment: 'Fine' })).statusCode).toBe(200);
    expect((await answer('dave', { score: 2 })).statusCode).toBe(200);
  });

  it('a detractor opens one follow-up about the contact: the account manager, else the team supervisor, due in 2 business days', async () => {
    await pump();
    const followUps = await db().selectFrom('follow_up').selectAll().where('workspace_id', '=', ws.id).orderBy('score').execute();
    expect(followUps.map((row) => [row.kind, row.contact_id, row.score])).toEqual([
      ['nps', people.dave.id, 2],
      ['nps', people.alice.id, 3],
    ]);
    const [dave, alice] = followUps;
    expect(alice).toMatchObject({ ticket_id: null, owner_id: manager.userId, owner_source: 'account-manager', status: 'open' });
    expect(dave).toMatchObject({ owner_id: supervisor.userId, owner_source: 'team-supervisor' });
    // Answered Tuesday 10:00 on Mon–Fri 09:00–17:00 UTC: due Thursday 17:00.
    expect(new Date(Number(alice.due_at)).toISOString()).toBe('2026-04-16T17:00:00.000Z');
    const opened = await db().selectFrom('outbox').select('type').where('aggregate_id', '=', people.alice.id).execute();
    expect(opened.map((event) => event.type)).toEqual(['nps.answered', 'nps.answered', 'contact_follow_up.opened']);

    // Another low answer keeps the one open follow-up; passives and promoters open none.
    await answer('alice', { score: 1, comment: 'Too slow' });
    await pump();
    expect(await db().selectFrom('follow_up').select('id').where('contact_id', '=', people.alice.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('follow_up').select('id').where('contact_id', 'in', [people.bob.id, people.carol.id]).execute()).toEqual([]);

    const list = await inject({ method: 'GET', url: '/api/v1/follow-ups?kind=nps', headers: bearer(supervisorToken) });
    const item = list.json().items.find((entry: { customer: { id: string } }) => entry.customer.id === people.alice.id);
    // The score that opened it; the comment as the answer stands now.
    expect(item).toMatchObject({ kind: 'nps', ticket: null, score: 3, comment: 'Too slow', owner: { id: manager.userId }, ownerSource: 'account-manager' });
    expect(list.json().items.every((entry: { kind: string }) => entry.kind === 'nps')).toBe(true);
  });

  it('closing with a note emails the customer and puts the note on their timeline; an internal CSAT note shows there too', async () => {
    const { services } = ctx();
    const [row] = await db().selectFrom('follow_up').selectAll().where('contact_id', '=', people.alice.id).execute();
    const closed = await inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${row.id}`,
      headers: bearer(supervisorToken),
      payload: { status: 'done', changeNote: 'We added a second shift for your region.', notifyCustomer: true },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'done', notifiedCustomer: true, changeNote: 'We added a second shift for your region.' });
    const email = await db()
      .selectFrom('outbound_email')
      .selectAll()
      .where('ticket_id', '=', people.alice.ticketId)
      .where('kind', '=', 'reply')
      .executeTakeFirstOrThrow();
    expect(email).toMatchObject({ subject: 'What we changed after your feedback', text: 'We added a second shift for your region.', message_id: null });
    const timeline = await services.contacts.timeline(ws.admin, people.alice.id, {});
    expect(timeline.items[0]).toMatchObject({
      kind: 'follow-up',
      followUp: { kind: 'nps', score: 3 },
      ticket: null,
      notifiedCustomer: true,
      excerpt: 'We added a second shift for your region.',
      author: { id: supervisor.userId },
    });
    expect(await db().selectFrom('outbox').select('type').where('aggregate_id', '=', people.alice.id).where('type', '=', 'contact_follow_up.closed').execute()).toHaveLength(1);

    // A CSAT follow-up closed with an internal note: on the ticket as a note and on the timeline.
    const ticket = await make.ticket(services, agent, { requesterId: people.carol.id, requester: undefined });
    await services.followUps.surveyAnswered({
      id: 9_000_001,
      workspaceId: ws.id,
      aggregateId: ticket.id,
      type: 'survey.answered',
      payload: { ticketId: ticket.id, surveyId: 'csat-survey', score: 1, ces: null, reason: null, hasComment: false, changed: false },
      createdAt: new Date(),
      attempt: 1,
    });
    const [csat] = await db().selectFrom('follow_up').selectAll().where('ticket_id', '=', ticket.id).execute();
    ctx().clock.advance(60_000);
    const internal = await inject({ method: 'PATCH', url: `/api/v1/follow-ups/${csat.id}`, headers: bearer(adminToken), payload: { status: 'done', changeNote: 'Coached the team.' } });
    expect(internal.json()).toMatchObject({ kind: 'csat', notifiedCustomer: false });
    const carol = await services.contacts.timeline(ws.admin, people.carol.id, { limit: 2 });
    expect(carol.items[0]).toMatchObject({ kind: 'follow-up', followUp: { kind: 'csat', score: 1 }, ticket: { id: ticket.id }, notifiedCustomer: false, excerpt: 'Coached the team.' });
    expect(carol.nextCursor).not.toBeNull();
    const rest = await services.contacts.timeline(ws.admin, people.carol.id, { limit: 50, cursor: carol.nextCursor! });
    expect(rest.items.some((entry) => entry.id === carol.items[0].id || entry.id === carol.items[1].id)).toBe(false);
  });

  it('the KPI report shows NPS from the period’s answers beside the target, with the answers to drill into', async () => {
    const kpis = await inject({ method: 'GET', url: '/api/v1/reports/kpis?from=2026-04-01&to=2026-04-30', headers: bearer(supervisorToken) });
    expect(kpis.statusCode).toBe(200);
    // alice 1 and dave 2 detractors, carol 8 passive, bob 10 promoter: 25 % − 50 %.
    expect(kpis.json().nps).toEqual({ answers: 4, promoters: 1, passives: 1, detractors: 2, score: -25 });
    expect(kpis.json().targets.nps).toBe(30);
    // A slice does not change it (NPS is about the relationship), and another period has none.
    expect((await inject({ method: 'GET', url: '/api/v1/reports/kpis?from=2026-04-01&to=2026-04-30&channel=chat', headers: bearer(supervisorToken) })).json().nps.score).toBe(-25);
    expect((await inject({ method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-01&to=2026-03-31', headers: bearer(supervisorToken) })).json().nps).toEqual({
      answers: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      score: null,
    });

    const detractors = await inject({ method: 'GET', url: '/api/v1/surveys/nps?from=2026-04-01&to=2026-04-30&group=detractors', headers: bearer(agentToken) });
    expect(detractors.statusCode).toBe(200);
    expect(detractors.json().items.map((item: { contactId: string; group: string }) => [item.contactId, item.group]).sort()).toEqual(
      [[people.alice.id, 'detractor'], [people.dave.id, 'detractor']].sort(),
    );
    const outside = await inject({ method: 'GET', url: '/api/v1/surveys/nps?from=2026-04-15&to=2026-04-30', headers: bearer(agentToken) });
    expect(outside.json().items).toEqual([]);
    const mine = await inject({ method: 'GET', url: `/api/v1/surveys/nps?contactId=${people.carol.id}`, headers: bearer(agentToken) });
    expect(mine.json().items).toMatchObject([{ score: 8, comment: 'Fine', group: 'passive', contactName: 'Carol Calm' }]);
    const commented = await inject({ method: 'GET', url: '/api/v1/surveys/nps?hasComment=true&limit=1', headers: bearer(agentToken) });
    expect(commented.json().items).toHaveLength(1);
    expect(commented.json().nextCursor).not.toBeNull();
    for (const query of ['group=fans', 'from=2026-13-01', 'from=2026-04-30&to=2026-04-01', 'cursor=garbage']) {
      const response = await inject({ method: 'GET', url: `/api/v1/surveys/nps?${query}`, headers: bearer(agentToken) });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('closes the form 28 days after sending', async () => {
    ctx().clock.set('2026-04-29T00:02:00.000Z');
    const late = await answer('bob', { score: 9 });
    expect(late.statusCode).toBe(409);
    const token = await tokenOf('bob');
    const page = await inject({ method: 'GET', url: `/survey/nps/${token}` });
    expect(page.body).toContain('This survey has closed');
    expect(page.body).toContain('<strong>10 of 10</strong>');
  });

  it('next round: asks again those active since, after the suppression period, and re-checks the rules when due', async () => {
    const { services, clock } = ctx();
    clock.set('2026-05-05T12:00:00.000Z');
    for (const name of ['alice', 'bob', 'carol']) await services.tickets.update(agent, people[name].ticketId, { status: 'solved' });
    await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(adminToken), payload: { npsSuppressionDays: 120 } });
    clock.set('2026-07-01T00:05:00.000Z');
    await runSchedule();
    // Sent 1 April 00:01 + 120 days: due 30 July 00:01, still in the July round. Dave was not active since April.
    for (const name of ['alice', 'bob', 'carol']) {
      const surveys = await surveysOf(people[name].id);
      expect(surveys.map((survey) => survey.status), name).toEqual(['sent', 'scheduled']);
      expect(Number(surveys[1].due_at)).toBe(Date.parse('2026-04-01T00:01:00Z') + 120 * DAY);
    }
    expect(await surveysOf(people.dave.id)).toHaveLength(1);

    await services.contacts.update(ws.admin, people.carol.id, { consent: { surveys: false } });
    clock.set('2026-07-30T00:01:00.000Z');
    await runSchedule();
    expect((await surveysOf(people.alice.id))[1]).toMatchObject({ status: 'sent' });
    expect((await surveysOf(people.carol.id))[1]).toMatchObject({ status: 'skipped', status_reason: 'do-not-contact' });
  });
});
