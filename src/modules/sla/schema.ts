import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, Timestamp } from '../../lib/schema.ts';
import { Channel, Priority, TicketType } from '../tickets/schema.ts';
import { CalendarDefinition } from './calendar.ts';

export const Calendar = Type.Object({
  id: Id,
  name: Type.String(),
  definition: CalendarDefinition,
  problem: Nullable(Type.String({ description: 'Why this calendar cannot time SLA clocks (e.g. it has no open hours); null when it can' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Calendar = Static<typeof Calendar>;

export const CreateCalendarBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  definition: CalendarDefinition,
});
export type CreateCalendarBody = Static<typeof CreateCalendarBody>;
export const UpdateCalendarBody = Type.Partial(CreateCalendarBody);
export type UpdateCalendarBody = Static<typeof UpdateCalendarBody>;

const Minutes = Nullable(Type.Number({ minimum: 0, maximum: 525_600, description: 'Business minutes of the policy calendar; null: not tracked' }));

export const SlaTargets = Type.Object(
  {
    acknowledgement: Type.Optional(Minutes),
    firstResponse: Type.Optional(Minutes),
    nextResponse: Type.Optional(Minutes),
    resolution: Type.Optional(Minutes),
  },
  { additionalProperties: false },
);

export const PolicyConditions = Type.Object(
  {
    channels: Type.Optional(Type.Array(Channel, { maxItems: 10 })),
    priorities: Type.Optional(Type.Array(Priority, { maxItems: 4 })),
    tiers: Type.Optional(Type.Array(Type.Union([Type.Literal('standard'), Type.Literal('premium'), Type.Literal('enterprise')]), { maxItems: 3 })),
    types: Type.Optional(Type.Array(TicketType, { maxItems: 5 })),
    organisationIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
  },
  { additionalProperties: false, description: 'Every listed dimension must match; an absent or empty one matches anything' },
);
export type PolicyConditions = Static<typeof PolicyConditions>;

export const SlaPolicy = Type.Object({
  id: Id,
  name: Type.String(),
  position: Type.Integer({ description: 'Policies are tried in ascending position; the first match applies' }),
  isActive: Type.Boolean(),
  conditions: PolicyConditions,
  calendarId: Nullable(Id),
  targets: SlaTargets,
  warnPercent: Type.Integer(),
  problem: Nullable(Type.String({ description: "Why this policy's clocks get no due time (its calendar never opens); null when they do" })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SlaPolicy = Static<typeof SlaPolicy>;

export const CreatePolicyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  isActive: Type.Optional(Type.Boolean()),
  conditions: Type.Optional(PolicyConditions),
  calendarId: Type.Optional(Nullable(Id)),
  targets: SlaTargets,
  warnPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
});
export type CreatePolicyBody = Static<typeof CreatePolicyBody>;
export const UpdatePolicyBody = Type.Partial(CreatePolicyBody);
export type UpdatePolicyBody = Static<typeof UpdatePolicyBody>;

export const ClockStatus = Type.Union(['running', 'paused', 'met', 'breached'].map((s) => Type.Literal(s)));

export const SlaClock = Type.Object({
  clock: Type.String(),
  targetMinutes: Type.Number(),
  status: ClockStatus,
  startedAt: Timestamp,
  stoppedAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  warnAt: NullableTimestamp,
  breachedAt: NullableTimestamp,
  elapsedMinutes: Type.Number(),
  reason: Nullable(Type.String({ description: 'Why the clock has no due time (a configuration fault, e.g. its calendar has no open hours); null when it has one or it moves while paused' })),
});

export const SlaExplanation = Type.Object({
  ticketId: Id,
  policy: Nullable(Type.Object({ id: Id, name: Type.String() })),
  calendar: Type.Object({
    id: Nullable(Id),
    name: Type.String(),
    timezone: Type.String(),
    problem: Nullable(Type.String({ description: 'Why the calendar cannot time the clocks; null when it can' })),
  }),
  tier: Type.String(),
  pausingStatuses: Type.Array(Type.String()),
  pauses: Type.Array(Type.Object({ from: Timestamp, to: NullableTimestamp })),
  clocks: Type.Array(SlaClock),
  lines: Type.Array(Type.String(), { description: 'The arithmetic, one line per clock, for people' }),
});
export type SlaExplanation = Static<typeof SlaExplanation>;
