import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../src/lib/actor.ts';
import { newId } from '../src/lib/ids.ts';
import { markMetricsDue } from '../src/modules/metrics/repo.ts';
import { createMetricsProjector, rebuildAllMetrics } from '../src/modules/metrics/service.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { ANONYMISED_NAME, REMOVED_TEXT } from '../src/modules/retention/purge-repo.ts';
import type { RetentionMode } from '../src/modules/retention/schema.ts';
import { createRetentionJob } from '../src/modules/retention/service.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { createServices } from '../src/server/services.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { make, type Workspace } from './factories.ts';
import { eachDialect, TEST_SECRET } from './harness.ts';

// The retention job on both databases, with the injected clock: a desk whose history starts in
// 2020, measured, then three years later the job runs. Old periods' reports must not move (not by the
// job, not by a rebuild, not by a re-measure), held records must stay whole, and the job must be
// idempotent and resumable.

const DAY = 86_400_000;
const OLD_PERIOD = { from: '2023-02-01', to: '2023-03-31' };

eachDialect('retention', (ctx) => {
  let settle: () => Promise<void>;

  beforeAll(() => {
    const { services, database, clock } = ctx();
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    const projector = createMetricsProjector({ db: database.handle.db, clock });
    settle = async () => {
      await dispatcher.drain();
      await projector.drain();
    };
  });

  const db = () => ctx().database.handle.db;
  const ticketRow = (id: string) => db().selectFrom('ticket').selectAll().where('id', '=', id).executeTakeFirst();
  const contactRow = (id: string) => db().selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirst();
  const messagesOf = (id: string) => db().selectFrom('message').select(['text', 'html', 'time_spent_seconds']).where('ticket_id', '=', id).orderBy('created_at').execute();

  /** A solved ticket with an attachment, a note with work time, and a CSAT answer with a comment. */
  async function answeredTicket(agent: Actor, overrides: Parameters<typeof make.ticket>[2] = {}) {
    const { services, clock } = ctx();
    const ticket = await make.ticket(services, agent, { message: { text: 'My invoice quokka-7 is wrong.' }, ...overrides });
    clock.advance(3_600_000);
    const attachment = { filename: 'invoice.txt', contentType: 'text/plain', contentBase64: Buffer.from(`invoice of ${ticket.id}`).toString('base64') };
    await services.messages.add(agent, ticket.id, { text: 'Corrected, see attached.', attachments: [attachment], status: 'solved', timeSpentSeconds: 300 });
    await settle();
    clock.advance(DAY);
    await services.surveys.sendDue();
    const survey = await db().selectFrom('survey').select('id').where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    await services.surveys.answer(surveyToken(TEST_SECRET, survey.id), 'customer', { score: 2, reason: 'Other', comment: 'Casey here, call me on 555-0100' }, 'json');
    clock.advance(3_600_000);
    await settle();
    return ticket;
  }

  const npsAnswer = (ws: Workspace, contactId: string, answeredAt: string, comment: string | null) => {
    const at = Date.parse(answeredAt);
    return db()
      .insertInto('nps_survey')
      .values({ id: newId(), workspace_id: ws.id, contact_id: contactId, round_start: at, status: 'sent', status_reason: null, due_at: at, ticket_id: null, sent_at: at, outbound_email_id: null, score: 3, comment, answered_at: at, changed_at: null, created_at: at, updated_at: at })
      .execute();
  };

  /** A desk with old tickets (some held), an open old ticket, a recent one, and a 2020 ticket past the summary horizon. */
  async function buildDesk(mode: RetentionMode) {
    const { services, clock } = ctx();
    clock.set('2020-06-01T09:00:00Z');
    const ws = await make.workspace(services);
    await services.workspace.update(ws.admin, { settings: { retention: { mode } } });
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const agent = (await make.user(services, ws, 'agent')).actor;
    const ancient = await make.ticket(services, agent, { status: 'solved' });
    await settle();
    clock.set('2023-03-06T09:00:00Z');
    const plain = await answeredTicket(agent);
    const heldTicket = await answeredTicket(agent);
    const heldContactTicket = await answeredTicket(agent);
    const org = await services.organisations.create(ws.admin, { name: `Held ${ws.id.slice(-4)}` });
    const orgContact = await make.contact(services, ws.admin, { organisationId: org.id });
    const heldOrgTicket = await answeredTicket(agent, { requester: undefined, requesterId: orgContact.id });
    // NPS answers (about the contact, not a ticket): one in the old period, one past the summary horizon.
    await npsAnswer(ws, plain.requester.id, '2023-03-20T10:00:00Z', 'Casey again: the invoices are a mess');
    await npsAnswer(ws, ancient.requester.id, '2020-06-02T10:00:00Z', null);
    const stillOpen = await make.ticket(services, agent, { status: 'open' });
    const returning = await answeredTicket(agent);
    await settle();
    clock.set('2026-03-02T09:00:00Z');
    const recent = await make.ticket(services, agent, { requester: undefined, requesterId: returning.requester.id });
    await settle();
    await services.retention.setHold(ws.admin, 'ticket', heldTicket.id, { reason: 'Matter 2026-17' });
    await services.retention.setHold(ws.admin, 'contact', heldContactTicket.requester.id, { reason: 'Subject access request' });
    await services.retention.setHold(ws.admin, 'organisation', org.id, { reason: 'Dispute with Held' });
    return { ws, agent, ancient, plain, heldTicket, heldContactTicket, heldOrgTicket, stillOpen, returning, recent };
  }

  const report = (ws: Workspace, period = OLD_PERIOD) => ctx().services.reports.kpis(ws.admin, period);
  const figures = async (ws: Workspace, period = OLD_PERIOD) => {
    const { retention: _, ...rest } = await report(ws, period);
    return rest;
  };

  it('anonymises old tickets and contacts, keeps held and live ones, and old reports give the same figures', { timeout: 60_000 }, async () => {
    const { services } = ctx();
    const desk = await buildDesk('anonymise');
    const before = await figures(desk.ws);
    expect(before.totals.created).toBe(6);
    expect(before.totals.csat.answers).toBe(5);
    expect((await report(desk.ws)).retention).toEqual({ rawDataRemovedBefore: null, summariesRemovedBefore: null, fromSummaries: false, partlyRemoved: false });
    const ancientPeriod = { from: '2020-06-01', to: '2020-06-30' };
    expect((await figures(desk.ws, ancientPeriod)).totals.created).toBe(1);

    const plainFiles = await db().selectFrom('attachment').select('sha256').where('ticket_id', '=', desk.plain.id).execute();
    expect(plainFiles).toHaveLength(1);
    const blobDir = ctx().database.handle.blobDir;
    const blobFile = (sha: string) => join(blobDir ?? '', sha.slice(0, 2), sha.slice(2, 4), sha);
    if (blobDir) expect(existsSync(blobFile(plainFiles[0].sha256))).toBe(true);
    const preview = await services.retention.preview(desk.ws.id);
    expect(await ticketRow(desk.plain.id)).toMatchObject({ subject: desk.plain.subject, anonymised_at: null });
    const run = await services.retention.runNow(desk.ws.id, { batchSize: 2 });
    expect(run.finished).toBe(true);
    expect(run.totals).toEqual(preview.totals);
    expect(run.totals).toMatchObject({
      ticketsAnonymised: 2, // plain and returning's old ticket
      ticketsDeleted: 1, // the 2020 ticket, past the summary horizon too
      ticketsHeld: 3,
      attachments: 2,
      surveyComments: 3, // two CSAT comments and plain's requester's NPS comment
      npsAnswers: 1, // the 2020 answer, past the summary horizon
      contactsAnonymised: 1, // plain's requester; returning's has a recent ticket
      contactsDeleted: 1, // the 2020 ticket's requester
      contactsHeld: 2, // the held contact and the held organisation's contact
    });
    expect(run.totals.messages).toBeGreaterThanOrEqual(5);
    expect(run.totals.summaryRows).toBeGreaterThan(0);

    // The old period's figures are those of before, now said to come from summaries.
    expect(await figures(desk.ws)).toEqual(before);
    expect((await report(desk.ws)).retention).toEqual({ rawDataRemovedBefore: '2024-03-02', summariesRemovedBefore: '2021-03-02', fromSummaries: true, partlyRemoved: false });
    const ancientAfter = await report(desk.ws, ancientPeriod);
    expect(ancientAfter.totals.created).toBe(0);
    expect(ancientAfter.retention.partlyRemoved).toBe(true);

    // Text, files and personal data are gone; the skeleton keeps what the figures need.
    const plain = await ticketRow(desk.plain.id);
    expect(plain).toMatchObject({ subject: REMOVED_TEXT, status: 'solved', custom_fields: '{}' });
    expect(plain?.anonymised_at).not.toBeNull();
    const messages = await messagesOf(desk.plain.id);
    expect(messages.map((m) => m.text)).toEqual(messages.map(() => REMOVED_TEXT));
    expect(messages.some((m) => m.time_spent_seconds === 300)).toBe(true);
    expect(await db().selectFrom('attachment').select('id').where('ticket_id', '=', desk.plain.id).execute()).toEqual([]);
    expect(await db().selectFrom('survey').select(['score', 'comment']).where('ticket_id', '=', desk.plain.id).executeTakeFirst()).toEqual({ score: 2, comment: null });
    expect(await db().selectFrom('outbound_email').select('id').where('ticket_id', '=', desk.plain.id).execute()).toEqual([]);
    expect(await contactRow(desk.plain.requester.id)).toMatchObject({ name: ANONYMISED_NAME, emails: '[]', phones: '[]' });
    expect(await db().selectFrom('nps_survey').select(['score', 'comment']).where('contact_id', '=', desk.plain.requester.id).execute()).toEqual([{ score: 3, comment: null }]);
    expect(before.nps.answers).toBe(1);
    expect(await db().selectFrom('contact_email').select('email').where('contact_id', '=', desk.plain.requester.id).execute()).toEqual([]);
    expect((await contactRow(desk.returning.requester.id))?.name).toBe(desk.returning.requester.name);
    expect((await ticketRow(desk.returning.id))?.subject).toBe(REMOVED_TEXT);
    expect(await ticketRow(desk.ancient.id)).toBeUndefined();
    expect(await contactRow(desk.ancient.requester.id)).toBeUndefined();
    const found = await services.search.findTicketIds(desk.ws.admin, 'quokka', 50);
    expect(found.ticketIds.sort()).toEqual([desk.heldTicket.id, desk.heldContactTicket.id, desk.heldOrgTicket.id].sort());
    // Blobs no attachment refers to any more are gone (the files too, on SQLite).
    const removedBlobs = await db().selectFrom('blob').select('sha256').where('sha256', 'not in', db().selectFrom('attachment').select('sha256')).where('sha256', 'not in', db().selectFrom('inbound_email').select('sha256')).execute();
    expect(removedBlobs).toEqual([]);
    expect(await db().selectFrom('blob').select('sha256').where('sha256', '=', plainFiles[0].sha256).execute()).toEqual([]);
    if (blobDir) expect(existsSync(blobFile(plainFiles[0].sha256))).toBe(false);

    // Held, open and recent tickets are whole.
    for (const kept of [desk.heldTicket, desk.heldContactTicket, desk.heldOrgTicket, desk.stillOpen, desk.recent]) {
      const row = await ticketRow(kept.id);
      expect(row).toMatchObject({ subject: kept.subject, anonymised_at: null });
    }
    expect((await messagesOf(desk.heldTicket.id))[0].text).toBe('My invoice quokka-7 is wrong.');
    expect(await db().selectFrom('survey').select('comment').where('ticket_id', '=', desk.heldOrgTicket.id).executeTakeFirst()).toEqual({ comment: 'Casey here, call me on 555-0100' });
    expect((await contactRow(desk.heldContactTicket.requester.id))?.name).toBe(desk.heldContactTicket.requester.name);

    // What went is in the audit log.
    const audit = await services.audit.list(desk.ws.admin, { action: 'retention.removed', limit: 50 });
    const anonymisedIds = audit.items.flatMap((entry) => (entry.details.ticketsAnonymised as string[] | undefined) ?? []);
    expect(anonymisedIds.sort()).toEqual([desk.plain.id, desk.returning.id].sort());
    const completed = await services.audit.list(desk.ws.admin, { action: 'retention.completed', limit: 5 });
    expect(completed.items[0].details.totals).toEqual(run.totals);

    // Idempotent: a second run removes nothing.
    const again = await services.retention.runNow(desk.ws.id);
    expect({ ...again.totals, ticketsHeld: 0, contactsHeld: 0 }).toEqual({ ...emptyTotals, summaryRows: 0 });

    // A re-measure of every old ticket, then `rapport kpi rebuild`, leave the old figures as they were.
    const oldTickets = [desk.plain, desk.returning, desk.heldTicket, desk.heldContactTicket, desk.heldOrgTicket, desk.stillOpen];
    await markMetricsDue(db(), oldTickets.map((ticket) => ({ workspaceId: desk.ws.id, ticketId: ticket.id })), ctx().clock.now().getTime());
    await settle();
    expect(await figures(desk.ws)).toEqual(before);
    await rebuildAllMetrics(db(), ctx().clock);
    expect(await figures(desk.ws)).toEqual(before);
    expect((await report(desk.ws, ancientPeriod)).totals.created).toBe(0);
    // …while recent figures are measured again as usual.
    expect((await figures(desk.ws, { from: '2026-03-01', to: '2026-03-31' })).totals.created).toBe(1);
  });

  it('deletes old tickets and contacts in delete mode; old reports, a rebuild and drill-downs of held tickets stay', { timeout: 60_000 }, async () => {
    const { services } = ctx();
    const desk = await buildDesk('delete');
    const before = await figures(desk.ws);
    const run = await services.retention.runNow(desk.ws.id);
    // Plain's requester is anonymised rather than deleted: their 2023 NPS score still counts in reports.
    expect(run.totals).toMatchObject({ ticketsAnonymised: 0, ticketsDeleted: 3, ticketsHeld: 3, contactsDeleted: 1, contactsAnonymised: 1, npsAnswers: 1 });
    expect(await ticketRow(desk.plain.id)).toBeUndefined();
    expect(await db().selectFrom('message').select('id').where('ticket_id', '=', desk.plain.id).execute()).toEqual([]);
    expect(await db().selectFrom('survey').select('id').where('ticket_id', '=', desk.plain.id).execute()).toEqual([]);
    expect((await contactRow(desk.plain.requester.id))?.name).toBe(ANONYMISED_NAME);
    expect(await contactRow(desk.ancient.requester.id)).toBeUndefined();
    expect((await contactRow(desk.returning.requester.id))?.name).toBe(desk.returning.requester.name);
    expect(await ticketRow(desk.heldTicket.id)).toMatchObject({ subject: desk.heldTicket.subject });
    expect(await figures(desk.ws)).toEqual(before);
    await rebuildAllMetrics(db(), ctx().clock);
    expect(await figures(desk.ws)).toEqual(before);
    // The drill-down of the old period lists the tickets still there: the held ones (and the open one).
    const solved = await services.reports.tickets(desk.ws.admin, { ...OLD_PERIOD, on: 'solved' });
    expect(solved.items.map((item) => item.id).sort()).toEqual([desk.heldTicket.id, desk.heldContactTicket.id, desk.heldOrgTicket.id].sort());
  });

  it('resumes a run killed midway without removing anything twice, and lifting a hold frees the record for the next run', { timeout: 60_000 }, async () => {
    const { services, database, clock } = ctx();
    const desk = await buildDesk('anonymise');
    const expected = (await services.retention.preview(desk.ws.id)).totals;
    // A few batches of one ticket each, then the process "dies": a new service graph carries on.
    await services.retention.startRun(desk.ws.id);
    for (let batch = 0; batch < 3; batch += 1) await services.retention.runBatch({ workspaceId: desk.ws.id, batchSize: 1 });
    const midway = await db().selectFrom('retention_run').selectAll().where('workspace_id', '=', desk.ws.id).executeTakeFirstOrThrow();
    expect(midway.finished_at).toBeNull();
    const restarted = createServices(database.handle, { clock, secret: TEST_SECRET });
    const job = createRetentionJob({ retention: restarted.retention, batchSize: 1 });
    await job.drain();
    const finished = await db().selectFrom('retention_run').selectAll().where('workspace_id', '=', desk.ws.id).executeTakeFirstOrThrow();
    expect(finished.finished_at).not.toBeNull();
    expect(JSON.parse(finished.totals)).toEqual(expected);
    expect((await ticketRow(desk.plain.id))?.subject).toBe(REMOVED_TEXT);

    // The job starts the next run only a day after the last one finished.
    expect(await restarted.retention.startDueRuns()).toBe(0);
    await services.retention.clearHold(desk.ws.admin, 'ticket', desk.heldTicket.id);
    clock.advance(DAY + 1);
    await job.drain();
    expect((await ticketRow(desk.heldTicket.id))?.subject).toBe(REMOVED_TEXT);
    const cleared = await services.audit.list(desk.ws.admin, { action: 'legal_hold.cleared', limit: 5 });
    expect(cleared.items[0]).toMatchObject({ targetType: 'ticket', targetId: desk.heldTicket.id });
  });
});

const emptyTotals = {
  ticketsDeleted: 0,
  ticketsAnonymised: 0,
  ticketsHeld: 0,
  messages: 0,
  attachments: 0,
  attachmentBytes: 0,
  surveyComments: 0,
  npsAnswers: 0,
  contactsDeleted: 0,
  contactsAnonymised: 0,
  contactsHeld: 0,
  storedEmails: 0,
  events: 0,
  summaryRows: 0,
};
