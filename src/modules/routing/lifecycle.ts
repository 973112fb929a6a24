import type { FastifyBaseLogger } from 'fastify';
import { type Actor, systemActor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { recordEvents } from '../outbox/service.ts';
import { addBusinessMinutes } from '../sla/business-hours.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import type { TicketService } from '../tickets/service.ts';
import * as repo from './repo.ts';
import type { IdleTicket } from './schema.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const LIFECYCLE_DEFAULTS = { autoCloseDays: 7, idleAlertBusinessHours: 24, idleAlertStatuses: ['new', 'open'] };

/** The workspace settings the lifecycle reads (see workspace/schema.ts); absent ones take the defaults. */
export interface LifecycleSettings {
  autoCloseDays?: number;
  idleAlertBusinessHours?: number;
  idleAlertStatuses?: string[];
}

export interface LifecycleDeps {
  tickets: TicketService;
  settings(workspaceId: string): Promise<LifecycleSettings>;
  /** The business calendar the ticket's SLA policy counts in (the SLA module decides). */
  calendarForTicket(workspaceId: string, ticketId: string): Promise<BusinessCalendar>;
}

/**
 * Status rules that run on time rather than on a request: solved tickets close after the
 * workspace's `autoCloseDays`, and tickets untouched for `idleAlertBusinessHours` business hours
 * raise one `ticket.idle` event per idle period. All state is in the database, so a restart or a
 * second process neither loses nor repeats anything.
 */
export function createLifecycleService({ db, clock, afterCommit }: ServiceContext, deps: LifecycleDeps) {
  const settingsOf = async (workspaceId: string) => ({ ...LIFECYCLE_DEFAULTS, ...(await deps.settings(workspaceId)) });

  return {
    /** Unsolved tickets whose idle alert fired and that nobody has touched since, longest idle first. */
    async listIdle(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<IdleTicket>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.listIdleTickets(db, actor.workspaceId, limit, cursor ? { idleSince: Number(cursor.value), id: cursor.id } : undefined);
      return toPage(
        rows,
        limit,
        (row) => ({
          ticketId: row.id,
          number: row.number,
          subject: row.subject,
          status: row.status as IdleTicket['status'],
          assigneeId: row.assignee_id,
          teamId: row.team_id,
          idleSince: new Date(row.fired_for).toISOString(),
          alertedAt: new Date(row.fired_at ?? row.fired_for).toISOString(),
        }),
        (row) => ({ value: row.fired_for, id: row.id }),
      );
    },

    /** Closes solved tickets older than their workspace's limit, through the ticket service. Returns how many. */
    async closeSolvedTickets(batchSize = 200) {
      const now = clock.now().getTime();
      let closed = 0;
      // The shortest allowed limit is one day: anything solved later cannot be due anywhere.
      for (const workspaceId of await repo.workspacesWithSolvedBefore(db, now - DAY)) {
        const { autoCloseDays } = await settingsOf(workspaceId);
        for (const row of await repo.listSolvedBefore(db, workspaceId, now - autoCloseDays * DAY, batchSize)) {
          try {
            // The version guards against a reply that reopened the ticket since it was read.
            await deps.tickets.update(systemActor(workspaceId), row.id, { status: 'closed' }, row.version);
            closed++;
          } catch (error) {
            if (!(error instanceof AppError && error.code === 'stale-write')) throw error;
          }
        }
      }
      return closed;
    },

    /** Raises `ticket.idle` for tickets untouched too long in business time. Returns how many tickets it checked. */
    async alertIdleTickets(batchSize = 200) {
      const now = clock.now().getTime();
      let checked = 0;
      let fired = 0;
      // Business hours never pass faster than real ones, so one real hour is a safe lower bound.
      for (const workspaceId of await repo.workspacesWithUntouchedTickets(db, now - HOUR)) {
        const { idleAlertBusinessHours: hours, idleAlertStatuses: statuses } = await settingsOf(workspaceId);
        const candidates = await repo.listIdleCandidates(db, workspaceId, statuses, now - hours * HOUR, now, batchSize);
        for (const candidate of candidates) {
          const calendar = await deps.calendarForTicket(workspaceId, candidate.id);
          const due = addBusinessMinutes(calendar, new Date(candidate.updated_at), hours * 60);
          // A calendar that never opens: the ticket can never become idle in business time.
          const dueAt = 'at' in due ? due.at.getTime() : repo.NO_DUE;
          const fires = dueAt <= now;
          const raised = await db.transaction().execute(async (tx) => {
            const current = await repo.findRoutingTicket(tx, workspaceId, candidate.id);
            if (!current || current.updated_at !== candidate.updated_at) return false; // touched meanwhile
            const recorded = await repo.recordIdleCheck(tx, {
              ticket_id: candidate.id,
              kind: 'idle',
              workspace_id: workspaceId,
              fired_for: candidate.updated_at,
              due_at: dueAt,
              fired_at: fires ? now : null,
            });
            if (!recorded || !fires) return false;
            await recordEvents(
              tx,
              [
                {
                  workspaceId,
                  aggregateId: candidate.id,
                  type: 'ticket.idle',
                  payload: {
                    ticketId: candidate.id,
                    status: current.status,
                    assigneeId: current.assignee_id,
                    teamId: current.team_id,
                    idleSince: new Date(candidate.updated_at).toISOString(),
                    businessHours: hours,
                  },
                },
              ],
              new Date(now),
            );
            return true;
          });
          checked++;
          if (raised) fired++;
        }
      }
      if (fired) afterCommit();
      return checked;
    },
  };
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;

/**
 * Runs the lifecycle on a timer, like the SLA timer runner: auto-close, idle alerts, and a sweep of
 * the routing queues (the safety net that leaves no ticket waiting while an agent has room).
 */
export function createLifecycleRunner(options: {
  lifecycle: LifecycleService;
  routing: { fillAllQueues(): Promise<number> };
  logger?: Pick<FastifyBaseLogger, 'error'>;
  pollMs?: number;
}) {
  const { lifecycle, routing } = options;

  // Each duty fails alone: a ticket that cannot be closed must not stop idle alerts or the sweep.
  const attempt = async (duty: string, work: () => Promise<number>) => {
    try {
      return await work();
    } catch (error) {
      if (!options.logger) throw error;
      options.logger.error({ err: error, duty }, 'ticket lifecycle duty failed');
      return 0;
    }
  };

  /** One pass of each duty; returns how much work it did. */
  async function runOnce() {
    const closed = await attempt('auto-close', () => lifecycle.closeSolvedTickets());
    const checked = await attempt('idle alerts', () => lifecycle.alertIdleTickets());
    const assigned = await attempt('queue sweep', () => routing.fillAllQueues());
    return closed + checked + assigned;
  }

  const loop = createPollingLoop({ name: 'ticket lifecycle', runOnce, intervalMs: options.pollMs ?? 60_000, logger: options.logger });
  return { runOnce, drain: loop.drain, start: loop.start, stop: loop.stop };
}

export type LifecycleRunner = ReturnType<typeof createLifecycleRunner>;
