// Which agent gets a ticket: pure, so the rules can be checked with properties rather than databases.

export type Availability = 'online' | 'away' | 'offline';
export type RoutingStrategy = 'manual' | 'round-robin' | 'least-loaded' | 'skills';

/** Statuses that count as an agent's load (work waiting on the agent); pending and on-hold wait on others. */
export const LOAD_STATUSES: readonly string[] = ['new', 'open'];
/** Statuses in which an unassigned ticket of a team waits in its queue. */
export const WAITING_STATUSES: readonly string[] = ['new', 'open'];

export interface AgentCandidate {
  userId: string;
  availability: Availability;
  /** Most tickets in a load status the agent may hold; routing never assigns beyond it. */
  capacity: number;
  /** Tickets in a load status assigned to the agent now. */
  openCount: number;
  skills: readonly string[];
  /** When routing last gave the agent a ticket (null: never). */
  lastAssignedAt: number | null;
}

export type Pick = { agent: AgentCandidate } | { agent?: undefined; reason: 'no-capacity' | 'no-match' };

const hasRoom = (agent: AgentCandidate) => agent.availability === 'online' && agent.openCount < agent.capacity;
const hasSkills = (agent: AgentCandidate, required: readonly string[]) => required.every((skill) => agent.skills.includes(skill));

/** Longest since the last assignment first (never assigned before anyone); user id breaks ties. */
const byRotation = (a: AgentCandidate, b: AgentCandidate) =>
  (a.lastAssignedAt ?? Number.NEGATIVE_INFINITY) - (b.lastAssignedAt ?? Number.NEGATIVE_INFINITY) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

const byLoad = (a: AgentCandidate, b: AgentCandidate) => a.openCount - b.openCount || byRotation(a, b);

/**
 * Picks the agent for one ticket. Only online agents below their capacity are candidates; with the
 * skills strategy they must also hold every required skill, and the least loaded of them wins.
 * `no-capacity`: no online agent has room (later tickets of the queue cannot be placed either);
 * `no-match`: some have room but none has the skills (a later ticket may still fit).
 */
export function pickAgent(agents: readonly AgentCandidate[], strategy: RoutingStrategy, requiredSkills: readonly string[] = []): Pick {
  if (strategy === 'manual') return { reason: 'no-match' };
  const available = agents.filter(hasRoom);
  if (!available.length) return { reason: 'no-capacity' };
  const eligible = strategy === 'skills' ? available.filter((agent) => hasSkills(agent, requiredSkills)) : available;
  if (!eligible.length) return { reason: 'no-match' };
  const order = strategy === 'round-robin' ? byRotation : byLoad;
  return { agent: [...eligible].sort(order)[0] };
}

/**
 * The skills a ticket needs: its tags that are a skill of some member of the team. A tag nobody in
 * the team has as a skill is just a tag, so it can never hold a ticket back for good; a tag that is
 * someone's skill makes the ticket wait for an agent who has it.
 */
export function requiredSkills(tags: readonly string[], teamSkills: Iterable<string>): string[] {
  const known = new Set(teamSkills);
  return [...new Set(tags.filter((tag) => known.has(tag)))].sort();
}

/**
 * The stamp for an assignment: now, but always after every other candidate's stamp, so the rotation
 * stays strict even when two assignments share a millisecond.
 */
export const nextAssignmentStamp = (now: number, agents: readonly AgentCandidate[]) =>
  Math.max(now, ...agents.map((agent) => (agent.lastAssignedAt ?? Number.NEGATIVE_INFINITY) + 1));

/** Skills are compared as lower-case tags, as ticket tags are stored. */
export const normaliseSkills = (skills: readonly string[]) => [...new Set(skills.map((skill) => skill.trim().toLowerCase()).filter(Boolean))].sort();
