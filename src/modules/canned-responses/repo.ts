import { sql } from 'kysely';
import type { CannedResponseTable, Executor } from '../../db/types.ts';

/** Which rows a list returns: shared ones, those of some teams (all teams: 'all'), the owner's personal ones. */
export interface Visibility {
  shared: boolean;
  teamIds: string[] | 'all';
  ownerUserId: string;
}

export const findCannedResponse = (db: Executor, workspaceId: string, id: string) =>
  db
    .selectFrom('canned_response')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('archived', '=', 0)
    .executeTakeFirst();

export const findLiveByShortcut = (db: Executor, workspaceId: string, shortcut: string) =>
  db
    .selectFrom('canned_response')
    .select(['id'])
    .where('workspace_id', '=', workspaceId)
    .where('shortcut', '=', shortcut)
    .where('archived', '=', 0)
    .executeTakeFirst();

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listCannedResponses(
  db: Executor,
  workspaceId: string,
  options: { limit: number; visibility: Visibility; q?: string; after?: { title: string; id: string } },
) {
  const { visibility } = options;
  let query = db
    .selectFrom('canned_response')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('archived', '=', 0)
    .where((eb) => {
      const scopes = [eb('owner_user_id', '=', visibility.ownerUserId)];
      if (visibility.shared) scopes.push(eb.and([eb('team_id', 'is', null), eb('owner_user_id', 'is', null)]));
      if (visibility.teamIds === 'all') scopes.push(eb('team_id', 'is not', null));
      else if (visibility.teamIds.length) scopes.push(eb('team_id', 'in', visibility.teamIds));
      return eb.or(scopes);
    })
    .orderBy('title')
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.q) {
    const pattern = likePattern(options.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(title)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(shortcut, ''))`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(body)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  if (options.after) {
    const { title, id } = options.after;
    query = query.where((eb) => eb(eb.refTuple('title', 'id'), '>', eb.tuple(title, id)));
  }
  return query.execute();
}

export const insertCannedResponse = (db: Executor, row: CannedResponseTable) => db.insertInto('canned_response').values(row).execute();

export const updateCannedResponse = (db: Executor, workspaceId: string, id: string, changes: Partial<CannedResponseTable>) =>
  db.updateTable('canned_response').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const incrementUsage = (db: Executor, workspaceId: string, id: string) =>
  db
    .updateTable('canned_response')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
