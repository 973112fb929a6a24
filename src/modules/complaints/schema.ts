import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';

export const ComplaintStepSchema = Type.Union(['acknowledge', 'investigate', 'resolve', 'record', 'improve'].map((s) => Type.Literal(s)), {
  description: 'acknowledge → investigate → resolve → record → improve',
});

export const ROOT_CAUSE_METHODS = ['5-whys', 'fishbone', 'other'] as const;
/** Fishbone (Ishikawa) cause categories, in service terms. */
export const ROOT_CAUSE_CATEGORIES = ['people', 'process', 'policy', 'technology', 'materials', 'measurement', 'environment'] as const;

const Text = (maxLength: number) => Nullable(Type.String({ minLength: 1, maxLength }));

export const Complaint = Type.Object({
  ticketId: Id,
  category: Nullable(Type.String()),
  step: Nullable(Type.String({ description: 'The last completed step; null until the complaint is acknowledged' })),
  nextStep: Nullable(Type.String({ description: 'The step to do next; null when all are done' })),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      at: Timestamp,
      by: Nullable(Id),
      skipped: Type.Boolean(),
      reason: Nullable(Type.String()),
    }),
    { description: 'Completed and skipped steps, oldest first' },
  ),
  acknowledgedAt: NullableTimestamp,
  rootCause: Nullable(Type.String()),
  rootCauseMethod: Nullable(Type.String()),
  rootCauseCategory: Nullable(Type.String()),
  whys: Type.Array(Type.String(), { description: 'The answers of a 5-whys analysis, in order' }),
  remedyOffered: Nullable(Type.String({ description: 'Service recovery: the apology and tangible remedy offered' })),
  followUpAt: NullableTimestamp,
  satisfactionConfirmedAt: NullableTimestamp,
  correctiveAction: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Complaint = Static<typeof Complaint>;

export const UpdateComplaintBody = Type.Object({
  step: Type.Optional(ComplaintStepSchema),
  skipReason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Required when step skips steps' })),
  category: Type.Optional(Text(100)),
  rootCause: Type.Optional(Text(5000)),
  rootCauseMethod: Type.Optional(Nullable(Type.Union(ROOT_CAUSE_METHODS.map((m) => Type.Literal(m))))),
  rootCauseCategory: Type.Optional(Nullable(Type.Union(ROOT_CAUSE_CATEGORIES.map((c) => Type.Literal(c)), { description: 'Fishbone category of the root cause' }))),
  whys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 5 })),
  remedyOffered: Type.Optional(Text(2000)),
  followUpAt: Type.Optional(NullableTimestamp),
  satisfactionConfirmed: Type.Optional(Type.Boolean({ description: 'true stamps now as the moment the customer confirmed satisfaction; false clears it' })),
  correctiveAction: Type.Optional(Text(5000)),
});
export type UpdateComplaintBody = Static<typeof UpdateComplaintBody>;

const csv = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }));

export const ListComplaintsQuery = Type.Object({
  ...PageQuery,
  step: csv('Last completed steps, comma-separated; "none" for not yet acknowledged'),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export type ListComplaintsQuery = Static<typeof ListComplaintsQuery>;
