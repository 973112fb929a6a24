import type { Executor } from '../../db/types.ts';
import type { EventType, NewDomainEvent } from './events.ts';
import { countPendingOutbox, insertOutboxEvents, listOutboxAfter, listOutboxByIds, maxOutboxId, settleOutboxEvents } from './repo.ts';

/** Writes domain events in the caller's transaction: they commit, or vanish, with the change. */
export const recordEvents = (tx: Executor, events: NewDomainEvent[], now: Date) => insertOutboxEvents(tx, events, now.getTime());

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
