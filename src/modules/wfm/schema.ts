import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, PageOf, Timestamp } from '../../lib/schema.ts';
import { CHANNELS } from '../tickets/channels.ts';
import { Channel } from '../tickets/schema.ts';
import { STAFFING_METHODS } from './staffing-settings.ts';
import { ABSENCE_REASONS, WEEK_ORDER } from './vocabulary.ts';

// The staffing, shift and schedule API (routes.ts, schedule-routes.ts). Only TypeBox and plain data
// here, so the agent app can import the types.

export const LocalDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date of the workspace, e.g. 2026-06-01' });
export const Week = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The local date of the week’s Monday, e.g. 2026-06-01' });
const ClockTime = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'Local time HH:MM in the workspace’s time zone' });
const Weekday = Type.Union(WEEK_ORDER.map((day) => Type.Literal(day)));
const Method = Type.Union(STAFFING_METHODS.map((method) => Type.Literal(method)));
const Occupancy = Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'A fraction: 0.55 for 55 %' });

const ChannelStaffing = Type.Object({
  method: Method,
  occupancy: Occupancy,
  firstResponseMinutes: Type.Number({ minimum: 1, maximum: 100_000, description: 'Backlog model: answer within this many business minutes' }),
  defaultAhtSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description: 'Used while the metric engine has no handle time for the channel' }),
});
const ServiceLevel = Type.Object({
  targetPercent: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100, description: 'Answer this share (80 for 80 %)…' }),
  targetSeconds: Type.Number({ minimum: 0, maximum: 86_400, description: '…within this many seconds' }),
});
const MaxOccupancy = Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Erlang C: the highest occupancy allowed; null for none' }));
const Shrinkage = Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Share of paid time agents are unavailable: 0.3 for 30 %' });
const Buffer = Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Scheduled more than this share under or over the required is flagged: 0.15 for ±15 %' });

export const StaffingSettings = Type.Object({
  serviceLevel: ServiceLevel,
  maxOccupancy: MaxOccupancy,
  shrinkage: Shrinkage,
  buffer: Buffer,
  channels: Type.Object(Object.fromEntries(CHANNELS.map((channel) => [channel, ChannelStaffing]))),
});
export type StaffingSettings = Static<typeof StaffingSettings>;

export const UpdateStaffingSettingsBody = Type.Object(
  {
    serviceLevel: Type.Optional(Type.Partial(ServiceLevel, { additionalProperties: false })),
    maxOccupancy: Type.Optional(MaxOccupancy),
    shrinkage: Type.Optional(Shrinkage),
    buffer: Type.Optional(Buffer),
    channels: Type.Optional(
      Type.Object(Object.fromEntries(CHANNELS.map((channel) => [channel, Type.Optional(Type.Partial(ChannelStaffing, { additionalProperties: false }))])), {
        additionalProperties: false,
      }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateStaffingSettingsBody = Static<typeof UpdateStaffingSettingsBody>;

const Staffing = Type.Union([Type.Literal('under'), Type.Literal('over'), Type.Literal('ok')], {
  description: 'under: scheduled below required × (1 − buffer); over: above required × (1 + buffer)',
});
const Figures = {
  contacts: Type.Number({ description: 'Forecast contacts in the interval (not rounded)' }),
  required: Type.Number({ description: 'Agents to schedule, shrinkage included: whole for Erlang C, not rounded for the other methods' }),
  scheduled: Type.Number({ description: 'Agents on shift (absences left out); a shift of several channels is shared by what each requires' }),
  gap: Type.Number({ description: 'scheduled − required' }),
  staffing: Staffing,
};
const StaffingInterval = Type.Object({
  at: Timestamp,
  day: LocalDay,
  hour: Type.Integer({ description: 'Local hour of day, 0–23' }),
  ...Figures,
  byChannel: Type.Array(Type.Object({ channel: Channel, ...Figures })),
});

export const StaffingView = Type.Object({
  from: LocalDay,
  to: LocalDay,
  timeZone: Type.String(),
  settings: StaffingSettings,
  channels: Type.Array(
    Type.Object({
      channel: Channel,
      method: Method,
      ahtSeconds: Type.Number(),
      ahtSource: Type.Union([Type.Literal('measured'), Type.Literal('default')], {
        description: 'measured: the average handle time of the tickets solved in the last 28 days (metric engine); default: the setting, as none was recorded',
      }),
      ahtTickets: Type.Integer({ description: 'Solved tickets with recorded handle time behind the average' }),
      occupancy: Type.Number(),
      firstResponseMinutes: Nullable(Type.Number({ description: 'Backlog model only' })),
    }),
  ),
  intervals: Type.Array(StaffingInterval),
  summary: Type.Object({
    under: Type.Integer({ description: 'Intervals under-staffed beyond the buffer (all channels together)' }),
    over: Type.Integer(),
    peakRequired: Type.Number(),
  }),
});
export type StaffingView = Static<typeof StaffingView>;

export const StaffingQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 28, default: 7, description: 'Days from today (local)' })),
  channel: Type.Optional(Channel),
});

