import type { Transaction } from 'kysely';
import type { Database } from '../../db/types.ts';
import { systemActor } from '../../lib/actor.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { TicketFieldChanges } from '../outbox/events.ts';
import type { TicketService } from '../tickets/service.ts';
import {
  type AgentCandidate,
  type Availability,
  LOAD_STATUSES,
  nextAssignmentStamp,
  pickAgent,
  type RoutingStrategy,
  requiredSkills,
  WAITING_STATUSES,
} from './assign.ts';
import * as repo from './repo.ts';
import { firstMatchingRule } from './rule-match.ts';
import type { RuleConditions } from './schema.ts';

export interface AssignerDeps {
  /** The ticket service inside an open transaction: an assignment commits together with routing's locks. */
  ticketsIn(tx: Transaction<Database>): TicketService;
}

type Outcome = 'assigned' | 'no-capacity' | 'no-match' | 'skipped';

const PAGE = 50;

const parseList = (json: string | null | undefined): string[] => (json ? JSON.parse(json) : []);

/**
 * Puts tickets in the right team and hands waiting tickets to agents. Every assignment is its own
 * short transaction that locks the ticket, then the team's online agents (in user-id order), counts
 * their load afresh and assigns through the ticket service, so history, events and SLA clocks stay
 * consistent and two processes never assign one ticket twice or fill an agent past capacity.
 */
