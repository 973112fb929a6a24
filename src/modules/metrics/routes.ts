import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Id, Nullable, PageOf, PageQuery, Timestamp } from '../../lib/schema.ts';
import { ReportTargets } from '../workspace/schema.ts';
import { HISTOGRAM_CLOCKS, HISTOGRAM_MEASURES } from './histogram.ts';
import { BACKLOG_AGES, type ReportService } from './reports.ts';
import type { ServiceReport } from './service-report.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date of the workspace, e.g. 2026-03-01' });
const Dimensions = {
  teamId: Type.Optional(Type.String({ maxLength: 64, description: "'' for tickets with no team" })),
  agentId: Type.Optional(Type.String({ maxLength: 64, description: "The assignee; '' for unassigned tickets" })),
  channel: Type.Optional(Type.String({ maxLength: 32 })),
  priority: Type.Optional(Type.String({ maxLength: 32 })),
  tier: Type.Optional(Type.String({ maxLength: 32 })),
};
const Period = { from: Day, to: Day, ...Dimensions };
const Average = Type.Object({
  count: Type.Integer(),
  averageCalendarMinutes: Nullable(Type.Number()),
  averageBusinessMinutes: Nullable(Type.Number()),
});
const Kpis = {
  created: Type.Integer(),
  solved: Type.Integer(),
  firstResolved: Type.Integer(),
  oneTouch: Type.Integer(),
  reopened: Type.Integer(),
  fcrPercent: Nullable(Type.Number()),
  reopenedPercent: Nullable(Type.Number()),
  firstReply: Average,
  firstResolution: Average,
  fullResolution: Average,
  requesterWait: Average,
  agentWait: Average,
  agentRepliesPerSolved: Nullable(Type.Number()),
  handleTime: Type.Object(
    { tickets: Type.Integer(), averageMinutes: Nullable(Type.Number()) },
    { description: 'Average handle time: work time recorded on tickets solved in the period ÷ those of them with time recorded' },
  ),
  escalated: Type.Integer({ description: 'Tickets created in the period and escalated beyond the first tier' }),
  escalationRatePercent: Nullable(Type.Number()),
  csat: Type.Object(
    { answers: Type.Integer(), satisfied: Type.Integer(), percent: Nullable(Type.Number()), averageScore: Nullable(Type.Number()) },
    { description: 'CSAT answers given in the period (each ticket once, its current answer): satisfied = 4–5' },
  ),
  ces: Type.Object({ answers: Type.Integer(), averageScore: Nullable(Type.Number()) }),
  slaAdherence: Type.Object(
    Object.fromEntries(
      ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'].map((clock) => [
        clock,
        Type.Object({ due: Type.Integer(), met: Type.Integer(), percent: Nullable(Type.Number()) }),
      ]),
    ),
    { description: 'Per SLA target: clocks decided in the period (due), those met, and met ÷ due' },
  ),
};
const Flag = Type.Optional(Type.Boolean());
const Percentile = Type.Object({ medianMinutes: Nullable(Type.Number()), p90Minutes: Nullable(Type.Number()) });
const camel = (name: string) => name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
const Percentiles = Type.Object(
  Object.fromEntries(HISTOGRAM_MEASURES.map((measure) => [measure, Type.Object(Object.fromEntries(HISTOGRAM_CLOCKS.map((clock) => [clock, Percentile])))])),
  { description: `Median and p90 of each duration (${HISTOGRAM_MEASURES.map(camel).join(', ')}) on both clocks, from the rollups' histograms: within a factor √2 of the exact value, usually far closer (docs/metrics.md)` },
);
const ComplaintCount = Type.Array(Type.Object({ name: Nullable(Type.String()), complaints: Type.Integer() }));
const PresetQuery = Type.Optional(Type.Union([Type.Literal('weekly'), Type.Literal('monthly'), Type.Literal('quarterly')], { description: 'Names the report (its title); the period is from–to' }));

