import type { CannedResponseTable, Executor } from '../../db/types.ts';
import { type Actor, access } from '../../lib/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { OrganisationService } from '../organisations/service.ts';
import type { TeamService } from '../teams/service.ts';
import type { TicketService } from '../tickets/service.ts';
import type { UserService } from '../users/service.ts';
import type { WorkspaceService } from '../workspace/service.ts';
import { renderCannedResponse, unknownVariables, VARIABLES } from './render.ts';
import * as repo from './repo.ts';
import type {
  CannedResponse,
  CannedResponseScope,
  CreateCannedResponseBody,
  ListCannedResponsesQuery,
  RenderedCannedResponse,
  UpdateCannedResponseBody,
} from './schema.ts';

const scopeOf = (row: Pick<CannedResponseTable, 'team_id' | 'owner_user_id'>): CannedResponseScope =>
  row.owner_user_id ? 'personal' : row.team_id ? 'team' : 'shared';

export const toCannedResponse = (row: CannedResponseTable): CannedResponse => ({
  id: row.id,
  title: row.title,
  body: row.body,
  shortcut: row.shortcut,
  scope: scopeOf(row),
  teamId: row.team_id,
  ownerUserId: row.owner_user_id,
  createdBy: row.created_by,
  usageCount: Number(row.usage_count),
  archived: row.archived === 1,
  createdAt: new Date(Number(row.created_at)).toISOString(),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
});

/** A body naming a variable that does not exist: 422, naming the field and the variable. */
export const unknownVariable = (names: string[]) =>
  new AppError(
    'unknown-variable',
    `Unknown variable ${names.map((name) => `{{${name}}}`).join(', ')}; the variables are ${VARIABLES.map((name) => `{{${name}}}`).join(', ')}`,
    {
      body: `unknown variable ${names.map((name) => `{{${name}}}`).join(', ')}`,
    },
  );

const isManager = (actor: Actor) => (access.manage as readonly string[]).includes(actor.role);

