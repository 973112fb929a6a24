import { sql } from 'kysely';
import { lockForClaim } from '../../db/dialect.ts';
import type { Executor } from '../../db/types.ts';

export interface NewOutboxEvent {
  workspaceId: string;
  /** Events of one aggregate (e.g. a ticket) are delivered in the order they were written. */
  aggregateId: string;
  type: string;
  payload: Record<string, unknown>;
}

export const insertOutboxEvents = (db: Executor, events: NewOutboxEvent[], now: number) =>
  events.length
    ? db
        .insertInto('outbox')
        .values(
          events.map((event) => ({
            workspace_id: event.workspaceId,
            aggregate_id: event.aggregateId,
            type: event.type,
            payload: JSON.stringify(event.payload),
            created_at: now,
            available_at: now,
            attempts: 0,
          })),
        )
        .execute()
    : Promise.resolve();

/**
 * Leases up to `limit` events that are due. Only the oldest undelivered event of each aggregate
 * qualifies, so per-aggregate order holds even with several dispatchers; on PostgreSQL the rows
 * are locked with FOR UPDATE SKIP LOCKED so two processes never lease the same event.
 */
export function claimOutboxEvents(db: Executor, now: number, leaseMs: number, limit: number, owner: string | null = null) {
  const candidates = lockForClaim(
    db,
    db
      .selectFrom('outbox as o')
      .select('o.id')
      .where('o.delivered_at', 'is', null)
      .where('o.available_at', '<=', now)
      .where((eb) => eb.or([eb('o.lease_until', 'is', null), eb('o.lease_until', '<', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('outbox as p')
              .select(sql.lit(1).as('one'))
              .whereRef('p.aggregate_id', '=', 'o.aggregate_id')
              .where('p.delivered_at', 'is', null)
              .whereRef('p.id', '<', 'o.id'),
          ),
        ),
      )
      .orderBy('o.id')
      .limit(limit),
  );
  return db
    .updateTable('outbox')
    .set((eb) => ({ lease_until: now + leaseMs, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
}

/** Marks events done; with `parkedError` they were given up on after repeated failures. */
export const markOutboxDelivered = (db: Executor, ids: number[], now: number, parkedError?: string) =>
  ids.length
    ? db
        .updateTable('outbox')
        .set({ delivered_at: now, lease_until: null, last_error: parkedError ? `parked: ${parkedError.slice(0, 2000)}` : null })
        .where('id', 'in', ids)
        .execute()
    : Promise.resolve();

export const scheduleOutboxRetry = (db: Executor, id: number, availableAt: number, error: string) =>
  db
    .updateTable('outbox')
    .set({ available_at: availableAt, lease_until: null, last_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .execute();

export const countPendingOutbox = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivered_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Returns the events these (stopped) processes hold to the queue; resolves to how many. */
export const releaseOutboxLeases = async (db: Executor, owners: string[]) =>
  Number(
    (await db.updateTable('outbox').set({ lease_until: null, lease_owner: null }).where('lease_owner', 'in', owners).where('lease_until', 'is not', null).executeTakeFirst())
      .numUpdatedRows,
  );

/** Marks a workspace's undelivered events of these types delivered without delivering them. */
export const settleOutboxEvents = (db: Executor, workspaceId: string, types: string[], now: number) =>
  db
    .updateTable('outbox')
    .set({ delivered_at: now, last_error: 'settled: generated history' })
    .where('workspace_id', '=', workspaceId)
    .where('type', 'in', types)
    .where('delivered_at', 'is', null)
    .execute();

/** Realtime feed: events with an id above `afterId` (oldest first), delivered or not. Uses the primary key. */
export const listOutboxAfter = (db: Executor, afterId: number, limit: number) =>
  db.selectFrom('outbox').select(['id', 'workspace_id', 'type', 'payload']).where('id', '>', afterId).orderBy('id').limit(limit).execute();

/** Realtime feed: the events among `ids` that exist now (ids that were missing from an earlier read). */
export const listOutboxByIds = (db: Executor, ids: number[]) =>
  ids.length ? db.selectFrom('outbox').select(['id', 'workspace_id', 'type', 'payload']).where('id', 'in', ids).orderBy('id').execute() : Promise.resolve([]);

export const maxOutboxId = async (db: Executor) =>
  Number((await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
