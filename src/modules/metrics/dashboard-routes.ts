import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Id, Nullable, PageOf, PageQuery, Timestamp } from '../../lib/schema.ts';
import { type DashboardService, SLA_STATES } from './dashboard.ts';
import { UNRESOLVED_STATUSES } from './ticket-metrics.ts';

const Scope = {
  teamId: Type.Optional(Type.String({ maxLength: 64, description: "'' for tickets with no team" })),
  agentId: Type.Optional(Type.String({ maxLength: 64, description: "The assignee; '' for unassigned tickets" })),
};
const Count = Type.Integer();
const Csat = Type.Object({ from: Type.String(), to: Type.String(), answers: Count, satisfied: Count, percent: Nullable(Type.Number()) });
const SlaStateCounts = Object.fromEntries(SLA_STATES.map((state) => [state, Count]));

export async function dashboardRoutes(app: App, { dashboard }: { dashboard: DashboardService }) {
  const tags = ['reports'];
  app.get('/api/v1/reports/dashboard', {
    config: { access: access.read },
    schema: {
      tags,
      summary: "The live operations dashboard: open tickets by status and SLA state, today's volume against the same weekday of the last four weeks, CSAT, SLA today, agents, follow-ups (agents: their own or their teams')",
      querystring: Type.Object(Scope),
      response: {
        200: Type.Object({
          ...Scope,
          asOf: Timestamp,
          today: Type.String({ description: 'The local date of the workspace' }),
          timeZone: Type.String(),
          warningMinutes: Type.Integer({ description: 'A ticket this close to its next SLA due time counts as a warning' }),
          open: Type.Object({
            total: Count,
            ...SlaStateCounts,
            byStatus: Type.Array(Type.Object({ status: Type.String(), total: Count, ...SlaStateCounts })),
          }),
          volume: Type.Object({
            today: Count,
            sameWeekdays: Type.Array(Type.String(), { description: 'The four days compared with, newest first' }),
            byChannel: Type.Array(
              Type.Object({
                channel: Type.String(),
                today: Count,
                sameWeekday: Type.Array(Count),
                average: Type.Number(),
                averageSoFar: Nullable(Type.Number({ description: 'Average of those days up to this local hour (whole desk only)' })),
              }),
            ),
            byHour: Nullable(Type.Array(Type.Object({ hour: Type.Integer(), today: Count, average: Type.Number() }))),
          }),
          csat: Type.Object({ today: Csat, last30Days: Csat }),
          slaToday: Type.Object(
            Object.fromEntries(
              ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'].map((clock) => [
                clock,
                Type.Object({ due: Count, met: Count, breached: Count, percent: Nullable(Type.Number()) }),
              ]),
            ),
          ),
          agents: Type.Object({ online: Count, away: Count, offline: Count, total: Count }),
          followUps: Type.Object({ open: Count, overdue: Count, oldestOpenedAt: Nullable(Timestamp), oldestAgeMinutes: Nullable(Type.Number()) }),
        }),
      },
    },
  }, async (request) => dashboard.dashboard(actorOf(request), request.query));

  app.get('/api/v1/reports/open-tickets', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The unresolved tickets a dashboard figure counts: by status, SLA state now and channel; oldest first, or most overdue first for sla=breached|warning|ok',
      querystring: Type.Object({
        ...Scope,
        ...PageQuery,
        status: Type.Optional(Type.Union(UNRESOLVED_STATUSES.map((status) => Type.Literal(status)))),
        sla: Type.Optional(Type.Union(SLA_STATES.map((state) => Type.Literal(state)), { description: 'breached: due time passed; warning: due within warningMinutes; ok: later; none: no running SLA clock' })),
        channel: Type.Optional(Type.String({ maxLength: 32 })),
      }),
      response: {
        200: PageOf(Type.Object({ id: Id, number: Type.Integer(), subject: Type.String(), status: Type.String(), channel: Type.String(), createdAt: Timestamp, slaDueAt: Nullable(Timestamp) })),
      },
    },
  }, async (request) => dashboard.openTickets(actorOf(request), request.query));
}
