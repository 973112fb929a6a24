import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { buildApp } from '../src/server/app.ts';
import { createLogger } from '../src/server/logger.ts';
import type { Actor } from '../src/lib/actor.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

// CSAT surveys end to end on both databases: scheduling from ticket changes, the send rules, the
// signed link, the public form (answer, change, window, staff read-only) and the staff API.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

eachDialectApp('CSAT surveys', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: Actor;
  let agentToken: string;
  let adminToken: string;
  let pump: () => Promise<void>;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    ws = await make.workspace(services);
    ({ actor: agent, token: agentToken } = await make.token(services, ws, 'agent'));
    adminToken = (await make.token(services, ws, 'admin')).token;
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    pump = async () => {
      await dispatcher.drain();
    };
  });

  const db = () => ctx().database.handle.db;
  const surveyOf = (ticketId: string) => db().selectFrom('survey').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  const inject = (options: InjectOptions) => ctx().app.inject(options);

  async function solvedTicket(overrides: Parameters<typeof make.ticket>[2] = {}) {
    const { services } = ctx();
    const ticket = await make.ticket(services, agent, overrides);
    await services.tickets.update(agent, ticket.id, { status: 'solved' });
    await pump();
    return ticket;
  }

  /** Solves a ticket, lets the delay pass and sends: the survey's link token. */
  async function sentSurvey(overrides: Parameters<typeof make.ticket>[2] = {}) {
    const ticket = await solvedTicket(overrides);
    ctx().clock.advance(DAY);
    await ctx().services.surveys.sendDue();
    const survey = await surveyOf(ticket.id);
    expect(survey?.status).toBe('sent');
    return { ticket, survey: survey!, token: surveyToken(TEST_SECRET, survey!.id) };
  }

  it('schedules a survey at solve + 24 h and sends it through the outbound queue with a signed link', async () => {
    const { services, clock } = ctx();
    const ticket = await solvedTicket();
    const solvedAt = clock.now().getTime();
    const survey = await surveyOf(ticket.id);
    expect(survey).toMatchObject({ status: 'scheduled', contact_id: ticket.requester.id });
    expect(Number(survey?.due_at)).toBe(solvedAt + DAY);

    clock.advance(DAY - 60_000);
    await services.surveys.sendDue();
    expect((await surveyOf(ticket.id))?.status).toBe('scheduled');
    clock.advance(60_000);
    expect(await services.surveys.sendDue()).toBe(1);
    const sent = await surveyOf(ticket.id);
    expect(sent).toMatchObject({ status: 'sent', sent_at: clock.now().getTime() });
    const email = await db().selectFrom('outbound_email').selectAll().where('id', '=', sent!.outbound_email_id!).executeTakeFirstOrThrow();
    expect(email).toMatchObject({ kind: 'survey', message_id: null, ticket_id: ticket.id, status: 'queued' });
    expect(email.text).toContain(`/survey/${surveyToken(TEST_SECRET, sent!.id)}`);
    expect(JSON.parse(email.to_addresses)[0].address).toBe(ticket.requester.email);

    // One survey per ticket: solving again after it was sent schedules nothing new.
    await services.tickets.update(agent, ticket.id, { status: 'open' });
    await services.tickets.update(agent, ticket.id, { status: 'solved' });
    await pump();
    expect((await surveyOf(ticket.id))?.status).toBe('sent');
    expect(await db().selectFrom('survey').select('id').where('ticket_id', '=', ticket.id).execute()).toHaveLength(1);
  });

  it('cancels a scheduled survey when the ticket is reopened, and schedules it again from the next solve', async () => {
    const { services, clock } = ctx();
    const ticket = await solvedTicket();
    clock.advance(2 * HOUR);
    await services.tickets.update(agent, ticket.id, { status: 'open' });
    await pump();
    expect(await surveyOf(ticket.id)).toMatchObject({ status: 'cancelled', status_reason: 'reopened' });
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect((await surveyOf(ticket.id))?.status).toBe('cancelled');

    await services.tickets.update(agent, ticket.id, { status: 'solved' });
    await pump();
    expect(await surveyOf(ticket.id)).toMatchObject({ status: 'scheduled', due_at: clock.now().getTime() + DAY });
  });

  it('cancels at send time a survey whose ticket was reopened before the event was handled', async () => {
    const { services, clock } = ctx();
    const ticket = await solvedTicket();
    // Reopened directly in the database: the sender checks the ticket itself, not only the events.
    await db().updateTable('ticket').set({ status: 'open', solved_at: null }).where('id', '=', ticket.id).execute();
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect(await surveyOf(ticket.id)).toMatchObject({ status: 'cancelled', status_reason: 'reopened', sent_at: null });
  });

  it('cancels the survey of a ticket merged into another', async () => {
    const { services, clock } = ctx();
    const ticket = await solvedTicket();
    const other = await make.ticket(services, agent);
    await services.ticketMerges.merge(agent, ticket.id, { intoId: other.id });
    await pump();
    expect(await surveyOf(ticket.id)).toMatchObject({ status: 'cancelled', status_reason: 'merged' });
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect((await surveyOf(ticket.id))?.status).toBe('cancelled');
  });

  it('does not survey a contact surveyed within the suppression period (7 days), then does again', async () => {
    const { services, clock } = ctx();
    const email = `repeat-${Date.now()}@customer.test`;
    await sentSurvey({ requester: { email, name: 'Rita Repeat' } });
    const second = await solvedTicket({ requester: { email, name: 'Rita Repeat' } });
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect(await surveyOf(second.id)).toMatchObject({ status: 'skipped', status_reason: 'suppressed' });

    clock.advance(6 * DAY);
    const third = await solvedTicket({ requester: { email, name: 'Rita Repeat' } });
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect((await surveyOf(third.id))?.status).toBe('sent');
  });

  it('never surveys auto-submitted mail, a bounced address or a contact who declined surveys', async () => {
    const { services, clock } = ctx();
    const robot = await solvedTicket({ tags: ['auto-submitted'] });
    const declined = await make.contact(services, agent, { consent: { surveys: false } });
    const noSurveys = await solvedTicket({ requesterId: declined.id, requester: undefined });
    const bouncing = await make.ticket(services, agent);
    await db().updateTable('message').set({ delivery_status: 'bounced' }).where('ticket_id', '=', bouncing.id).execute();
    await services.tickets.update(agent, bouncing.id, { status: 'solved' });
    await pump();
    clock.advance(DAY);
    await services.surveys.sendDue();
    expect(await surveyOf(robot.id)).toMatchObject({ status: 'skipped', status_reason: 'auto-submitted' });
    expect(await surveyOf(noSurveys.id)).toMatchObject({ status: 'skipped', status_reason: 'do-not-contact' });
    expect(await surveyOf(bouncing.id)).toMatchObject({ status: 'skipped', status_reason: 'bounced' });
    const queued = await db()
      .selectFrom('outbound_email')
      .select('id')
      .where('kind', '=', 'survey')
      .where('ticket_id', 'in', [robot.id, noSurveys.id, bouncing.id])
      .execute();
    expect(queued).toEqual([]);
  });

  it('refuses tampered, foreign and unsent tokens with 404, never a 500', async () => {
    const { token, survey } = await sentSurvey();
    const scheduled = await surveyOf((await solvedTicket()).id);
    const tampered = [
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      `${survey.id}.`,
      survey.id,
      surveyToken('another-installation-secret', survey.id),
      surveyToken(TEST_SECRET, scheduled!.id),
      'not-a-token',
      encodeURIComponent("x'; drop table survey; --.abc"),
    ];
    for (const bad of tampered) {
      const page = await inject({ method: 'GET', url: `/survey/${bad}` });
      expect(page.statusCode, bad).toBe(404);
      expect(page.body).toContain('This survey link is not valid');
      const post = await inject({ method: 'POST', url: `/survey/${bad}`, payload: { score: 5 } });
      expect(post.statusCode, bad).toBe(404);
      expect(post.headers['content-type']).toContain('application/problem+json');
    }
    // Longer than Fastify's parameter limit: no survey route matches at all.
    const long = await inject({ method: 'GET', url: `/survey/${'a'.repeat(400)}` });
    expect(long.statusCode).toBeLessThan(500);
    expect(long.body).not.toContain('How did');
  });

  it('takes an answer from the form, shows it to staff, and lets the customer change it', async () => {
    const { clock } = ctx();
    const { ticket, token } = await sentSurvey();
    const form = await inject({ method: 'GET', url: `/survey/${token}` });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    expect(form.body).toContain('<input type="radio" id="score-5" name="score" value="5" required>');
    expect(form.body).toContain('<label for="score-1">');
    expect(form.body).not.toContain('name="ces"');

    const answered = await inject({
      method: 'POST',
      url: `/survey/${token}`,
      headers: FORM,
      payload: 'score=2&reason=Took+too+long&comment=Slow+but+kind',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.body).toContain('Thank you for your feedback');
    const first = await inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/survey`, headers: bearer(agentToken) });
    expect(first.json()).toMatchObject({
      status: 'sent',
      answer: { score: 2, reason: 'Took too long', comment: 'Slow but kind', ces: null, changedAt: null },
    });

    clock.advance(HOUR);
    const changed = await inject({ method: 'POST', url: `/survey/${token}`, payload: { score: 4, reason: 'Took too long' } });
    expect(changed.statusCode, changed.body).toBe(200);
    // The reason belongs to scores 1–2 only: dropped for a 4.
    expect(changed.json()).toMatchObject({ answer: { score: 4, reason: null, comment: null, changedAt: clock.now().toISOString() } });
    const events = await db()
      .selectFrom('outbox')
      .select(['type', 'payload'])
      .where('type', '=', 'survey.answered')
      .where('aggregate_id', '=', ticket.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => JSON.parse(event.payload))).toMatchObject([
      { ticketId: ticket.id, score: 2, ces: null, changed: false },
      { ticketId: ticket.id, score: 4, ces: null, changed: true },
    ]);
    expect((await inject({ method: 'GET', url: `/survey/${token}` })).body).toContain('value="4" checked');
  });

  it('closes the form 28 days after sending, and when the ticket closes', async () => {
    const { services, clock } = ctx();
    const late = await sentSurvey();
    const closing = await sentSurvey();
    await inject({ method: 'POST', url: `/survey/${closing.token}`, payload: { score: 5 } });
    await services.tickets.update(agent, closing.ticket.id, { status: 'closed' });

    const closedPage = await inject({ method: 'GET', url: `/survey/${closing.token}` });
    expect(closedPage.body).toContain('This survey has closed because your request is closed');
    expect(closedPage.body).not.toContain('<form');
    const refused = await inject({ method: 'POST', url: `/survey/${closing.token}`, payload: { score: 1 } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: '/problems/conflict' });

    clock.advance(28 * DAY - 2 * DAY);
    expect((await inject({ method: 'POST', url: `/survey/${late.token}`, payload: { score: 3 } })).statusCode).toBe(200);
    clock.advance(2 * DAY);
    const expired = await inject({ method: 'GET', url: `/survey/${late.token}` });
    expect(expired.body).toContain('answers are taken for 28 days');
    const form = await inject({ method: 'POST', url: `/survey/${late.token}`, headers: FORM, payload: 'score=1' });
    expect(form.statusCode).toBe(409);
    expect((await surveyOf(late.ticket.id))?.score).toBe(3);
    expect((await surveyOf(closing.ticket.id))?.score).toBe(5);
  });

  it('shows a signed-in staff user the survey read-only and refuses their answer', async () => {
    const { services } = ctx();
    const { ticket, token } = await sentSurvey();
    const user = await make.user(services, ws, 'agent');
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
    const setCookie = [login.headers['set-cookie']].flat().find((value) => value?.startsWith('rapport_session='));
    const cookie = setCookie!.split(';')[0];

    const page = await inject({ method: 'GET', url: `/survey/${token}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('you see this survey read-only');
    expect(page.body).not.toContain('type="submit"');
    expect(page.body).toContain('<fieldset disabled>');
    // A form post carries the cookie but not the CSRF header: still recognised as staff.
    for (const headers of [
      { cookie, ...FORM },
      { cookie, 'x-csrf-token': login.json().csrfToken, ...FORM },
      { ...bearer(agentToken), ...FORM },
    ]) {
      const post = await inject({ method: 'POST', url: `/survey/${token}`, headers, payload: 'score=5' });
      expect(post.statusCode).toBe(403);
    }
    expect((await surveyOf(ticket.id))?.answered_at).toBeNull();
  });

  it('refuses bad answers with the field named and changes nothing', async () => {
    const { ticket, token } = await sentSurvey();
    await inject({ method: 'POST', url: `/survey/${token}`, payload: { score: 3, comment: 'fine' } });
    const before = await surveyOf(ticket.id);
    const bad: Array<[unknown, string]> = [
      [{ score: 9 }, 'score'],
      [{ score: 'five' }, 'score'],
      [{}, 'score'],
      [{ score: 1, reason: 'Because' }, 'reason'],
      [{ score: 4, comment: 'x'.repeat(2001) }, 'comment'],
      [{ score: 4, comment: 'nul \u0000 here' }, 'comment'],
      [{ score: 4, comment: 42 }, 'comment'],
    ];
    for (const [payload, field] of bad) {
      const response = await inject({ method: 'POST', url: `/survey/${token}`, payload: payload as object });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(Object.keys(response.json().fields ?? {}), JSON.stringify(payload)).toContain(field);
    }
    const form = await inject({ method: 'POST', url: `/survey/${token}`, headers: FORM, payload: 'score=7&comment=keep+me' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('role="alert"');
    expect(form.body).toContain('>keep me</textarea>');
    expect((await inject({ method: 'POST', url: `/survey/${token}`, headers: FORM, payload: 'score=1&score=5' })).statusCode).toBe(400);
    expect(
      (await inject({ method: 'POST', url: `/survey/${token}`, headers: { 'content-type': 'text/plain' }, payload: 'score=5' })).statusCode,
    ).toBe(415);
    expect(await surveyOf(ticket.id)).toEqual(before);
  });

  it('escapes a script in the comment and the ticket subject', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { token } = await sentSurvey({ subject: `Help ${payload}` });
    await inject({
      method: 'POST',
      url: `/survey/${token}`,
      headers: FORM,
      payload: new URLSearchParams({ score: '5', comment: payload }).toString(),
    });
    const page = await inject({ method: 'GET', url: `/survey/${token}` });
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>');
  });

  it('keeps settings per workspace: staff read them, only admins change them, bad input is a problem', async () => {
    const { services, clock } = ctx();
    const read = await inject({ method: 'GET', url: '/api/v1/surveys/settings', headers: bearer(agentToken) });
    expect(read.json()).toEqual({
      csatEnabled: true,
      delayMinutes: 1440,
      cesEnabled: false,
      reasons: ['Took too long', 'Not resolved', 'Unfriendly', 'Other'],
      suppressionDays: 7,
      linkBaseUrl: null,
      npsEnabled: false,
      npsIntervalMonths: 3,
      npsSuppressionDays: 90,
    });
    expect(
      (await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(agentToken), payload: { cesEnabled: true } }))
        .statusCode,
    ).toBe(403);
    for (const payload of [
      { delayMinutes: -1 },
      { reasons: [] },
      { reasons: ['Slow', ' slow '] },
      { linkBaseUrl: 'javascript:alert(1)' },
      { delayMinutes: '60' },
      { npsIntervalMonths: 5 },
      { npsSuppressionDays: 400 },
      { npsEnabled: 'yes' },
      {},
    ]) {
      const response = await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(adminToken), payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await inject({ method: 'GET', url: '/api/v1/surveys/settings', headers: bearer(agentToken) })).json().cesEnabled).toBe(false);

    const changed = await inject({
      method: 'PATCH',
      url: '/api/v1/surveys/settings',
      headers: bearer(adminToken),
      payload: { cesEnabled: true, delayMinutes: 60, linkBaseUrl: 'https://help.example.com/' },
    });
    expect(changed.json()).toMatchObject({ cesEnabled: true, delayMinutes: 60, linkBaseUrl: 'https://help.example.com' });
    const ticket = await solvedTicket();
    expect(Number((await surveyOf(ticket.id))?.due_at)).toBe(clock.now().getTime() + HOUR);
    clock.advance(HOUR);
    await services.surveys.sendDue();
    const survey = (await surveyOf(ticket.id))!;
    const email = await db()
      .selectFrom('outbound_email')
      .select('text')
      .where('id', '=', survey.outbound_email_id!)
      .executeTakeFirstOrThrow();
    const token = surveyToken(TEST_SECRET, survey.id);
    expect(email.text).toContain(`https://help.example.com/survey/${token}`);
    expect((await inject({ method: 'GET', url: `/survey/${token}` })).body).toContain('How easy was it to get your issue resolved?');
    const answered = await inject({ method: 'POST', url: `/survey/${token}`, payload: { score: 5, ces: 6 } });
    expect(answered.json().answer).toMatchObject({ score: 5, ces: 6 });
    expect((await inject({ method: 'POST', url: `/survey/${token}`, payload: { score: 5, ces: 8 } })).statusCode).toBe(400);

    await inject({
      method: 'PATCH',
      url: '/api/v1/surveys/settings',
      headers: bearer(adminToken),
      payload: { csatEnabled: false, cesEnabled: false, delayMinutes: 1440 },
    });
    const quiet = await solvedTicket();
    expect(await surveyOf(quiet.id)).toBeUndefined();
    await inject({ method: 'PATCH', url: '/api/v1/surveys/settings', headers: bearer(adminToken), payload: { csatEnabled: true } });
  });

  it('lists feedback newest first with score and comment filters and keyset pages; 404 for a ticket without survey', async () => {
    const { services, clock } = ctx();
    const other = await make.workspace(services);
    const answers: Array<{ score: number; comment?: string }> = [
      { score: 1, comment: 'bad' },
      { score: 2 },
      { score: 4, comment: 'good' },
      { score: 5 },
    ];
    const tickets: string[] = [];
    for (const answer of answers) {
      clock.advance(8 * DAY);
      const { ticket, token } = await sentSurvey();
      tickets.push(ticket.id);
      clock.advance(HOUR);
      expect((await inject({ method: 'POST', url: `/survey/${token}`, payload: answer })).statusCode).toBe(200);
    }
    const list = async (query: string) =>
      (await inject({ method: 'GET', url: `/api/v1/surveys?${query}`, headers: bearer(agentToken) })).json();
    const all = await list('limit=200');
    expect(all.items.slice(0, 4).map((item: { ticketId: string }) => item.ticketId)).toEqual([...tickets].reverse());
    const low = await list('maxScore=2&limit=200');
    expect(low.items.every((item: { score: number }) => item.score <= 2)).toBe(true);
    expect(low.items.map((item: { ticketId: string }) => item.ticketId)).toEqual(expect.arrayContaining([tickets[0], tickets[1]]));
    const commented = await list('hasComment=true&minScore=4&limit=200');
    expect(commented.items.map((item: { ticketId: string }) => item.ticketId)).toContain(tickets[2]);
    expect(commented.items.every((item: { comment: string | null; score: number }) => item.comment !== null && item.score >= 4)).toBe(true);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...page.items.map((item: { surveyId: string }) => item.surveyId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((item: { surveyId: string }) => item.surveyId));

    expect((await list('minScore=4&maxScore=2')).status).toBe(400);
    expect((await list('minScore=0')).status).toBe(400);
    expect((await list('cursor=nonsense')).status).toBe(400);
    const foreign = (await make.token(services, other, 'admin')).token;
    expect((await inject({ method: 'GET', url: '/api/v1/surveys', headers: bearer(foreign) })).json().items).toEqual([]);
    expect((await inject({ method: 'GET', url: `/api/v1/tickets/${tickets[0]}/survey`, headers: bearer(foreign) })).statusCode).toBe(404);
    const fresh = await make.ticket(services, agent);
    expect((await inject({ method: 'GET', url: `/api/v1/tickets/${fresh.id}/survey`, headers: bearer(agentToken) })).statusCode).toBe(404);
  });
});

describe('survey links in logs', () => {
  it('keep the path but never the token, in the request line and in req.url', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += chunk;
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-survey-log-'));
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const { logger } = createLogger({ logLevel: 'info', logFormat: 'json' }, { stream: out, isTerminal: false });
    const app = await buildApp({ database, clock: fixedClock('2026-03-02T09:00:00Z'), secret: TEST_SECRET, logger });
    const token = surveyToken(TEST_SECRET, '0195f3a2-7b7c-7d6e-8f00-123456789abc');
    await app.inject({ method: 'GET', url: `/survey/${token}?x=1` });
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(text).toContain('GET /survey/[token] 404');
    expect(text).toContain('"url":"/survey/[token]?x=1"');
    expect(text).not.toContain(token.split('.')[1]);
  });
});
