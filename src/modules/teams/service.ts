import type { Executor, TeamTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { UserService } from '../users/service.ts';
import * as repo from './repo.ts';
import type { CreateTeamBody, Team, UpdateTeamBody } from './schema.ts';

const toTeam = (row: TeamTable, memberIds: string[]): Team => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberIds,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export function createTeamService({ db, clock }: ServiceContext, users: UserService) {
  async function checkMembers(actor: Actor, memberIds: string[] | undefined) {
    if (memberIds?.length && (await users.countInWorkspace(actor, memberIds)) !== memberIds.length) {
      throw invalid('Some team members are not staff users of this workspace', { memberIds: 'unknown user id' });
    }
  }

  async function checkNameFree(tx: Executor, actor: Actor, name: string, exceptId?: string) {
    const other = await repo.findTeamByName(tx, actor.workspaceId, name);
    if (other && other.id !== exceptId) throw conflict(`A team named "${name}" already exists`, { name: 'already in use' });
  }

  return {
    async list(actor: Actor) {
      const rows = await repo.listTeams(db, actor.workspaceId);
      const members = await repo.memberIdsByTeam(db, rows.map((row) => row.id));
      return rows.map((row) => toTeam(row, members.get(row.id) ?? []));
    },

    async get(actor: Actor, id: string) {
      const row = await repo.findTeam(db, actor.workspaceId, id);
      if (!row) throw notFound('Team');
      return toTeam(row, (await repo.memberIdsByTeam(db, [id])).get(id) ?? []);
    },

    async create(actor: Actor, body: CreateTeamBody) {
      await checkMembers(actor, body.memberIds);
      return db.transaction().execute(async (tx) => {
        const name = body.name.trim();
        await checkNameFree(tx, actor, name);
        const now = clock.now();
        const row: TeamTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          name,
          description: body.description ?? null,
          created_at: now.getTime(),
          updated_at: now.getTime(),
        };
        await repo.insertTeam(tx, row);
        await repo.replaceMembers(tx, actor.workspaceId, row.id, body.memberIds ?? [], now.getTime());
        await auditByActor(tx, actor, { action: 'team.created', targetType: 'team', targetId: row.id, details: { name } }, now);
        return toTeam(row, body.memberIds ?? []);
      });
    },

    async update(actor: Actor, id: string, body: UpdateTeamBody) {
      await checkMembers(actor, body.memberIds);
      return db.transaction().execute(async (tx) => {
        const row = await repo.findTeam(tx, actor.workspaceId, id);
        if (!row) throw notFound('Team');
        const now = clock.now();
        const changes: Partial<TeamTable> = { updated_at: now.getTime() };
        if (body.name !== undefined) {
          changes.name = body.name.trim();
          await checkNameFree(tx, actor, changes.name, id);
        }
        if (body.description !== undefined) changes.description = body.description;
        await repo.updateTeam(tx, actor.workspaceId, id, changes);
        if (body.memberIds) {
          await repo.replaceMembers(tx, actor.workspaceId, id, body.memberIds, now.getTime());
          await auditByActor(tx, actor, { action: 'team.members_changed', targetType: 'team', targetId: id, details: { memberIds: body.memberIds } }, now);
        }
        const members = body.memberIds ?? (await repo.memberIdsByTeam(tx, [id])).get(id) ?? [];
        return toTeam({ ...row, ...changes }, members);
      });
    },

    /** True when every id is a team of the actor's workspace. */
    exist: async (actor: Actor, ids: string[]) => (await repo.countTeamsInWorkspace(db, actor.workspaceId, ids)) === ids.length,
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