export const ErlangCQuery = Type.Object({
  contactsPerHour: Type.Number({ exclusiveMinimum: 0 }),
  ahtSeconds: Type.Number({ exclusiveMinimum: 0 }),
  targetPercent: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 100 }),
  targetSeconds: Type.Number({ minimum: 0 }),
  shrinkage: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
  maxOccupancy: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
});
export type ErlangCQuery = Static<typeof ErlangCQuery>;

export const ErlangCResult = Type.Object({
  agents: Type.Integer(),
  serviceLevel: Type.Number(),
  probabilityOfWaiting: Type.Number(),
  averageSpeedOfAnswerSeconds: Type.Number(),
  occupancy: Type.Number(),
  scheduledAgents: Type.Integer(),
  trafficErlangs: Type.Number({ description: 'contacts per hour × AHT seconds ÷ 3600' }),
});
export type ErlangCResult = Static<typeof ErlangCResult>;

// Shifts, assignments, absences.

export const Shift = Type.Object({
  id: Id,
  name: Type.String(),
  days: Type.Array(Weekday, { description: 'The weekdays it starts on' }),
  start: ClockTime,
  end: Type.String({ description: 'Local HH:MM; at or before the start it is the next day' }),
  channels: Type.Array(Channel),
  minutes: Type.Integer({ description: 'Length of one day’s shift' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Shift = Static<typeof Shift>;

export const CreateShiftBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    days: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    start: ClockTime,
    end: ClockTime,
    channels: Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateShiftBody = Static<typeof CreateShiftBody>;
export const UpdateShiftBody = Type.Partial(CreateShiftBody, { additionalProperties: false });
export type UpdateShiftBody = Static<typeof UpdateShiftBody>;

export const AssignAgentsBody = Type.Object(
  { userIds: Type.Array(Id, { maxItems: 500, uniqueItems: true, description: 'Everyone on the shift that week (replaces the list)' }) },
  { additionalProperties: false },
);
export type AssignAgentsBody = Static<typeof AssignAgentsBody>;

export const ShiftWeekParams = Type.Object({ id: Id, week: Week });

const AbsenceReason = Type.Union(ABSENCE_REASONS.map((reason) => Type.Literal(reason)));
export const Absence = Type.Object({
  id: Id,
  userId: Id,
  userName: Type.String(),
  fromDay: LocalDay,
  toDay: LocalDay,
  reason: AbsenceReason,
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Absence = Static<typeof Absence>;

export const CreateAbsenceBody = Type.Object(
  {
    userId: Id,
    fromDay: LocalDay,
    toDay: LocalDay,
    reason: AbsenceReason,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type CreateAbsenceBody = Static<typeof CreateAbsenceBody>;

export const AbsenceQuery = Type.Object({
  userId: Type.Optional(Id),
  from: Type.Optional(LocalDay),
  to: Type.Optional(LocalDay),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});
export type AbsenceQuery = Static<typeof AbsenceQuery>;
export const AbsencePage = PageOf(Absence);

const ScheduledAgent = Type.Object({
  userId: Id,
  name: Type.String(),
  isSenior: Type.Boolean(),
  skills: Type.Array(Type.String()),
  absentDays: Type.Array(LocalDay, { description: 'Days of this shift the agent is away' }),
});

export const ScheduledShift = Type.Object({
  ...Shift.properties,
  agents: Type.Array(ScheduledAgent),
  byDay: Type.Array(
    Type.Object({
      day: LocalDay,
      start: Timestamp,
      end: Timestamp,
      agents: Type.Integer({ description: 'Working that day (absences left out)' }),
      seniors: Type.Integer(),
      hasTooFewSeniors: Type.Boolean({ description: 'Fewer than two senior agents' }),
    }),
  ),
  hasTooFewSeniors: Type.Boolean({ description: 'Some day of the week has fewer than two senior agents on the shift' }),
});
export type ScheduledShift = Static<typeof ScheduledShift>;

export const Schedule = Type.Object({
  week: Week,
  timeZone: Type.String(),
  shifts: Type.Array(ScheduledShift),
  /** Per local hour of the week, all channels together. */
  intervals: Type.Array(
    Type.Object({
      at: Timestamp,
      day: LocalDay,
      hour: Type.Integer(),
      scheduled: Type.Number(),
      required: Nullable(Type.Number({ description: 'null outside the forecast (before today or more than 28 days ahead)' })),
      gap: Nullable(Type.Number()),
      staffing: Nullable(Staffing),
    }),
  ),
  warnings: Type.Object({
    shiftsWithTooFewSeniors: Type.Integer(),
    understaffedIntervals: Type.Integer(),
    overstaffedIntervals: Type.Integer(),
  }),
});
export type Schedule = Static<typeof Schedule>;

export const MyShifts = Type.Object({
  timeZone: Type.String(),
  from: Week,
  weeks: Type.Integer(),
  shifts: Type.Array(
    Type.Object({
      shiftId: Id,
      name: Type.String(),
      day: LocalDay,
      start: Timestamp,
      end: Timestamp,
      localStart: Type.String(),
      localEnd: Type.String(),
      channels: Type.Array(Channel),
      absent: Type.Boolean({ description: 'You are away that day' }),
      colleagues: Type.Array(Type.Object({ name: Type.String(), isSenior: Type.Boolean() })),
    }),
  ),
});
export type MyShifts = Static<typeof MyShifts>;
