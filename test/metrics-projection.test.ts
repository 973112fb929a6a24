import { expect, it } from 'vitest';
import { seededRandom } from '../src/lib/random.ts';
import { computeTicketMetrics } from '../src/modules/metrics/ticket-metrics.ts';
import { createMetricsProjector, historyOf, rebuildAllMetrics } from '../src/modules/metrics/service.ts';
import { parseCalendar } from '../src/modules/sla/calendar.ts';
import { createTimerRunner } from '../src/modules/sla/timers.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import { surveyToken } from '../src/modules/surveys/token.ts';
import { registerSubscribers } from '../src/server/subscribers.ts';
import { eachDialect, TEST_SECRET } from './harness.ts';
import { make } from './factories.ts';

// The metric projection kept up to date from the use cases' own marks must equal a rebuild from the
// raw history, whatever happened: a seeded random history of creates, replies, notes, customer
// messages, status changes, reopens, reassignments, merges and calendar edits, with the projector
// running at random moments in between.
eachDialect('metric projection', (ctx) => {
  const snapshot = async () => {
    const { db } = ctx().database.handle;
    const rollups = await db
      .selectFrom('metric_rollup')
      .selectAll()
      .orderBy(['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier'])
      .execute();
    const counters = (row: Record<string, unknown>) => Object.entries(row).filter(([name]) => !['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier'].includes(name));
    const tickets = await db.selectFrom('ticket_metric').selectAll().orderBy('ticket_id').execute();
    const histograms = await db
      .selectFrom('metric_histogram')
      .selectAll()
      .orderBy(['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier'])
      .execute();
    const deskHistograms = await db.selectFrom('metric_histogram_desk').selectAll().orderBy(['workspace_id', 'day']).execute();
    const deskTags = await db.selectFrom('metric_tag_desk').selectAll().where('created', '!=', 0).orderBy(['workspace_id', 'day', 'tag']).execute();
    const tags = await db.selectFrom('metric_tag').selectAll().where('created', '!=', 0).orderBy(['workspace_id', 'day', 'tag', 'team_id', 'agent_id', 'channel', 'priority', 'tier']).execute();
    const volumes = await db.selectFrom('metric_volume').selectAll().where('created', '!=', 0).orderBy(['workspace_id', 'day', 'hour', 'channel']).execute();
    return {
      volumes,
      tags,
      deskTags,
      deskHistograms: deskHistograms.filter((row) => counters(row).some(([, value]) => Number(value) !== 0)),
      // Rows a change emptied stay at zero; a rebuild never writes them.
      rollups: rollups.filter((row) => counters(row).some(([, value]) => Number(value) !== 0)),
      histograms: histograms.filter((row) => counters(row).some(([, value]) => Number(value) !== 0)),
      // Open tickets' waits are "as of when last measured"; everything else is final.
      tickets: tickets.map(({ measured_at: _, ...row }) =>
        row.status === 'solved' || row.status === 'closed'
          ? row
          : { ...row, requester_wait_calendar_ms: null, requester_wait_business_ms: null, agent_wait_calendar_ms: null, agent_wait_business_ms: null },
      ),
    };
  };

  it('equals a rebuild from raw data after a random history', { timeout: 120_000 }, async () => {
    const { services, clock, database } = ctx();
    const projector = createMetricsProjector({ db: database.handle.db, clock, sliceSize: 7 });
    const ws = await make.workspace(services);
    const agents = [await make.user(services, ws, 'agent'), await make.user(services, ws, 'agent')];
    const team = await services.teams.create(ws.admin, { name: 'Billing' });
    const random = seededRandom(20261207);
    const calendar = (await services.sla.listCalendars(ws.admin)).find((c) => c.name === 'Business hours');
    if (!calendar) throw new Error('no business calendar');
    await services.mailboxes.create(ws.admin, { address: `help-${ws.id.slice(-6)}@desk.test`, name: 'Help Desk' });
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    registerSubscribers(dispatcher, services, { db: database.handle.db, clock });
    const tickets: string[] = [];
    const attempt = (work: Promise<unknown>) => work.catch(() => undefined); // a refused step (e.g. on a merged ticket) is part of the history

    for (let step = 0; step < 160; step += 1) {
      clock.advance(random.int(1, 600) * 60_000);
      const ticketId = tickets.length ? random.pick(tickets) : undefined;
      const action = !ticketId || random.chance(0.15) ? 'create' : random.pick(['reply', 'customer', 'note', 'status', 'status', 'assign', 'merge', 'calendar', 'survey'] as const);
      const actor = random.pick(agents).actor;
      if (action === 'create') {
        const created = await make.ticket(services, actor, {
          channel: random.pick(['email', 'phone', 'chat', 'portal'] as const),
          priority: random.pick(['low', 'normal', 'high'] as const),
          ...(random.chance(0.2) ? { status: 'open' as const } : {}),
        });
        tickets.push(created.id);
      } else if (ticketId && action === 'reply') {
        await attempt(services.messages.add(actor, ticketId, { text: 'We are on it.', ...(random.chance(0.5) ? { status: random.pick(['pending', 'solved'] as const) } : {}) }));
      } else if (ticketId && action === 'customer') {
        await attempt(services.messages.add(actor, ticketId, { text: 'Any news?', author: 'requester' }));
      } else if (ticketId && action === 'note') {
        await attempt(services.messages.add(actor, ticketId, { text: 'Checked the logs.', internal: true }));
      } else if (ticketId && action === 'status') {
        await attempt(services.tickets.update(actor, ticketId, { status: random.pick(['open', 'pending', 'on-hold', 'solved', 'solved', 'closed'] as const) }));
      } else if (ticketId && action === 'assign') {
        await attempt(
          services.tickets.update(actor, ticketId, {
            assigneeId: random.pick(agents).user.id,
            teamId: random.chance(0.5) ? team.id : null,
            ...(random.chance(0.5) ? { tags: random.pick([[], ['billing'], ['billing', 'refund'], ['outage']]) } : {}),
          }),
        );
      } else if (ticketId && action === 'merge' && tickets.length > 2) {
        const intoId = random.pick(tickets.filter((id) => id !== ticketId));
        await attempt(services.ticketMerges.merge(actor, ticketId, { intoId }));
      } else if (action === 'calendar') {
        const close = random.pick(['16:00', '17:00', '18:00']);
        const day: Array<[string, string]> = [['09:00', close]];
        await services.sla.updateCalendar(ws.admin, calendar.id, {
          definition: { timezone: random.pick(['Europe/Berlin', 'America/New_York']), hours: { mon: day, tue: day, wed: day, thu: day, fri: day } },
        });
      }
      else if (action === 'survey') {
        // Surveys of solved tickets go out after their delay; a customer answers one, or changes an answer.
        await dispatcher.drain();
        await services.surveys.sendDue();
        const sent = await database.handle.db.selectFrom('survey').select('id').where('status', '=', 'sent').execute();
        if (sent.length) {
          const score = random.int(1, 5);
          await attempt(services.surveys.answer(surveyToken(TEST_SECRET, random.pick(sent).id), 'customer', { score, ...(score <= 2 ? { reason: 'Other' } : {}) }, 'json'));
        }
      }
      if (random.chance(0.3)) await dispatcher.drain();
      if (random.chance(0.2)) await projector.runOnce();
    }
    // As in a running server: SLA timers fire the breaches that came due (each marks its ticket), then the projector catches up.
    await createTimerRunner({ db: database.handle.db, clock }).drain();
    await dispatcher.drain();
    await dispatcher.stop();
    await projector.drain();
    const incremental = await snapshot();
    expect(incremental.tickets).toHaveLength(tickets.length);
    expect(incremental.rollups.reduce((sum, row) => sum + Number(row.created), 0)).toBe(tickets.length);
    expect(incremental.rollups.reduce((sum, row) => sum + Number(row.solved), 0)).toBeGreaterThan(0);
    expect(incremental.rollups.reduce((sum, row) => sum + Number(row.csat_answers), 0)).toBeGreaterThan(0);
    // Every solved ticket's full resolution is in exactly one bucket of its histogram.
    const resolutionBuckets = (row: Record<string, unknown>) =>
      Object.entries(row).filter(([name]) => name.startsWith('full_resolution_calendar_h')).reduce((sum, [, count]) => sum + Number(count), 0);
    expect(incremental.histograms.reduce((sum, row) => sum + resolutionBuckets(row), 0)).toBe(incremental.rollups.reduce((sum, row) => sum + Number(row.solved), 0));
    // The whole desk's rows are the sums of the others, day by day.
    const byDay = (rows: Array<Record<string, unknown>>, value: (row: Record<string, unknown>) => number) => {
      const sums = new Map<string, number>();
      for (const row of rows) sums.set(`${row.workspace_id} ${row.day}`, (sums.get(`${row.workspace_id} ${row.day}`) ?? 0) + value(row));
      return Object.fromEntries([...sums].filter(([, sum]) => sum !== 0));
    };
    expect(byDay(incremental.deskHistograms, resolutionBuckets)).toEqual(byDay(incremental.histograms, resolutionBuckets));
    expect(byDay(incremental.deskTags, (row) => Number(row.created))).toEqual(byDay(incremental.tags, (row) => Number(row.created)));
    expect(incremental.deskTags.length).toBeGreaterThan(0);

    expect(await rebuildAllMetrics(database.handle.db, clock)).toBeGreaterThanOrEqual(tickets.length);
    expect(await snapshot()).toEqual(incremental);
  });

  it('stores what the metric engine computes for the ticket, on the business clock of its SLA policy', async () => {
    const { services, clock, database } = ctx();
    const projector = createMetricsProjector({ db: database.handle.db, clock });
    const ws = await make.workspace(services);
    const agent = await make.user(services, ws, 'agent');
    clock.set('2026-03-06T15:00:00Z'); // a Friday, 16:00 in Berlin: an hour before closing
    const ticket = await make.ticket(services, agent.actor, { channel: 'email' });
    clock.set('2026-03-09T09:30:00Z');
    await services.messages.add(agent.actor, ticket.id, { text: 'Done.', status: 'solved' });
    await projector.drain();
    const row = await database.handle.db.selectFrom('ticket_metric').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    const { db } = database.handle;
    const [statusEvents, messages, stored] = await Promise.all([
      db.selectFrom('ticket_event').select(['old_value', 'new_value', 'created_at']).where('ticket_id', '=', ticket.id).where('field', '=', 'status').orderBy('created_at').execute(),
      db.selectFrom('message').select(['direction', 'is_internal', 'author_type', 'created_at']).where('ticket_id', '=', ticket.id).orderBy('created_at').execute(),
      db.selectFrom('ticket as t').innerJoin('sla_policy as p', 'p.id', 't.sla_policy_id').innerJoin('business_calendar as c', 'c.id', 'p.calendar_id').select(['t.created_at', 't.status', 'c.definition']).where('t.id', '=', ticket.id).executeTakeFirstOrThrow(),
    ]);
    const expected = computeTicketMetrics(historyOf(stored, statusEvents, messages), parseCalendar(JSON.parse(stored.definition)), clock.now().getTime());
    expect(Number(row.first_reply_calendar_ms) / 60_000).toBe(expected.firstReply.calendarMinutes);
    expect(Number(row.first_reply_business_ms) / 60_000).toBe(expected.firstReply.businessMinutes);
    expect(Number(row.full_resolution_business_ms) / 60_000).toBe(expected.fullResolution.businessMinutes);
    expect(expected.firstReply.calendarMinutes).toBe(3 * 24 * 60 - 330); // Friday 15:00 → Monday 09:30 UTC
    expect(expected.firstReply.businessMinutes).toBeLessThan(expected.firstReply.calendarMinutes ?? 0);
    expect(row).toMatchObject({ status: 'solved', one_touch: 1, agent_replies: 1, created_day: '2026-03-06', solved_day: '2026-03-09' });
  });
});
