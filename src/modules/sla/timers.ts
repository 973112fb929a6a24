import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { recordEvents } from '../outbox/service.ts';
import * as repo from './repo.ts';

/**
 * Fires persisted SLA timers: each due timer becomes an `sla.warning` or `sla.breached` outbox event
 * in the transaction that marks it fired, so a restart loses none and no timer fires twice (rows are
 * locked with SKIP LOCKED on PostgreSQL when several processes run).
 */
export function createTimerRunner(options: { db: Db; clock: Clock; logger?: Pick<FastifyBaseLogger, 'error'>; pollMs?: number; batchSize?: number }) {
  const { db, clock } = options;
  const batchSize = options.batchSize ?? 500;
  async function fireDue(): Promise<number> {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const due = await repo.claimDueTimers(tx, now.getTime(), batchSize);
      await repo.markTimersFired(tx, due.map((row) => row.id), now.getTime());
      // The earliest breach per ticket is the one to remember.
      const breaches = new Map<string, number>();
      for (const row of due) {
        if (row.kind === 'breach') breaches.set(row.ticket_id, Math.min(row.fire_at, breaches.get(row.ticket_id) ?? row.fire_at));
      }
      for (const [ticketId, at] of breaches) await repo.markTicketBreached(tx, ticketId, at);
      await recordEvents(
        tx,
        due.map((row) => ({
          workspaceId: row.workspace_id,
          aggregateId: row.ticket_id,
          type: row.kind === 'breach' ? 'sla.breached' : 'sla.warning',
          payload: { ticketId: row.ticket_id, clock: row.clock, dueAt: new Date(row.fire_at).toISOString(), timerId: row.id },
        })),
        now,
      );
      return due.length;
    });
  }

  const loop = createPollingLoop({ name: 'SLA timers', runOnce: fireDue, intervalMs: options.pollMs ?? 1000, logger: options.logger });
  return { drain: loop.drain, start: loop.start, stop: loop.stop };
}

export type TimerRunner = ReturnType<typeof createTimerRunner>;
