import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';
import { Channel, Priority, Tag, TicketStatus, TicketType } from '../tickets/schema.ts';

export const Availability = Type.Union(['online', 'away', 'offline'].map((a) => Type.Literal(a)), {
  description: 'Only online agents are assigned tickets; away and offline agents keep what they have',
});

export const RoutingStrategy = Type.Union(['manual', 'round-robin', 'least-loaded', 'skills'].map((s) => Type.Literal(s)), {
  description:
    'manual: nobody is assigned automatically; round-robin: the online agent longest without a routed ticket; ' +
    'least-loaded: the online agent with the fewest new/open tickets; skills: least-loaded among agents holding every skill the ticket needs ' +
    "(its tags that are some team member's skill)",
});

export const RuleConditions = Type.Object(
  {
    channels: Type.Optional(Type.Array(Channel, { maxItems: 10, uniqueItems: true })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50, description: 'The ticket carries at least one of these tags' })),
    organisationIds: Type.Optional(Type.Array(Id, { maxItems: 200, uniqueItems: true })),
    types: Type.Optional(Type.Array(TicketType, { maxItems: 5, uniqueItems: true })),
  },
  { additionalProperties: false, description: 'Every listed dimension must match; an absent or empty one matches anything' },
);
export type RuleConditions = Static<typeof RuleConditions>;

export const RoutingRule = Type.Object({
  id: Id,
  name: Type.String(),
  position: Type.Integer({ description: 'Rules are tried in ascending position; the first active match sets the team' }),
  isActive: Type.Boolean(),
  conditions: RuleConditions,
  teamId: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RoutingRule = Static<typeof RoutingRule>;

export const CreateRuleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Default: after the last rule' })),
  isActive: Type.Optional(Type.Boolean()),
  conditions: Type.Optional(RuleConditions),
  teamId: Id,
});
export type CreateRuleBody = Static<typeof CreateRuleBody>;
export const UpdateRuleBody = Type.Partial(CreateRuleBody);
export type UpdateRuleBody = Static<typeof UpdateRuleBody>;

export const TeamRouting = Type.Object({
  teamId: Id,
  strategy: RoutingStrategy,
  defaultCapacity: Type.Integer({ description: 'New/open tickets an agent may hold unless their own capacity says otherwise' }),
  updatedAt: NullableTimestamp,
});
export type TeamRouting = Static<typeof TeamRouting>;

export const UpdateTeamRoutingBody = Type.Object({
  strategy: Type.Optional(RoutingStrategy),
  defaultCapacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});
export type UpdateTeamRoutingBody = Static<typeof UpdateTeamRoutingBody>;

export const Skill = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,\\s][^,]*$', description: 'Matched against ticket tags, case-insensitively' });

export const Agent = Type.Object({
  userId: Id,
  name: Type.String(),
  role: Type.String(),
  teamIds: Type.Array(Id),
  availability: Availability,
  capacity: Nullable(Type.Integer({ description: "The agent's own capacity; null: each team's default" })),
  skills: Type.Array(Type.String()),
  openCount: Type.Integer({ description: 'Assigned tickets in status new or open (the load capacity is measured against)' }),
  lastAssignedAt: NullableTimestamp,
  updatedAt: NullableTimestamp,
});
export type Agent = Static<typeof Agent>;

export const UpdateAgentStateBody = Type.Object({
  availability: Type.Optional(Availability),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1000, description: 'Supervisors and admins only' }))),
  skills: Type.Optional(Type.Array(Skill, { maxItems: 50, description: 'Supervisors and admins only' })),
});
export type UpdateAgentStateBody = Static<typeof UpdateAgentStateBody>;

export const QueueQuery = Type.Object({ ...PageQuery, teamId: Id });
export type QueueQuery = Static<typeof QueueQuery>;

export const QueuedTicket = Type.Object({
  ticketId: Id,
  number: Type.Integer(),
  subject: Type.String(),
  status: TicketStatus,
  priority: Priority,
  tags: Type.Array(Type.String()),
  requiredSkills: Type.Array(Type.String(), { description: 'With the skills strategy: what an agent needs to take the ticket' }),
  slaNextDueAt: NullableTimestamp,
  createdAt: Timestamp,
});
export type QueuedTicket = Static<typeof QueuedTicket>;

export const Queue = Type.Object({
  teamId: Id,
  strategy: RoutingStrategy,
  items: Type.Array(QueuedTicket, { description: 'Unassigned new/open tickets in assignment order: earliest SLA due first, then oldest' }),
  nextCursor: Nullable(Type.String()),
});
export type Queue = Static<typeof Queue>;

export const IdleTicket = Type.Object({
  ticketId: Id,
  number: Type.Integer(),
  subject: Type.String(),
  status: TicketStatus,
  assigneeId: Nullable(Id),
  teamId: Nullable(Id),
  idleSince: Timestamp,
  alertedAt: Timestamp,
});
export type IdleTicket = Static<typeof IdleTicket>;