export function createAssigner({ db, clock, afterCommit }: ServiceContext, deps: AssignerDeps) {
  const teamSkills = async (tx: Transaction<Database>, workspaceId: string, teamId: string) =>
    (await repo.listTeamMemberStates(tx, workspaceId, teamId)).flatMap((member) => parseList(member.skills));

  /** Tries to assign one waiting ticket of the team; the caller has read it outside any lock. */
  async function assignWaiting(workspaceId: string, teamId: string, ticketId: string, strategy: RoutingStrategy, defaultCapacity: number) {
    const outcome = await db.transaction().execute(async (tx): Promise<Outcome> => {
      const ticket = await repo.lockRoutingTicket(tx, workspaceId, ticketId);
      // Someone may have taken, moved or solved it since the queue was read.
      if (!ticket || ticket.team_id !== teamId || ticket.assignee_id !== null || !WAITING_STATUSES.includes(ticket.status)) return 'skipped';
      const states = await repo.lockOnlineMembers(tx, workspaceId, teamId);
      if (!states.length) return 'no-capacity';
      const load = await repo.countLoad(tx, workspaceId, states.map((state) => state.user_id));
      const agents: AgentCandidate[] = states.map((state) => ({
        userId: state.user_id,
        availability: state.availability as Availability,
        capacity: state.capacity ?? defaultCapacity,
        openCount: load.get(state.user_id) ?? 0,
        skills: parseList(state.skills),
        lastAssignedAt: state.last_assigned_at,
      }));
      const needed = strategy === 'skills' ? requiredSkills(parseList(ticket.tags), await teamSkills(tx, workspaceId, teamId)) : [];
      const pick = pickAgent(agents, strategy, needed);
      if (!pick.agent) return pick.reason;
      await deps.ticketsIn(tx).update(systemActor(workspaceId), ticketId, {
        assigneeId: pick.agent.userId,
        // As when a ticket is created with an assignee: an owned ticket is open.
        ...(ticket.status === 'new' ? { status: 'open' as const } : {}),
      });
      await repo.markAssigned(tx, pick.agent.userId, nextAssignmentStamp(clock.now().getTime(), agents));
      return 'assigned';
    });
    if (outcome === 'assigned') afterCommit();
    return outcome;
  }

  /**
   * Assigns a team's waiting tickets, earliest SLA due first, while agents have room. A ticket no
   * online agent has the skills for is passed over (later ones may fit); when no online agent has
   * room at all, the rest wait. Returns how many tickets it assigned.
   */
  async function fillQueue(workspaceId: string, teamId: string) {
    const routing = await repo.findTeamRouting(db, workspaceId, teamId);
    if (!routing || routing.strategy === 'manual') return 0;
    let assigned = 0;
    let after: repo.QueuePosition | undefined;
    for (;;) {
      const page = await repo.listWaitingTickets(db, workspaceId, teamId, PAGE, after);
      for (const ticket of page) {
        const outcome = await assignWaiting(workspaceId, teamId, ticket.id, routing.strategy as RoutingStrategy, routing.default_capacity);
        if (outcome === 'no-capacity') return assigned;
        if (outcome === 'assigned') assigned++;
      }
      if (page.length < PAGE) return assigned;
      const last = page[page.length - 1];
      after = { due: Number(last.due), createdAt: last.created_at, id: last.id };
    }
  }

  async function fillTeams(workspaceId: string, teamIds: Iterable<string>) {
    let assigned = 0;
    for (const teamId of new Set(teamIds)) assigned += await fillQueue(workspaceId, teamId);
    return assigned;
  }

  return {
    fillQueue,

    /**
     * A new ticket without a team gets the team of the first matching rule; then its team's queue is
     * filled (so it is assigned if it is next in line and an agent has room). Safe to repeat.
     */
    async routeNewTicket(workspaceId: string, ticketId: string) {
      const rules = (await repo.listRules(db, workspaceId)).map((row) => ({
        teamId: row.team_id,
        isActive: row.is_active === 1,
        conditions: JSON.parse(row.conditions) as RuleConditions,
      }));
      const teamId = await db.transaction().execute(async (tx) => {
        const ticket = await repo.lockRoutingTicket(tx, workspaceId, ticketId);
        if (!ticket) return undefined;
        if (ticket.team_id !== null) return ticket.team_id;
        const rule = firstMatchingRule(rules, { channel: ticket.channel, type: ticket.type, organisationId: ticket.organisation_id, tags: parseList(ticket.tags) });
        if (!rule) return undefined;
        await deps.ticketsIn(tx).update(systemActor(workspaceId), ticketId, { teamId: rule.teamId });
        return rule.teamId;
      });
      afterCommit();
      return teamId ? fillQueue(workspaceId, teamId) : 0;
    },

    /**
     * Reacts to a ticket change: an agent whose ticket left new/open, or who was unassigned, has room
     * again (fill their teams); a ticket that now waits unassigned in a team joins its queue.
     */
    async ticketChanged(workspaceId: string, ticketId: string, changes: TicketFieldChanges) {
      const ticket = await repo.findRoutingTicket(db, workspaceId, ticketId);
      if (!ticket) return 0;
      const { status, assigneeId } = changes;
      const freed = new Set<string>();
      if (typeof assigneeId?.from === 'string') freed.add(assigneeId.from);
      const previousAssignee = assigneeId ? assigneeId.from : ticket.assignee_id;
      if (status && LOAD_STATUSES.includes(String(status.from)) && !LOAD_STATUSES.includes(String(status.to)) && typeof previousAssignee === 'string') {
        freed.add(previousAssignee);
      }
      const teams: string[] = [];
      const relevant = status || assigneeId || changes.teamId || changes.tags;
      if (relevant && ticket.team_id && ticket.assignee_id === null && WAITING_STATUSES.includes(ticket.status)) teams.push(ticket.team_id);
      for (const userId of freed) teams.push(...(await repo.teamIdsOfUser(db, workspaceId, userId)));
      return fillTeams(workspaceId, teams);
    },

    /** An agent came online or got more room: fill every team they belong to. */
    async agentChanged(workspaceId: string, userId: string) {
      return fillTeams(workspaceId, await repo.teamIdsOfUser(db, workspaceId, userId));
    },

    /**
     * The safety net behind the events: fills every automatically routed team that has tickets
     * waiting (e.g. after a membership change, which sends no event). Returns how many it assigned.
     */
    async fillAllQueues() {
      let assigned = 0;
      for (const { workspace_id, team_id } of await repo.listTeamsWithWaitingTickets(db)) assigned += await fillQueue(workspace_id, team_id);
      return assigned;
    },
  };
}

export type Assigner = ReturnType<typeof createAssigner>;