export function createCannedResponseService(
  { db, clock }: ServiceContext,
  deps: { users: UserService; teams: TeamService; tickets: TicketService; organisations: OrganisationService; workspace: WorkspaceService },
) {
  const { users, teams, tickets, organisations, workspace } = deps;

  /** The acting user's teams (none for the system actor). */
  async function teamIdsOf(actor: Actor) {
    if (actor.via === 'system') return [];
    return (await users.get(actor, actor.userId)).teamIds;
  }

  /** May the actor (in these teams) insert this response? Shared, their teams', their own; supervisors and admins any team's. */
  function canUse(actor: Actor, teamIds: string[], row: CannedResponseTable) {
    if (row.owner_user_id) return row.owner_user_id === actor.userId;
    return !row.team_id || isManager(actor) || teamIds.includes(row.team_id);
  }

  /**
   * A live response the actor may see; others' personal ones and other workspaces' are "not found".
   * The actor's teams are read before any transaction: on SQLite a query outside an open transaction waits for it.
   */
  async function requireVisible(tx: Executor, actor: Actor, teamIds: string[], id: string) {
    const row = await repo.findCannedResponse(tx, actor.workspaceId, id);
    if (!row || !canUse(actor, teamIds, row)) throw notFound('Canned response');
    return row;
  }

  function requireMayManage(actor: Actor, scope: CannedResponseScope) {
    if (scope !== 'personal' && !isManager(actor)) {
      throw forbidden('Only supervisors and admins change shared and team canned responses; agents keep personal ones');
    }
  }

  /** Checks what a body must satisfy, before any transaction (teams are read through their service). */
  async function checkContent(actor: Actor, fields: { title?: string; body?: string; scope: CannedResponseScope; teamId: string | null }) {
    if (fields.title !== undefined && !fields.title.trim())
      throw invalid('A canned response needs a title', { title: 'must not be blank' });
    if (fields.body !== undefined && !fields.body.trim()) throw invalid('A canned response needs a text', { body: 'must not be blank' });
    if (fields.scope === 'personal' && actor.via === 'system') {
      throw invalid('The system has no personal canned responses: share it with everyone or a team', {
        scope: 'personal needs a staff user',
      });
    }
    if (fields.body !== undefined) {
      const unknown = unknownVariables(fields.body);
      if (unknown.length) throw unknownVariable(unknown);
    }
    if (fields.scope === 'team') {
      if (!fields.teamId) throw invalid('A team response needs the team it is shared with', { teamId: 'required for scope team' });
      if (!(await teams.exist(actor, [fields.teamId])))
        throw invalid('The team does not exist in this workspace', { teamId: 'unknown team' });
    } else if (fields.teamId) {
      throw invalid(`A ${fields.scope} response has no team`, { teamId: `only for scope team, not ${fields.scope}` });
    }
  }

  /** A shortcut names one live response of the workspace. */
  async function checkShortcutFree(tx: Executor, actor: Actor, shortcut: string | null | undefined, exceptId?: string) {
    if (shortcut) {
      const taken = await repo.findLiveByShortcut(tx, actor.workspaceId, shortcut);
      if (taken && taken.id !== exceptId) throw conflict(`The shortcut "${shortcut}" is already in use`, { shortcut: 'already in use' });
    }
  }

  return {
    async list(actor: Actor, query: ListCannedResponsesQuery): Promise<Page<CannedResponse>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const manage = query.view === 'manage';
      const visibility: repo.Visibility = manage
        ? { shared: isManager(actor), teamIds: isManager(actor) ? 'all' : [], ownerUserId: actor.userId }
        : { shared: true, teamIds: await teamIdsOf(actor), ownerUserId: actor.userId };
      const rows = await repo.listCannedResponses(db, actor.workspaceId, {
        limit,
        visibility,
        q: query.q?.trim() || undefined,
        after: cursor ? { title: String(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(rows, limit, toCannedResponse, (row) => ({ value: row.title, id: row.id }));
    },

    async create(actor: Actor, body: CreateCannedResponseBody): Promise<CannedResponse> {
      const scope = body.scope ?? (body.teamId ? 'team' : 'personal');
      requireMayManage(actor, scope);
      const teamId = body.teamId ?? null;
      await checkContent(actor, { title: body.title, body: body.body, scope, teamId });
      return db.transaction().execute(async (tx) => {
        await checkShortcutFree(tx, actor, body.shortcut);
        const now = clock.now();
        const row: CannedResponseTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          title: body.title.trim(),
          body: body.body,
          shortcut: body.shortcut ?? null,
          team_id: scope === 'team' ? teamId : null,
          owner_user_id: scope === 'personal' ? actor.userId : null,
          created_by: actor.via === 'system' ? null : actor.userId,
          created_at: now.getTime(),
          updated_at: now.getTime(),
          usage_count: 0,
          archived: 0,
        };
        await repo.insertCannedResponse(tx, row);
        await auditByActor(tx, actor, { action: 'canned-response.created', targetType: 'canned_response', targetId: row.id }, now);
        return toCannedResponse(row);
      });
    },

    async update(actor: Actor, id: string, body: UpdateCannedResponseBody): Promise<CannedResponse> {
      const teamIds = await teamIdsOf(actor);
      const before = await requireVisible(db, actor, teamIds, id);
      requireMayManage(actor, scopeOf(before));
      const scope = body.scope ?? (body.teamId ? 'team' : body.teamId === null && scopeOf(before) === 'team' ? 'shared' : scopeOf(before));
      requireMayManage(actor, scope);
      const teamId = scope === 'team' ? (body.teamId !== undefined ? body.teamId : before.team_id) : (body.teamId ?? null);
      await checkContent(actor, { title: body.title, body: body.body, scope, teamId });
      return db.transaction().execute(async (tx) => {
        // Read again inside the transaction: it may have been archived or changed meanwhile.
        const row = await requireVisible(tx, actor, teamIds, id);
        requireMayManage(actor, scopeOf(row));
        await checkShortcutFree(tx, actor, body.shortcut, id);
        const now = clock.now();
        const changes: Partial<CannedResponseTable> = {
          updated_at: now.getTime(),
          team_id: scope === 'team' ? teamId : null,
          owner_user_id: scope === 'personal' ? (row.owner_user_id ?? actor.userId) : null,
        };
        if (body.title !== undefined) changes.title = body.title.trim();
        if (body.body !== undefined) changes.body = body.body;
        if (body.shortcut !== undefined) changes.shortcut = body.shortcut;
        await repo.updateCannedResponse(tx, actor.workspaceId, id, changes);
        await auditByActor(tx, actor, { action: 'canned-response.updated', targetType: 'canned_response', targetId: id }, now);
        return toCannedResponse({ ...row, ...changes });
      });
    },

    /** Archives: the response leaves every list and its shortcut is free again; usage figures stay. */
    async archive(actor: Actor, id: string): Promise<void> {
      const teamIds = await teamIdsOf(actor);
      await db.transaction().execute(async (tx) => {
        const row = await requireVisible(tx, actor, teamIds, id);
        requireMayManage(actor, scopeOf(row));
        const now = clock.now();
        await repo.updateCannedResponse(tx, actor.workspaceId, id, { archived: 1, updated_at: now.getTime() });
        await auditByActor(tx, actor, { action: 'canned-response.archived', targetType: 'canned_response', targetId: id }, now);
      });
    },

    /** The response's text for one ticket, as the acting agent would send it; counts one use. */
    async render(actor: Actor, ticketId: string, id: string): Promise<RenderedCannedResponse> {
      const row = await requireVisible(db, actor, await teamIdsOf(actor), id);
      const ticket = await tickets.get(actor, ticketId);
      const orNull = <T>(promise: Promise<T>) =>
        promise.catch((error) => (error instanceof AppError && error.status === 404 ? null : Promise.reject(error)));
      const [organisation, agent, desk] = await Promise.all([
        ticket.organisationId ? orNull(organisations.get(actor, ticket.organisationId)) : null,
        actor.via === 'system' ? null : orNull(users.get(actor, actor.userId)),
        workspace.get(actor),
      ]);
      const text = renderCannedResponse(row.body, {
        customer: ticket.requester,
        organisation,
        ticket: { number: ticket.number, subject: ticket.subject },
        agent,
        workspace: desk,
      });
      await repo.incrementUsage(db, actor.workspaceId, id);
      return { text };
    },
  };
}

export type CannedResponseService = ReturnType<typeof createCannedResponseService>;
