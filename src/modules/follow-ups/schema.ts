import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';

export const FollowUpStatus = Type.Union([Type.Literal('open'), Type.Literal('done')]);
export type FollowUpStatus = Static<typeof FollowUpStatus>;

const Person = Type.Object({ id: Id, name: Type.String() });

export const FollowUp = Type.Object({
  id: Id,
  status: FollowUpStatus,
  ticket: Type.Object({ id: Id, number: Type.Integer(), subject: Type.String() }),
  customer: Person,
  surveyId: Id,
  /** The CSAT score that opened it (1 or 2). */
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  /** The survey's answer as it stands now: the customer may have changed it. */
  reason: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  owner: Nullable(Person),
  ownerSource: Type.Union([Type.Literal('account-manager'), Type.Literal('team-supervisor'), Type.Literal('none'), Type.Literal('reassigned')], {
    description: 'Why this owner: the organisation’s account manager, a supervisor of the ticket’s team, nobody found, or set by hand',
  }),
  dueAt: Timestamp,
  isOverdue: Type.Boolean(),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
  closedBy: Nullable(Id),
  changeNote: Nullable(Type.String()),
});
export type FollowUp = Static<typeof FollowUp>;

export const ListFollowUpsQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')], { description: 'Default open' })),
  ownerId: Type.Optional(Id),
});
export type ListFollowUpsQuery = Static<typeof ListFollowUpsQuery>;

export const UpdateFollowUpBody = Type.Object(
  {
    ownerId: Type.Optional(Nullable(Id)),
    status: Type.Optional(Type.Literal('done')),
    changeNote: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'What we changed: required to close' })),
    notifyCustomer: Type.Optional(Type.Boolean({ description: 'Also send the note to the customer as a reply (email tickets: by email)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFollowUpBody = Static<typeof UpdateFollowUpBody>;
