import type { Executor } from '../../db/types.ts';
import type { PresenceRow } from './presence.ts';

export interface PresenceWrite {
  connectionId: string;
  workspaceId: string;
  ticketId: string;
  userId: string;
  userName: string;
  state: string;
  now: number;
  expiresAt: number;
}

export const upsertPresence = (db: Executor, row: PresenceWrite) =>
  db
    .insertInto('ticket_presence')
    .values({
      connection_id: row.connectionId,
      workspace_id: row.workspaceId,
      ticket_id: row.ticketId,
      user_id: row.userId,
      user_name: row.userName,
      state: row.state,
      updated_at: row.now,
      expires_at: row.expiresAt,
    })
    .onConflict((oc) =>
      oc.column('connection_id').doUpdateSet({ ticket_id: row.ticketId, state: row.state, updated_at: row.now, expires_at: row.expiresAt }),
    )
    .execute();

export const deletePresence = (db: Executor, workspaceId: string, connectionId: string) =>
  db.deleteFrom('ticket_presence').where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).execute();

/** The live presence rows on these tickets of one workspace. */
export async function listPresence(db: Executor, workspaceId: string, ticketIds: string[], now: number): Promise<PresenceRow[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .selectFrom('ticket_presence')
    .select(['connection_id', 'ticket_id', 'user_id', 'user_name', 'state', 'expires_at'])
    .where('workspace_id', '=', workspaceId)
    .where('ticket_id', 'in', ticketIds)
    .where('expires_at', '>', now)
    .execute();
  return rows.map((row) => ({
    connectionId: row.connection_id,
    ticketId: row.ticket_id,
    userId: row.user_id,
    userName: row.user_name,
    state: row.state,
    expiresAt: Number(row.expires_at),
  }));
}

/** Rows whose heartbeat stopped (a closed tab whose process died): any process may sweep them. */
export const purgeExpiredPresence = (db: Executor, now: number) =>
  db.deleteFrom('ticket_presence').where('expires_at', '<=', now).execute();
