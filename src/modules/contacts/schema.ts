import { type Static, Type } from '@sinclair/typebox';
import { Attributes, Email, Id, Nullable, PageQuery, Tier, Timestamp } from '../../lib/schema.ts';
import { Channel, TicketStatus } from '../tickets/schema.ts';

export const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()./-]+$' });

export const Consent = Type.Object(
  {
    email: Type.Optional(Type.Boolean({ description: 'May receive service email' })),
    sms: Type.Optional(Type.Boolean()),
    phone: Type.Optional(Type.Boolean()),
    marketing: Type.Optional(Type.Boolean({ description: 'May receive marketing messages' })),
    surveys: Type.Optional(Type.Boolean({ description: 'May be asked for feedback (CSAT, NPS)' })),
  },
  { additionalProperties: false },
);

export const Contact = Type.Object({
  id: Id,
  name: Type.String(),
  emails: Type.Array(Type.String()),
  phones: Type.Array(Type.String()),
  tier: Tier,
  organisationId: Nullable(Id),
  language: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  consent: Consent,
  attributes: Attributes,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = Static<typeof Contact>;

export const CreateContactBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  emails: Type.Optional(Type.Array(Email, { maxItems: 20 })),
  phones: Type.Optional(Type.Array(Phone, { maxItems: 20 })),
  tier: Type.Optional(Tier),
  organisationId: Type.Optional(Nullable(Id)),
  language: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 16 }))),
  timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  consent: Type.Optional(Consent),
  attributes: Type.Optional(Attributes),
});
export type CreateContactBody = Static<typeof CreateContactBody>;

export const UpdateContactBody = Type.Partial(CreateContactBody);
export type UpdateContactBody = Static<typeof UpdateContactBody>;

export const ListContactsQuery = Type.Object({
  ...PageQuery,
  organisationId: Type.Optional(Id),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  tier: Type.Optional(Tier),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Name or email: every word is a case-insensitive prefix of a word of the name or of an email address',
    }),
  ),
});
export type ListContactsQuery = Static<typeof ListContactsQuery>;

export const TimelineQuery = Type.Object({ ...PageQuery });
export type TimelineQuery = Static<typeof TimelineQuery>;

/** One interaction with the contact: a public message on one of the tickets they asked. */
export const MessageTimelineEntry = Type.Object({
  id: Id,
  kind: Type.Literal('message'),
  ticket: Type.Object({ id: Id, number: Type.Integer(), subject: Type.String(), channel: Channel, status: TicketStatus }),
  channel: Channel,
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  author: Type.Object({
    type: Type.Union([Type.Literal('staff'), Type.Literal('contact'), Type.Literal('system')]),
    id: Nullable(Id),
    name: Nullable(Type.String()),
  }),
  excerpt: Type.String({ description: 'The start of the message text, whitespace collapsed' }),
  createdAt: Timestamp,
});

/**
 * A follow-up closed with a "what we changed" note: after an NPS detractor, or after a low CSAT
 * when the note stayed internal (a note sent as a reply is on the timeline as that message).
 */
export const FollowUpTimelineEntry = Type.Object({
  id: Id,
  kind: Type.Literal('follow-up'),
  followUp: Type.Object({ kind: Type.Union([Type.Literal('csat'), Type.Literal('nps')]), score: Type.Integer({ minimum: 0, maximum: 10 }) }),
  /** The ticket of a CSAT follow-up; null for NPS. */
  ticket: Nullable(Type.Object({ id: Id, number: Type.Integer(), subject: Type.String() })),
  author: Type.Object({ type: Type.Literal('staff'), id: Nullable(Id), name: Nullable(Type.String()) }),
  notifiedCustomer: Type.Boolean({ description: 'The note was sent to the customer' }),
  excerpt: Type.String({ description: 'The start of the note, whitespace collapsed' }),
  createdAt: Timestamp,
});

export const TimelineEntry = Type.Union([MessageTimelineEntry, FollowUpTimelineEntry]);
export type TimelineEntry = Static<typeof TimelineEntry>;
export type MessageTimelineEntry = Static<typeof MessageTimelineEntry>;
