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

  /** Events delivered by the last batch, marked in the transaction that claims the next one. */
  let delivered: number[] = [];

  /** Marks the last batch delivered, claims and delivers the next; returns how many events it handled. */
  async function runOnce(): Promise<number> {
    const now = clock.now().getTime();
    const marked = delivered;
    // One transaction per batch, not two: the marks of the batch before ride along with this claim.
    const claimed = await db.transaction().execute(async (tx) => {
      await markOutboxDelivered(tx, marked, now);
      return claimOutboxEvents(tx, now, leaseMs, batchSize, options.owner);
    });
    delivered = [];
    // Claimed events belong to distinct aggregates, so delivering them concurrently keeps per-aggregate order.
    const outcomes = await Promise.all(claimed.map(deliver));
    // Marked by the next pass, which the loop runs right away because this one handled events.
    delivered = claimed.filter((_, i) => outcomes[i]).map((row) => row.id);
    return claimed.length;
  }

  const loop = createPollingLoop({ name: 'outbox dispatcher', runOnce, intervalMs: pollMs, runAtStart: true, logger: options.logger });
  /** Stops after the batch in hand and marks what it delivered (else a restart would deliver it again). */
  async function stop() {
    await loop.stop();
    if (delivered.length) await markOutboxDelivered(db, delivered, clock.now().getTime());
    delivered = [];
  }

  return { subscribe, runOnce, drain: loop.drain, start: loop.start, nudge: loop.nudge, stop };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
