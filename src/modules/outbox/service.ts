import type { Executor } from '../../db/types.ts';
import { markMetricsDue, requestRebuild as requestMetricsRebuild } from '../metrics/repo.ts';
import type { EventType, NewDomainEvent } from './events.ts';
import { countPendingOutbox, insertOutboxEvents, listOutboxAfter, listOutboxByIds, maxOutboxId, settleOutboxEvents } from './repo.ts';

/**
 * Writes domain events in the caller's transaction: they commit, or vanish, with the change. The
 * metric projection is kept in step here, the one place every change to a ticket passes: the
 * tickets an event is about (a breach included) are marked due for measuring, and a change of SLA configuration
 * (calendars, policies) asks for the whole workspace to be measured again.
 */
export async function recordEvents(tx: Executor, events: NewDomainEvent[], now: Date) {
  await insertOutboxEvents(tx, events, now.getTime());
  await markMetricsDue(tx, ticketsToMeasure(events), now.getTime());
  for (const workspaceId of new Set(events.filter((event) => event.type === 'sla.config_changed').map((event) => event.workspaceId))) {
    await requestMetricsRebuild(tx, workspaceId, now.getTime());
  }
}

function ticketsToMeasure(events: NewDomainEvent[]) {
  const tickets = new Map<string, { workspaceId: string; ticketId: string }>();
  const add = (workspaceId: string, ticketId: string) => tickets.set(ticketId, { workspaceId, ticketId });
  for (const event of events) {
    if (event.type === 'ticket.created' || event.type === 'ticket.updated' || event.type === 'message.created' || event.type === 'ticket.escalated' || event.type === 'sla.breached' || event.type === 'survey.answered') {
      add(event.workspaceId, event.payload.ticketId);
    }
    if (event.type === 'ticket.merged') {
      add(event.workspaceId, event.payload.ticketId);
      add(event.workspaceId, event.payload.intoId);
    }
  }
  return [...tickets.values()];
}

export const pendingEventCount = (db: Executor) => countPendingOutbox(db);

/**
 * Generated history (the demo desk) must not act as if it just happened: its message events are
 * settled so that, for instance, no reply from weeks ago goes out as email.
 */
export const settleGeneratedHistory = (db: Executor, workspaceId: string, now: Date) =>
  settleOutboxEvents(db, workspaceId, ['message.created'] satisfies EventType[], now.getTime());

/** Reading the event log for the realtime feed (each process tails it; see modules/realtime/feed.ts). */
export const eventLog = {
  after: (db: Executor, afterId: number, limit: number) => listOutboxAfter(db, afterId, limit),
  byIds: (db: Executor, ids: number[]) => listOutboxByIds(db, ids),
  lastId: (db: Executor) => maxOutboxId(db),
};
