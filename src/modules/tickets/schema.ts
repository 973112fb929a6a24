import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';
import { CHANNELS, type Channel as ChannelName } from './channels.ts';

export const TicketStatus = Type.Union(
  ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'].map((s) => Type.Literal(s)),
  { description: 'new → open → pending (waiting on the customer) / on-hold (waiting on a third party) → solved → closed' },
);
export type TicketStatus = 'new' | 'open' | 'pending' | 'on-hold' | 'solved' | 'closed';

export const Priority = Type.Union(['P1', 'P2', 'P3', 'P4'].map((p) => Type.Literal(p)), { description: 'P1 is the most urgent' });
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

/** The scale of impact and urgency; with the customer's tier they give the priority (see escalations/priority.ts). */
export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];
export const Impact = Type.Union(LEVELS.map((l) => Type.Literal(l)), { description: "How much of the customer's business is affected" });
export const Urgency = Type.Union(LEVELS.map((l) => Type.Literal(l)), { description: 'How soon the effect becomes serious' });
const PriorityReason = Type.String({ minLength: 1, maxLength: 1000, description: 'Required when an explicit priority differs from the one impact × urgency give' });

export const TicketType = Type.Union(
  ['question', 'incident', 'service-request', 'complaint', 'problem'].map((t) => Type.Literal(t)),
  { description: 'A complaint is a formal complaint, distinct from an informal comment' },
);
export type TicketType = 'question' | 'incident' | 'service-request' | 'complaint' | 'problem';

export const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
export type Channel = ChannelName;

export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,\\s][^,]*$' });
const CustomFieldValue = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
]);
export const CustomFields = Type.Record(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_.-]*$' }), CustomFieldValue, {
  maxProperties: 100,
});

export const Requester = Type.Object({ id: Id, name: Type.String(), email: Nullable(Type.String()) });

export const Ticket = Type.Object({
  id: Id,
  number: Type.Integer(),
  subject: Type.String(),
  status: TicketStatus,
  priority: Priority,
  type: TicketType,
  channel: Channel,
  requesterId: Id,
  requester: Requester,
  organisationId: Nullable(Id),
  assigneeId: Nullable(Id),
  teamId: Nullable(Id),
  tags: Type.Array(Type.String()),
  customFields: CustomFields,
  version: Type.Integer({ description: 'Also sent as the ETag; send it back in If-Match to update' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  firstResponseAt: NullableTimestamp,
  solvedAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  sla: Type.Object({
    policyId: Nullable(Id),
    firstResponseDueAt: NullableTimestamp,
    nextResponseDueAt: NullableTimestamp,
    resolutionDueAt: NullableTimestamp,
    /** The earliest due instant of a running clock. */
    nextDueAt: NullableTimestamp,
    breachedAt: NullableTimestamp,
    clocks: Type.Array(
      Type.Object({
        clock: Type.String(),
        status: Type.String({ description: 'running, paused, met or breached (as of the last change)' }),
        targetMinutes: Type.Number(),
        dueAt: NullableTimestamp,
        warnAt: NullableTimestamp,
        breachedAt: NullableTimestamp,
        reason: Nullable(Type.String({ description: 'Why the clock has no due time (a configuration fault, e.g. its calendar has no open hours); null when it has one or it moves while paused' })),
      }),
    ),
  }),
  escalationTier: Type.Integer({ description: '1 is frontline; see /api/v1/escalations/settings for the tiers above' }),
  customStatus: Nullable(Type.String({ description: "The workspace's custom status (a key of /api/v1/ticket-statuses) within `status`" })),
  customStatusLabel: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.String({ description: 'Set when this ticket was merged: the ticket that holds its messages now' })),
  impact: Nullable(Impact),
  urgency: Nullable(Urgency),
});
export type Ticket = Static<typeof Ticket>;

const MessageText = Type.String({ minLength: 1, maxLength: 200_000 });
const MessageHtml = Type.String({ minLength: 1, maxLength: 1_000_000 });

export const NewAttachment = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  contentType: Type.String({ minLength: 3, maxLength: 200, pattern: '^[\\w.+-]+/[\\w.+-]+' }),
  contentBase64: Type.String({ minLength: 0, maxLength: 14_000_000, description: 'At most 10 MB decoded' }),
  contentId: Type.Optional(Type.String({ maxLength: 200 })),
  inline: Type.Optional(Type.Boolean()),
});
export type NewAttachment = Static<typeof NewAttachment>;

export const MessageBody = Type.Object({
  text: Type.Optional(MessageText),
  html: Type.Optional(MessageHtml),
  attachments: Type.Optional(Type.Array(NewAttachment, { maxItems: 20 })),
});

const CustomStatusKey = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-z][a-z0-9-]*$',
  description: 'A custom status key; it sets `status` to its category (null clears the custom status)',
});

