import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../lib/clock.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { Db } from '../../db/types.ts';
import type { DomainEvent, EventType } from './events.ts';
import { claimOutboxEvents, markOutboxDelivered, scheduleOutboxRetry } from './repo.ts';

/** Handlers run at least once per event: they must be idempotent (use the event id). */
export type EventHandler<K extends EventType = EventType> = (event: DomainEvent<K>) => Promise<void> | void;

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  logger?: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** After this many failed attempts an event is parked (marked delivered with its last error). */
  maxAttempts?: number;
  /** The registered process that leases the events it delivers. */
  owner?: string;
}

const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 10 * 60_000);

export function createDispatcher(options: DispatcherOptions) {
  const { db, clock } = options;
  const pollMs = options.pollMs ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 20;
  const handlers = new Map<string, EventHandler[]>();

  /** A handler of one event type gets that type's payload; '*' gets every event. */
  function subscribe<K extends EventType>(type: K | '*', typed: EventHandler<K>) {
    // Handlers are looked up by the event's type, so each only ever sees events of its own.
    const handler = typed as EventHandler;
    handlers.set(type, [...(handlers.get(type) ?? []), handler]);
    return () => handlers.set(type, (handlers.get(type) ?? []).filter((h) => h !== handler));
  }

  /** Runs the handlers; returns true when the event is done (delivered), false when it will be retried. */
  async function deliver(row: Awaited<ReturnType<typeof claimOutboxEvents>>[number]): Promise<boolean> {
    // Only recordEvents writes the outbox, so a stored type and its payload match the catalogue.
    const event = {
      id: row.id,
      workspaceId: row.workspace_id,
      aggregateId: row.aggregate_id,
      type: row.type,
      payload: JSON.parse(row.payload),
      createdAt: new Date(row.created_at),
      attempt: row.attempts,
    } as DomainEvent;
    try {
      for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get('*') ?? [])]) {
        await handler(event);
      }
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (row.attempts >= maxAttempts) {
        options.logger?.error({ eventId: row.id, type: row.type, err: message }, 'outbox event parked after repeated failures');
        await markOutboxDelivered(db, [row.id], clock.now().getTime(), message);
        return false;
      }
      options.logger?.warn({ eventId: row.id, type: row.type, err: message }, 'outbox delivery failed; will retry');
      await scheduleOutboxRetry(db, row.id, clock.now().getTime() + backoffMs(row.attempts), message);
      return false;
    }
  }

  /** Claims and delivers one batch; returns how many events it handled. */
  async function runOnce(): Promise<number> {
    const claimed = await db.transaction().execute((tx) => claimOutboxEvents(tx, clock.now().getTime(), leaseMs, batchSize, options.owner));
    // Claimed events belong to distinct aggregates, so delivering them concurrently keeps per-aggregate order.
    const outcomes = await Promise.all(claimed.map(deliver));
    // One commit for the whole batch: on SQLite every commit is an fsync.
    await markOutboxDelivered(db, claimed.filter((_, i) => outcomes[i]).map((row) => row.id), clock.now().getTime());
    return claimed.length;
  }

  const loop = createPollingLoop({ name: 'outbox dispatcher', runOnce, intervalMs: pollMs, runAtStart: true, logger: options.logger });
  return { subscribe, runOnce, drain: loop.drain, start: loop.start, nudge: loop.nudge, stop: loop.stop };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
