import type { Executor } from '../../db/types.ts';
import { newId } from '../../lib/ids.ts';

export interface AuditEntry {
  workspaceId: string;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export const insertAuditEntry = (db: Executor, entry: AuditEntry, now: number) =>
  db
    .insertInto('audit_log')
    .values({
      id: newId(),
      workspace_id: entry.workspaceId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      created_at: now,
    })
    .execute();

export function listAuditEntries(
  db: Executor,
  workspaceId: string,
  options: { limit: number; action?: string; before?: { value: number; id: string } },
) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.action) query = query.where('action', '=', options.action);
  if (options.before) {
    const { value, id } = options.before;
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(value, id)));
  }
  return query.execute();
}
