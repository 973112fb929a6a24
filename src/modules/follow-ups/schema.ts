import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';

export const FollowUpStatus = Type.Union([Type.Literal('open'), Type.Literal('done')]);
export type FollowUpStatus = Static<typeof FollowUpStatus>;

const Person = Type.Object({ id: Id, name: Type.String() });

export const FollowUpKind = Type.Union([Type.Literal('csat'), Type.Literal('nps')], {
  description: 'csat: a CSAT of 1–2 on a ticket; nps: an NPS detractor (0–6), about the customer rather than a ticket',
});
export type FollowUpKind = Static<typeof FollowUpKind>;

export const FollowUp = Type.Object({
  id: Id,
  kind: FollowUpKind,
  status: FollowUpStatus,
  /** The ticket a CSAT follow-up is about; null for an NPS one. */
  ticket: Nullable(Type.Object({ id: Id, number: Type.Integer(), subject: Type.String() })),
  customer: Person,
  /** The CSAT survey (csat) or NPS survey (nps) whose answer opened it. */
  surveyId: Id,
  /** The score that opened it: a CSAT of 1–2 (of 5) or an NPS of 0–6 (of 10). */
  score: Type.Integer({ minimum: 0, maximum: 10 }),
  /** The survey's answer as it stands now: the customer may have changed it. */
  reason: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  owner: Nullable(Person),
  ownerSource: Type.Union([Type.Literal('account-manager'), Type.Literal('team-supervisor'), Type.Literal('none'), Type.Literal('reassigned')], {
    description:
      'Why this owner: the organisation’s account manager, a supervisor of the ticket’s team (for NPS: of the ticket the survey went out on), nobody found, or set by hand',
  }),
  dueAt: Timestamp,
  isOverdue: Type.Boolean(),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
  closedBy: Nullable(Id),
  changeNote: Nullable(Type.String()),
  /** The note went to the customer (a reply on the ticket; for NPS an email). */
  notifiedCustomer: Type.Boolean(),
});
export type FollowUp = Static<typeof FollowUp>;

export const ListFollowUpsQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')], { description: 'Default open' })),
  ownerId: Type.Optional(Id),
  kind: Type.Optional(FollowUpKind),
});
export type ListFollowUpsQuery = Static<typeof ListFollowUpsQuery>;

export const UpdateFollowUpBody = Type.Object(
  {
    ownerId: Type.Optional(Nullable(Id)),
    status: Type.Optional(Type.Literal('done')),
    changeNote: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'What we changed: required to close' })),
    notifyCustomer: Type.Optional(
      Type.Boolean({ description: 'Also send the note to the customer: CSAT as a reply on the ticket (email tickets: by email); NPS by email' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFollowUpBody = Static<typeof UpdateFollowUpBody>;
