import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';
import { Priority } from '../tickets/schema.ts';

// Settings (stored in the workspace's settings; defaults in settings.ts)

const MatrixRow = Type.Object(
  { low: Priority, medium: Priority, high: Priority, critical: Priority },
  { additionalProperties: false, description: 'Urgency → priority' },
);
export const PriorityMatrix = Type.Object(
  { low: MatrixRow, medium: MatrixRow, high: MatrixRow, critical: MatrixRow },
  {
    additionalProperties: false,
    description: 'Impact → urgency → priority. Higher impact or urgency never gives a lower priority (checked on save)',
  },
);
export type PriorityMatrix = Static<typeof PriorityMatrix>;

const Raise = Type.Integer({ minimum: 0, maximum: 3, description: 'Priority levels added, never above P1' });
export const TierRaise = Type.Object(
  { standard: Type.Optional(Raise), premium: Type.Optional(Raise), enterprise: Type.Optional(Raise) },
  { additionalProperties: false, description: "Levels the customer's tier (the higher of contact and organisation) raises the matrix priority" },
);
export type TierRaise = Static<typeof TierRaise>;

export const EscalationTierConfig = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    targetMinutes: Type.Integer({ minimum: 1, maximum: 525_600, description: 'Response or review target, counted from the escalation' }),
    businessHours: Type.Boolean({ description: "Count the target in the business hours of the ticket's SLA calendar (else around the clock)" }),
  },
  { additionalProperties: false },
);
export type EscalationTierConfig = Static<typeof EscalationTierConfig>;

export const EscalationTiers = Type.Array(EscalationTierConfig, {
  minItems: 1,
  maxItems: 9,
  description: 'The tiers above frontline (tier 1), in order: the first is tier 2',
});

export const EscalationSettings = Type.Object({
  priorityMatrix: PriorityMatrix,
  tierRaise: Type.Object({ standard: Raise, premium: Raise, enterprise: Raise }),
  escalationTiers: EscalationTiers,
  autoEscalateOnBreach: Type.Boolean({ description: 'A breached SLA clock moves a tier-1 ticket to tier 2' }),
});
export type EscalationSettings = Static<typeof EscalationSettings>;

// Escalations

export const EscalationOutcome = Type.Union(
  ['open', 'resolved', 'sent-back', 'solved-with-tier1-knowledge'].map((o) => Type.Literal(o)),
  { description: 'sent-back and solved-with-tier1-knowledge count as over-escalation' },
);
export type EscalationOutcome = 'open' | 'resolved' | 'sent-back' | 'solved-with-tier1-knowledge';

export const Escalation = Type.Object({
  id: Id,
  ticketId: Id,
  ticketNumber: Type.Integer(),
  ticketSubject: Type.String(),
  priority: Priority,
  fromTier: Type.Integer(),
  toTier: Type.Integer(),
  reason: Type.String(),
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('breach')]),
  actorId: Nullable(Id),
  createdAt: Timestamp,
  dueAt: Timestamp,
  respondedAt: NullableTimestamp,
  targetStatus: Type.Union(['pending', 'met', 'missed'].map((s) => Type.Literal(s)), {
    description: 'Whether the tier responded by its target: pending until it does or the target passes',
  }),
  outcome: EscalationOutcome,
  outcomeNote: Nullable(Type.String()),
  outcomeAt: NullableTimestamp,
  outcomeBy: Nullable(Id),
});
export type Escalation = Static<typeof Escalation>;

export const EscalateBody = Type.Object({
  toTier: Type.Optional(Type.Integer({ minimum: 2, maximum: 10, description: 'Default: one above the current tier' })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
});
export type EscalateBody = Static<typeof EscalateBody>;

export const RecordOutcomeBody = Type.Object({
  outcome: Type.Union(['resolved', 'sent-back', 'solved-with-tier1-knowledge'].map((o) => Type.Literal(o)), {
    description: 'sent-back also returns the ticket to the tier it came from',
  }),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
});
export type RecordOutcomeBody = Static<typeof RecordOutcomeBody>;

const ReviewFilters = {
  priority: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^P[1-4](,P[1-4])*$', description: "The ticket's priority, comma-separated, e.g. P1,P2" })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Escalated at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Escalated before' })),
  outcome: Type.Optional(EscalationOutcome),
  trigger: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('breach')])),
};

export const ListEscalationsQuery = Type.Object({ ...PageQuery, ...ReviewFilters, ticketId: Type.Optional(Id) });
export type ListEscalationsQuery = Static<typeof ListEscalationsQuery>;

export const EscalationSummaryQuery = Type.Object(ReviewFilters);
export type EscalationSummaryQuery = Static<typeof EscalationSummaryQuery>;

const Count = Type.Integer({ minimum: 0 });
export const EscalationSummary = Type.Object({
  from: NullableTimestamp,
  to: NullableTimestamp,
  total: Count,
  byTier: Type.Record(Type.String(), Count, { description: 'Escalations by the tier they went to' }),
  byTrigger: Type.Object({ manual: Count, breach: Count }),
  byOutcome: Type.Object({ open: Count, resolved: Count, 'sent-back': Count, 'solved-with-tier1-knowledge': Count }),
  overEscalation: Type.Object({
    count: Count,
    decided: Type.Integer({ minimum: 0, description: 'Escalations with an outcome other than open' }),
    rate: Nullable(Type.Number({ description: '(sent-back + solved-with-tier1-knowledge) / decided; null when none is decided' })),
  }),
  targets: Type.Object({
    met: Count,
    missed: Count,
    pending: Count,
    metRate: Nullable(Type.Number({ description: 'met / (met + missed); null when none is decided yet' })),
  }),
});
export type EscalationSummary = Static<typeof EscalationSummary>;
