import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, PageQuery, Timestamp } from '../../lib/schema.ts';

export const RetentionMode = Type.Union([Type.Literal('anonymise'), Type.Literal('delete')], {
  description:
    'anonymise (default): old tickets keep a skeleton without text or personal data (figures and drill-downs still find them) until the summary horizon; delete: old tickets go at once',
});
export type RetentionMode = Static<typeof RetentionMode>;

/** The workspace's retention policy (settings.retention); defaults in rules.ts. */
export const RetentionSettings = Type.Object(
  {
    rawMonths: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1200,
        description: 'Raw interaction data (message bodies, attachments, survey comments, personal data of inactive contacts) is removed this many months after its last activity; default 24',
      }),
    ),
    summaryMonths: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1200, description: 'The daily summaries reports read are kept this many months, at least rawMonths; default 60' }),
    ),
    mode: Type.Optional(RetentionMode),
  },
  { additionalProperties: false },
);
export type RetentionSettings = Static<typeof RetentionSettings>;

export const HoldTargetType = Type.Union([Type.Literal('ticket'), Type.Literal('contact'), Type.Literal('organisation')]);
export type HoldTargetType = Static<typeof HoldTargetType>;

export const LegalHold = Type.Object({
  targetType: HoldTargetType,
  targetId: Id,
  reason: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type LegalHold = Static<typeof LegalHold>;

export const HoldParams = Type.Object({ targetType: HoldTargetType, targetId: Id });
export const SetHoldBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why the record must be kept, e.g. a case or matter reference' }) },
  { additionalProperties: false },
);
export type SetHoldBody = Static<typeof SetHoldBody>;
export const ListHoldsQuery = Type.Object({ ...PageQuery, targetType: Type.Optional(HoldTargetType) });

/** What a retention run removed (or, as a dry run, would remove). */
export const RetentionTotals = Type.Object({
  ticketsDeleted: Type.Integer(),
  ticketsAnonymised: Type.Integer(),
  /** Tickets past the raw horizon kept because of a legal hold (on them, their requester or organisation). */
  ticketsHeld: Type.Integer(),
  messages: Type.Integer({ description: 'Message bodies removed (with their tickets, or blanked)' }),
  attachments: Type.Integer(),
  attachmentBytes: Type.Integer(),
  surveyComments: Type.Integer({ description: 'CSAT and NPS comments removed' }),
  npsAnswers: Type.Integer({ description: 'NPS answers past the summary horizon removed' }),
  contactsDeleted: Type.Integer(),
  contactsAnonymised: Type.Integer(),
  contactsHeld: Type.Integer(),
  storedEmails: Type.Integer({ description: 'Received emails (raw MIME) removed' }),
  events: Type.Integer({ description: 'Delivered domain events removed from the outbox' }),
  summaryRows: Type.Integer({ description: 'Rollup and volume rows older than the summary horizon removed' }),
});
export type RetentionTotals = Static<typeof RetentionTotals>;

export const RetentionStatus = Type.Object({
  policy: Type.Object({ rawMonths: Type.Integer(), summaryMonths: Type.Integer(), mode: RetentionMode }),
  horizon: Type.Object({ rawDataRemovedBefore: Nullable(Type.String()), summariesRemovedBefore: Nullable(Type.String()) }),
  lastRun: Nullable(
    Type.Object({
      mode: RetentionMode,
      rawBefore: Timestamp,
      summaryBefore: Timestamp,
      phase: Type.String(),
      startedAt: Timestamp,
      finishedAt: Nullable(Timestamp),
      totals: RetentionTotals,
    }),
  ),
});
export type RetentionStatus = Static<typeof RetentionStatus>;
