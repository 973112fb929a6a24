import type { AgentStateTable, Executor, RoutingRuleTable, TeamRoutingTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { forbidden, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor, pageLimit } from '../../lib/pagination.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { recordEvents } from '../outbox/service.ts';
import type { TeamService } from '../teams/service.ts';
import type { UserService } from '../users/service.ts';
import { normaliseSkills, requiredSkills, type RoutingStrategy } from './assign.ts';
import { type AssignerDeps, createAssigner } from './assigner.ts';
import * as repo from './repo.ts';
import type {
  Agent,
  CreateRuleBody,
  Queue,
  QueueQuery,
  RoutingRule,
  TeamRouting,
  UpdateAgentStateBody,
  UpdateRuleBody,
  UpdateTeamRoutingBody,
} from './schema.ts';

const DEFAULT_CAPACITY = 10;
const MANAGE_ROLES = new Set(['admin', 'supervisor']);

const toRule = (row: RoutingRuleTable): RoutingRule => ({
  id: row.id,
  name: row.name,
  position: row.position,
  isActive: row.is_active === 1,
  conditions: JSON.parse(row.conditions),
  teamId: row.team_id,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const toTeamRouting = (teamId: string, row: TeamRoutingTable | undefined): TeamRouting => ({
  teamId,
  strategy: (row?.strategy ?? 'manual') as RoutingStrategy,
  defaultCapacity: row?.default_capacity ?? DEFAULT_CAPACITY,
  updatedAt: iso(row?.updated_at),
});

const normaliseConditions = (conditions: CreateRuleBody['conditions']) =>
  JSON.stringify({ ...(conditions ?? {}), ...(conditions?.tags ? { tags: normaliseSkills(conditions.tags) } : {}) });

/** Queue cursors hold the (due, created, id) position; the due part is "none" for tickets without one. */
const encodePosition = (position: repo.QueuePosition) => encodeCursor({ value: `${position.due}:${position.createdAt}`, id: position.id });

function decodePosition(raw: string | undefined): repo.QueuePosition | undefined {
  const cursor = decodeCursor(raw);
  if (!cursor) return undefined;
  const [due, createdAt] = String(cursor.value).split(':').map(Number);
  if (!Number.isSafeInteger(due) || !Number.isSafeInteger(createdAt)) throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
  return { due, createdAt, id: cursor.id };
}

export interface RoutingDeps extends AssignerDeps {
  users: UserService;
  teams: TeamService;
}

export function createRoutingService(context: ServiceContext, deps: RoutingDeps) {
  const { db, clock, afterCommit } = context;
  const { users, teams } = deps;
  const assigner = createAssigner(context, deps);

  async function requireTeam(actor: Actor, teamId: string, field?: string) {
    if (await teams.exist(actor, [teamId])) return;
    throw field ? invalid('The team does not exist in this workspace', { [field]: 'unknown team' }) : notFound('Team');
  }

  /** A configuration change: audited, in one transaction. */
  async function configure<T>(actor: Actor, action: string, targetId: string, work: (tx: Executor, now: Date) => Promise<T>) {
    const result = await db.transaction().execute(async (tx) => {
      const now = clock.now();
      const value = await work(tx, now);
      await auditByActor(tx, actor, { action, targetType: 'routing', targetId }, now);
      return value;
    });
    afterCommit();
    return result;
  }

  return {
    ...assigner,

    listRules: async (actor: Actor) => (await repo.listRules(db, actor.workspaceId)).map(toRule),

    async createRule(actor: Actor, body: CreateRuleBody) {
      await requireTeam(actor, body.teamId, 'teamId');
      return configure(actor, 'routing.rule_created', body.teamId, async (tx, now) => {
        const row: RoutingRuleTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          name: body.name.trim(),
          position: body.position ?? (await repo.maxRulePosition(tx, actor.workspaceId)) + 10,
          is_active: body.isActive === false ? 0 : 1,
          conditions: normaliseConditions(body.conditions),
          team_id: body.teamId,
          created_at: now.getTime(),
          updated_at: now.getTime(),
        };
        await repo.insertRule(tx, row);
        return toRule(row);
      });
    },

    async updateRule(actor: Actor, id: string, body: UpdateRuleBody) {
      if (body.teamId !== undefined) await requireTeam(actor, body.teamId, 'teamId');
      return configure(actor, 'routing.rule_changed', id, async (tx, now) => {
        const row = await repo.findRule(tx, actor.workspaceId, id);
        if (!row) throw notFound('Routing rule');
        const changes: Partial<RoutingRuleTable> = { updated_at: now.getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.position !== undefined) changes.position = body.position;
        if (body.isActive !== undefined) changes.is_active = body.isActive ? 1 : 0;
        if (body.conditions !== undefined) changes.conditions = normaliseConditions(body.conditions);
        if (body.teamId !== undefined) changes.team_id = body.teamId;
        await repo.updateRule(tx, actor.workspaceId, id, changes);
        return toRule({ ...row, ...changes });
      });
    },

    deleteRule: (actor: Actor, id: string) =>
      configure(actor, 'routing.rule_deleted', id, async (tx) => {
        if (!(await repo.findRule(tx, actor.workspaceId, id))) throw notFound('Routing rule');
        await repo.deleteRule(tx, actor.workspaceId, id);
      }),

    async getTeamRouting(actor: Actor, teamId: string) {
      await requireTeam(actor, teamId);
      return toTeamRouting(teamId, await repo.findTeamRouting(db, actor.workspaceId, teamId));
    },

    /** Changes how a team assigns; its queue is then filled (e.g. routing just turned on). */
    async updateTeamRouting(actor: Actor, teamId: string, body: UpdateTeamRoutingBody) {
      await requireTeam(actor, teamId);
      return configure(actor, 'routing.team_changed', teamId, async (tx, now) => {
        const current = toTeamRouting(teamId, await repo.findTeamRouting(tx, actor.workspaceId, teamId));
        const row: TeamRoutingTable = {
          team_id: teamId,
          workspace_id: actor.workspaceId,
          strategy: body.strategy ?? current.strategy,
          default_capacity: body.defaultCapacity ?? current.defaultCapacity,
          updated_at: now.getTime(),
        };
        await repo.upsertTeamRouting(tx, row);
        await recordEvents(tx, [{ workspaceId: actor.workspaceId, aggregateId: `team:${teamId}`, type: 'routing.team_changed', payload: { teamId } }], now);
        return toTeamRouting(teamId, row);
      });
    },

    /** Staff who can take tickets (everyone but read-only users), with availability, capacity and load. */
    async listAgents(actor: Actor): Promise<Agent[]> {
      const staff = (await users.list(actor)).filter((user) => user.isActive && user.role !== 'read-only');
      const states = new Map((await repo.listAgentStates(db, actor.workspaceId)).map((row) => [row.user_id, row]));
      const load = await repo.countLoad(db, actor.workspaceId, staff.map((user) => user.id));
      return staff.map((user) => toAgent(user, states.get(user.id), load.get(user.id) ?? 0));
    },

    async getAgent(actor: Actor, userId: string): Promise<Agent> {
      const user = await users.get(actor, userId);
      const state = await repo.findAgentState(db, actor.workspaceId, userId);
      const load = await repo.countLoad(db, actor.workspaceId, [userId]);
      return toAgent(user, state, load.get(userId) ?? 0);
    },

    /**
     * Agents set their own availability; supervisors and admins set anyone's, and capacities and
     * skills. The change goes out as `agent.state_changed`, whose subscriber fills the agent's teams.
     */
    async updateAgentState(actor: Actor, userId: string, body: UpdateAgentStateBody): Promise<Agent> {
      const user = await users.get(actor, userId);
      const manages = MANAGE_ROLES.has(actor.role);
      if (!manages && actor.userId !== userId) throw forbidden('Only supervisors and admins change the state of other agents');
      if (!manages && (body.capacity !== undefined || body.skills !== undefined)) throw forbidden('Only supervisors and admins change capacity and skills');
      if (user.role === 'read-only' || !user.isActive) throw invalid('Read-only and deactivated users take no tickets', { userId: 'not an agent' });
      const row = await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const current = await repo.findAgentStateForUpdate(tx, actor.workspaceId, userId);
        const next: AgentStateTable = {
          user_id: userId,
          workspace_id: actor.workspaceId,
          availability: body.availability ?? current?.availability ?? 'offline',
          capacity: body.capacity !== undefined ? body.capacity : (current?.capacity ?? null),
          skills: body.skills !== undefined ? JSON.stringify(normaliseSkills(body.skills)) : (current?.skills ?? '[]'),
          last_assigned_at: current?.last_assigned_at ?? null,
          updated_at: now.getTime(),
        };
        await repo.upsertAgentState(tx, next);
        if (body.capacity !== undefined || body.skills !== undefined) {
          await auditByActor(tx, actor, { action: 'routing.agent_changed', targetType: 'user', targetId: userId, details: { capacity: next.capacity, skills: JSON.parse(next.skills) } }, now);
        }
        await recordEvents(
          tx,
          [{ workspaceId: actor.workspaceId, aggregateId: `agent:${userId}`, type: 'agent.state_changed', payload: { userId, availability: next.availability, capacity: next.capacity } }],
          now,
        );
        return next;
      });
      afterCommit();
      const load = await repo.countLoad(db, actor.workspaceId, [userId]);
      return toAgent(user, row, load.get(userId) ?? 0);
    },

    /** A team's waiting tickets in the order routing assigns them. */
    async queue(actor: Actor, query: QueueQuery): Promise<Queue> {
      await requireTeam(actor, query.teamId);
      const routing = toTeamRouting(query.teamId, await repo.findTeamRouting(db, actor.workspaceId, query.teamId));
      const limit = pageLimit(query.limit);
      const rows = await repo.listWaitingTickets(db, actor.workspaceId, query.teamId, limit + 1, decodePosition(query.cursor));
      const skills =
        routing.strategy === 'skills'
          ? (await repo.listTeamMemberStates(db, actor.workspaceId, query.teamId)).flatMap((member) => (member.skills ? JSON.parse(member.skills) : []))
          : [];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        teamId: query.teamId,
        strategy: routing.strategy,
        items: page.map((row) => {
          const tags: string[] = JSON.parse(row.tags);
          return {
            ticketId: row.id,
            number: row.number,
            subject: row.subject,
            status: row.status as Queue['items'][number]['status'],
            priority: row.priority as Queue['items'][number]['priority'],
            tags,
            requiredSkills: routing.strategy === 'skills' ? requiredSkills(tags, skills) : [],
            slaNextDueAt: iso(row.sla_next_due_at),
            createdAt: new Date(row.created_at).toISOString(),
          };
        }),
        nextCursor: rows.length > limit ? encodePosition({ due: Number(last.due), createdAt: last.created_at, id: last.id }) : null,
      };
    },
  };
}

function toAgent(
  user: { id: string; name: string; role: string; teamIds: string[] },
  state: AgentStateTable | undefined,
  openCount: number,
): Agent {
  return {
    userId: user.id,
    name: user.name,
    role: user.role,
    teamIds: user.teamIds,
    availability: (state?.availability ?? 'offline') as Agent['availability'],
    capacity: state?.capacity ?? null,
    skills: state ? JSON.parse(state.skills) : [],
    openCount,
    lastAssignedAt: iso(state?.last_assigned_at),
    updatedAt: iso(state?.updated_at),
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
