import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { type Page, decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { type AuditEntry, insertAuditEntry, listAuditEntries } from './repo.ts';

export interface AuditRecord {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}

export const recordAudit = (tx: Executor, entry: AuditEntry, now: Date) => insertAuditEntry(tx, entry, now.getTime());

/** Audit entry for an action taken by `actor` (their id and address are filled in). */
export const auditByActor = (
  tx: Executor,
  actor: Actor,
  entry: Omit<AuditEntry, 'workspaceId' | 'actorId' | 'ip'>,
  now: Date,
) =>
  recordAudit(
    tx,
    { ...entry, workspaceId: actor.workspaceId, actorId: actor.via === 'system' ? null : actor.userId, ip: actor.ip },
    now,
  );

export const createAuditService = ({ db }: ServiceContext) => ({
  list: (actor: Actor, query: { limit?: number; cursor?: string; action?: string }) => listAudit(db, actor, query),
});

export type AuditService = ReturnType<typeof createAuditService>;

async function listAudit(
  db: Executor,
  actor: Actor,
  query: { limit?: number; cursor?: string; action?: string },
): Promise<Page<AuditRecord>> {
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  const rows = await listAuditEntries(db, actor.workspaceId, {
    limit,
    action: query.action,
    before: cursor ? { value: Number(cursor.value), id: cursor.id } : undefined,
  });
  return toPage(
    rows,
    limit,
    (row) => ({
      id: row.id,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      details: JSON.parse(row.details),
      ip: row.ip,
      createdAt: new Date(row.created_at).toISOString(),
    }),
    (row) => ({ value: row.created_at, id: row.id }),
  );
}
