import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery } from '../../lib/schema.ts';

const Reason = Type.String({ minLength: 1, maxLength: 80 });

/** Months between NPS rounds: divisors of 12, so rounds fall on the same months every year. */
export const NPS_INTERVALS = [1, 2, 3, 4, 6, 12] as const;

export const SurveySettings = Type.Object({
  csatEnabled: Type.Boolean({ description: 'Send a CSAT survey after a ticket is solved; default true' }),
  delayMinutes: Type.Integer({
    minimum: 0,
    maximum: 30 * 24 * 60,
    description: 'Minutes after Solved before the survey is sent; default 1440 (24 h)',
  }),
  cesEnabled: Type.Boolean({ description: 'Ask "How easy was it to get your issue resolved?" (1–7) as a second question; default false' }),
  reasons: Type.Array(Reason, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Reasons offered for a score of 1 or 2' }),
  suppressionDays: Type.Integer({
    minimum: 0,
    maximum: 365,
    description: 'A contact surveyed within this many days is not asked again; default 7',
  }),
  linkBaseUrl: Nullable(
    Type.String({
      maxLength: 200,
      pattern: '^https?://[^\\s/?#]+(?:/[^\\s?#]*)?$',
      description: 'Where survey links point, e.g. https://help.example.com; null: the path only',
    }),
  ),
  npsEnabled: Type.Boolean({ description: 'Send NPS surveys to active contacts on a schedule; default false' }),
  npsIntervalMonths: Type.Union(
    NPS_INTERVALS.map((months) => Type.Literal(months)),
    { description: 'Months between NPS rounds (1, 2, 3, 4, 6 or 12); a round starts on the 1st of such a month, 00:00 UTC; default 3 (quarterly)' },
  ),
  npsSuppressionDays: Type.Integer({
    minimum: 0,
    maximum: 365,
    description: 'A contact sent an NPS survey within this many days is not asked again yet; default 90',
  }),
});
export type SurveySettings = Static<typeof SurveySettings>;

export const UpdateSurveySettingsBody = Type.Partial(SurveySettings, { additionalProperties: false, minProperties: 1 });
export type UpdateSurveySettingsBody = Static<typeof UpdateSurveySettingsBody>;

export const SurveyStatus = Type.Union(
  ['scheduled', 'sent', 'cancelled', 'skipped'].map((status) => Type.Literal(status)),
  {
    description:
      'scheduled (waiting for its time), sent, cancelled (reopened or merged first), skipped (a rule said not to ask: see statusReason)',
  },
);

export const SurveyAnswer = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  ces: Nullable(Type.Integer({ minimum: 1, maximum: 7 })),
  reason: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  answeredAt: Type.String({ format: 'date-time' }),
  changedAt: NullableTimestamp,
});
export type SurveyAnswer = Static<typeof SurveyAnswer>;

export const TicketSurvey = Type.Object({
  id: Id,
  ticketId: Id,
  contactId: Id,
  status: SurveyStatus,
  statusReason: Nullable(Type.String()),
  dueAt: Type.String({ format: 'date-time' }),
  sentAt: NullableTimestamp,
  cesAsked: Type.Boolean(),
  /** Until when the customer may answer or change the answer (28 days after sending). */
  answerableUntil: NullableTimestamp,
  answer: Nullable(SurveyAnswer),
});
export type TicketSurvey = Static<typeof TicketSurvey>;

export const TicketSurveyParams = Type.Object({ id: Id });

export const Feedback = Type.Object({
  surveyId: Id,
  ticketId: Id,
  ticketNumber: Type.Integer(),
  ticketSubject: Type.String(),
  contactId: Id,
  contactName: Type.String(),
  assigneeId: Nullable(Id),
  ...SurveyAnswer.properties,
});
export type Feedback = Static<typeof Feedback>;

export const ListFeedbackQuery = Type.Object({
  ...PageQuery,
  minScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  maxScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  hasComment: Type.Optional(Type.Boolean({ description: 'true: only answers with a comment; false: only those without' })),
});
export type ListFeedbackQuery = Static<typeof ListFeedbackQuery>;

export const SurveyTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 300 }) });

/** What a customer sends (form fields or JSON); checked by `parseAnswer`, which names the field. */
export const AnswerInput = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  ces: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 7 }))),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
  comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type AnswerInput = Static<typeof AnswerInput>;

const LocalDay = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (a local date of the workspace, e.g. 2026-03-01)` });

/** An answered NPS survey: the contact, the score (0–10) and why. */
export const NpsFeedback = Type.Object({
  surveyId: Id,
  contactId: Id,
  contactName: Type.String(),
  organisationId: Nullable(Id),
  score: Type.Integer({ minimum: 0, maximum: 10 }),
  group: Type.Union([Type.Literal('promoter'), Type.Literal('passive'), Type.Literal('detractor')], {
    description: 'promoter 9–10, passive 7–8, detractor 0–6',
  }),
  comment: Nullable(Type.String()),
  sentAt: Type.String({ format: 'date-time' }),
  answeredAt: Type.String({ format: 'date-time' }),
  changedAt: NullableTimestamp,
});
export type NpsFeedback = Static<typeof NpsFeedback>;

export const ListNpsFeedbackQuery = Type.Object({
  ...PageQuery,
  contactId: Type.Optional(Id),
  group: Type.Optional(
    Type.Union([Type.Literal('promoters'), Type.Literal('passives'), Type.Literal('detractors')], { description: 'promoters 9–10, passives 7–8, detractors 0–6' }),
  ),
  hasComment: Type.Optional(Type.Boolean({ description: 'true: only answers with a comment; false: only those without' })),
  from: Type.Optional(LocalDay('Only answers first given on or after this date')),
  to: Type.Optional(LocalDay('Only answers first given on or before this date')),
});
export type ListNpsFeedbackQuery = Static<typeof ListNpsFeedbackQuery>;

/** What a customer sends to an NPS survey (form fields or JSON); checked by `parseNpsAnswer`. */
export const NpsAnswerInput = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 10 }),
  comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

/** An NPS survey as the customer's JSON answer gets it back. */
export const NpsSurvey = Type.Object({
  id: Id,
  contactId: Id,
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('sent'), Type.Literal('skipped')]),
  statusReason: Nullable(Type.String()),
  dueAt: Type.String({ format: 'date-time' }),
  sentAt: NullableTimestamp,
  answerableUntil: NullableTimestamp,
  answer: Nullable(
    Type.Object({
      score: Type.Integer({ minimum: 0, maximum: 10 }),
      comment: Nullable(Type.String()),
      answeredAt: Type.String({ format: 'date-time' }),
      changedAt: NullableTimestamp,
    }),
  ),
});
export type NpsSurvey = Static<typeof NpsSurvey>;
