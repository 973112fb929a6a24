import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, Nullable, Timestamp } from '../../lib/schema.ts';
import { WEEKDAYS } from './report-periods.ts';

// A scheduled e-mail of a service report (GET/POST/PATCH/DELETE /api/v1/report-schedules).

export const ReportPresetSchema = Type.Union([Type.Literal('weekly'), Type.Literal('monthly'), Type.Literal('quarterly')], {
  description: 'weekly: the last whole week (Monday–Sunday), sent every chosen weekday; monthly: the last month, sent on the first chosen weekday of a month; quarterly: the last quarter, on the first chosen weekday of January, April, July and October',
});
export const WeekdaySchema = Type.Union(WEEKDAYS.map((day) => Type.Literal(day)));

const ScheduleFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  preset: ReportPresetSchema,
  weekday: WeekdaySchema,
  time: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM in the workspace time zone' }),
  recipientUserIds: Type.Array(Id, { maxItems: 50, uniqueItems: true, description: 'Staff users: the report goes to their sign-in address' }),
  recipientEmails: Type.Array(Email, { maxItems: 50, uniqueItems: true, description: 'Other addresses' }),
  channel: Nullable(Type.String({ maxLength: 32, description: 'Only this channel; null for all' })),
  teamId: Nullable(Type.String({ maxLength: 64, description: "Only this team ('' for tickets with no team); null for all" })),
  isActive: Type.Boolean(),
};

export const ReportSchedule = Type.Object({
  id: Id,
  ...ScheduleFields,
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastSent: Nullable(Type.Object({ from: Type.String(), to: Type.String(), queuedAt: Timestamp, recipients: Type.Integer() })),
});
export type ReportSchedule = Static<typeof ReportSchedule>;

export const CreateReportScheduleBody = Type.Object({
  name: ScheduleFields.name,
  preset: ScheduleFields.preset,
  weekday: ScheduleFields.weekday,
  time: ScheduleFields.time,
  recipientUserIds: Type.Optional(ScheduleFields.recipientUserIds),
  recipientEmails: Type.Optional(ScheduleFields.recipientEmails),
  channel: Type.Optional(ScheduleFields.channel),
  teamId: Type.Optional(ScheduleFields.teamId),
  isActive: Type.Optional(ScheduleFields.isActive),
}, { additionalProperties: false });
export type CreateReportScheduleBody = Static<typeof CreateReportScheduleBody>;

export const UpdateReportScheduleBody = Type.Partial(CreateReportScheduleBody, { additionalProperties: false });
export type UpdateReportScheduleBody = Static<typeof UpdateReportScheduleBody>;