export async function reportRoutes(app: App, { reports, serviceReport }: { reports: ReportService; serviceReport: ServiceReport }) {
  const tags = ['reports'];
  app.get('/api/v1/reports/kpis', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'Service KPIs for a period from the daily rollups, in total, per day and per channel (agents: their own or their teams’)',
      querystring: Type.Object(Period),
      response: {
        200: Type.Object({
          from: Day,
          to: Day,
          ...Dimensions,
          targets: ReportTargets,
          retention: Type.Object(
            {
              rawDataRemovedBefore: Nullable(Day),
              summariesRemovedBefore: Nullable(Day),
              fromSummaries: Type.Boolean({ description: 'Part of the period is before rawDataRemovedBefore: its figures come from the summaries kept after the raw data was removed' }),
              partlyRemoved: Type.Boolean({ description: 'Part of the period is before summariesRemovedBefore: those days have no figures any more' }),
            },
            { description: 'What the retention job left of the period (null: it never removed anything)' },
          ),
          cost: Type.Object(
            {
              currency: Type.String(),
              contacts: Type.Integer(),
              total: Type.Number(),
              perContact: Nullable(Type.Number()),
              byChannel: Type.Array(Type.Object({ channel: Type.String(), contacts: Type.Integer(), unitCost: Type.Number(), total: Type.Number() })),
            },
            { description: "New tickets priced at the workspace's cost per contact of their channel (settings.costPerContact)" },
          ),
          totals: Type.Object(Kpis),
          percentiles: Percentiles,
          nps: Type.Object(
            {
              answers: Type.Integer(),
              promoters: Type.Integer({ description: 'Scores of 9–10' }),
              passives: Type.Integer({ description: 'Scores of 7–8' }),
              detractors: Type.Integer({ description: 'Scores of 0–6' }),
              score: Nullable(Type.Number({ description: '% promoters − % detractors, from −100 to 100; null without answers' })),
            },
            {
              description:
                'NPS answers first given in the period (each survey once, its current answer), of the whole workspace: team, agent, channel, priority and tier do not apply. Drill down with GET /api/v1/surveys/nps?from=&to=&group=',
            },
          ),
          byDay: Type.Array(Type.Object({ day: Day, ...Kpis })),
          byChannel: Type.Array(Type.Object({ channel: Type.String(), ...Kpis })),
        }),
      },
    },
  }, async (request) => reports.kpis(actorOf(request), request.query));

  const Ages = Type.Object(Object.fromEntries(BACKLOG_AGES.map(({ key }) => [key, Type.Integer()])));
  app.get('/api/v1/reports/backlog', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'Unresolved tickets now, by status and by age since creation (under 1 day, 1–3, 3–7, 7–30, 30 days or more)',
      querystring: Type.Object({ teamId: Dimensions.teamId, agentId: Dimensions.agentId }),
      response: {
        200: Type.Object({
          asOf: Timestamp,
          total: Type.Integer(),
          byStatus: Type.Array(Type.Object({ status: Type.String(), total: Type.Integer(), byAge: Ages })),
        }),
      },
    },
  }, async (request) => reports.backlog(actorOf(request), request.query));

  app.get('/api/v1/reports/cost-trend', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Cost per contact month by month (this month included): new tickets priced at the cost per contact of their channel',
      querystring: Type.Object({ months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 12 })) }),
      response: {
        200: Type.Object({
          currency: Type.String(),
          months: Type.Array(Type.Object({ month: Type.String(), contacts: Type.Integer(), total: Type.Number(), perContact: Nullable(Type.Number()) })),
        }),
      },
    },
  }, async (request) => reports.costTrend(actorOf(request), request.query.months ?? 12));

  app.get('/api/v1/reports/volume', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'New tickets of the period by local hour of day and by weekday (with how many of each weekday the period holds)',
      querystring: Type.Object({ from: Day, to: Day, channel: Dimensions.channel }),
      response: {
        200: Type.Object({
          from: Day,
          to: Day,
          channel: Type.Optional(Type.String()),
          total: Type.Integer(),
          byHour: Type.Array(Type.Object({ hour: Type.Integer(), created: Type.Integer() })),
          byWeekday: Type.Array(Type.Object({ weekday: Type.String(), created: Type.Integer(), days: Type.Integer() })),
        }),
      },
    },
  }, async (request) => reports.volume(actorOf(request), request.query));

  app.get('/api/v1/reports/contact-reasons', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'Top contact reasons: the tags of the period’s new tickets, most frequent first (a ticket counts under each of its tags)',
      querystring: Type.Object({ ...Period, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) }),
      response: { 200: Type.Object({ from: Day, to: Day, ...Dimensions, tags: Type.Array(Type.Object({ tag: Type.String(), created: Type.Integer() })) }) },
    },
  }, async (request) => reports.contactReasons(actorOf(request), request.query));

  app.get('/api/v1/reports/complaints', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Complaints opened in the period by category and by root cause, with the latest root causes found',
      querystring: Type.Object({ from: Day, to: Day }),
      response: {
        200: Type.Object({
          from: Day,
          to: Day,
          total: Type.Integer(),
          byCategory: ComplaintCount,
          byRootCause: ComplaintCount,
          latestRootCauses: Type.Array(
            Type.Object({
              ticketId: Id,
              number: Type.Integer(),
              subject: Type.String(),
              category: Nullable(Type.String()),
              rootCause: Type.String(),
              rootCauseCategory: Nullable(Type.String()),
              correctiveAction: Nullable(Type.String()),
              openedAt: Timestamp,
            }),
          ),
        }),
      },
    },
  }, async (request) => {
    await reports.kpis(actorOf(request), request.query); // the same period checks (bad dates answer 400)
    return serviceReport.complaints(actorOf(request), request.query);
  });

  app.get('/api/v1/reports/service-report.pdf', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The service report of a period as a PDF: KPIs against targets, times with medians and p90s, SLA met per target, contact reasons, complaints',
      querystring: Type.Object({ ...Period, preset: PresetQuery }),
      produces: ['application/pdf'],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The PDF file (application/pdf)' }) },
    },
  }, async (request, reply) => {
    const { preset, ...filter } = request.query;
    const { fileName, content } = await serviceReport.pdf(actorOf(request), filter, preset);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(content);
  });

  app.get('/api/v1/reports/tickets', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The tickets a report figure counts: counted on a day of the period (created, first resolved or solved), by the same filters',
      querystring: Type.Object({
        ...Period,
        ...PageQuery,
        on: Type.Union([Type.Literal('created'), Type.Literal('first-resolved'), Type.Literal('solved'), Type.Literal('surveyed')]),
        satisfied: Flag,
        escalated: Flag,
        slaClock: Type.Optional(Type.Union([Type.Literal('acknowledgement'), Type.Literal('firstResponse'), Type.Literal('nextResponse'), Type.Literal('resolution')])),
        slaResult: Type.Optional(Type.Union([Type.Literal('met'), Type.Literal('breached')])),
        oneTouch: Flag,
        reopened: Flag,
        replied: Flag,
        tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only tickets with this tag (with on=created: a contact reason)' })),
      }),
      response: {
        200: PageOf(Type.Object({ id: Id, number: Type.Integer(), subject: Type.String(), status: Type.String(), channel: Type.String(), createdAt: Timestamp })),
      },
    },
  }, async (request) => reports.tickets(actorOf(request), request.query));
}