export const CreateTicketBody = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 250 }),
  channel: Type.Optional(Channel),
  requester: Type.Optional(
    Type.Object({
      email: Email,
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    }),
  ),
  requesterId: Type.Optional(Id),
  message: Type.Optional(MessageBody),
  status: Type.Optional(TicketStatus),
  priority: Type.Optional(Priority),
  impact: Type.Optional(Impact),
  urgency: Type.Optional(Urgency),
  priorityReason: Type.Optional(PriorityReason),
  type: Type.Optional(TicketType),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  teamId: Type.Optional(Nullable(Id)),
  assigneeId: Type.Optional(Nullable(Id)),
  customFields: Type.Optional(CustomFields),
  customStatus: Type.Optional(CustomStatusKey),
});
export type CreateTicketBody = Static<typeof CreateTicketBody>;

export const UpdateTicketBody = Type.Object({
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
  status: Type.Optional(TicketStatus),
  priority: Type.Optional(Priority),
  impact: Type.Optional(Nullable(Impact)),
  urgency: Type.Optional(Nullable(Urgency)),
  priorityReason: Type.Optional(PriorityReason),
  type: Type.Optional(TicketType),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  teamId: Type.Optional(Nullable(Id)),
  assigneeId: Type.Optional(Nullable(Id)),
  requesterId: Type.Optional(Id),
  customFields: Type.Optional(CustomFields),
  customStatus: Type.Optional(Nullable(CustomStatusKey)),
});
export type UpdateTicketBody = Static<typeof UpdateTicketBody>;

export const AddMessageBody = Type.Composite([
  MessageBody,
  Type.Object({
    internal: Type.Optional(Type.Boolean({ description: 'An internal note: never shown to the customer' })),
    author: Type.Optional(
      Type.Union([Type.Literal('agent'), Type.Literal('requester')], {
        description: 'requester logs a customer message received elsewhere (e.g. a phone call)',
      }),
    ),
    status: Type.Optional(TicketStatus),
    timeSpentSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 86_400, description: 'Work time on this reply, note or logged call (the composer fills it in): handle time' }),
    ),
  }),
]);
export type AddMessageBody = Static<typeof AddMessageBody>;

export const Attachment = Type.Object({
  id: Id,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  contentId: Nullable(Type.String()),
  inline: Type.Boolean(),
});

export const Message = Type.Object({
  id: Id,
  ticketId: Id,
  authorType: Type.Union([Type.Literal('staff'), Type.Literal('contact'), Type.Literal('system')]),
  authorId: Nullable(Id),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  internal: Type.Boolean(),
  channel: Channel,
  text: Type.String(),
  html: Nullable(Type.String()),
  deliveryStatus: Nullable(Type.String()),
  timeSpentSeconds: Nullable(Type.Integer({ description: 'Work time recorded with the message' })),
  attachments: Type.Array(Attachment),
  createdAt: Timestamp,
});
export type Message = Static<typeof Message>;

export const TicketEvent = Type.Object({
  id: Id,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  field: Type.String(),
  oldValue: Nullable(Type.String()),
  newValue: Nullable(Type.String()),
  note: Nullable(Type.String({ description: "Why: a priority override's or an escalation's reason" })),
  createdAt: Timestamp,
});
export type TicketEvent = Static<typeof TicketEvent>;

const csv = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 500, description }));

export const ListTicketsQuery = Type.Object({
  ...PageQuery,
  status: csv('One or more statuses, comma-separated'),
  priority: csv('One or more priorities, comma-separated'),
  type: csv('One or more types, comma-separated'),
  assigneeId: Type.Optional(Type.String({ maxLength: 64, description: 'A user id, or "none" for unassigned' })),
  teamId: Type.Optional(Type.String({ maxLength: 64, description: 'A team id, or "none"' })),
  tag: Type.Optional(Tag),
  requesterId: Type.Optional(Id),
  organisationId: Type.Optional(Id),
  customStatus: csv('One or more custom status keys, comma-separated'),
  sort: Type.Optional(
    Type.Union(['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'slaDue'].map((s) => Type.Literal(s)), {
      description: 'Sort field; a leading minus means newest first (the default). slaDue: earliest SLA due first, tickets without one last',
    }),
  ),
  slaDueWithin: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 525_600, description: 'Only tickets whose next SLA due time is at most this many minutes away (breached ones included)' }),
  ),
});
export type ListTicketsQuery = Static<typeof ListTicketsQuery>;

/** The filters of ListTicketsQuery, without paging or sorting. */
export const CountTicketsQuery = Type.Omit(ListTicketsQuery, ['limit', 'cursor', 'sort']);
export type CountTicketsQuery = Static<typeof CountTicketsQuery>;

export const TicketCount = Type.Object({
  count: Type.Integer({ description: 'Tickets matching the filters, counted up to 10,000' }),
  capped: Type.Boolean({ description: 'True when more tickets match than were counted' }),
});
export type TicketCount = Static<typeof TicketCount>;
