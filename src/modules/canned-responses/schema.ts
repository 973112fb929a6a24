import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, PageQuery, Timestamp } from '../../lib/schema.ts';

export const CannedResponseScope = Type.Union([Type.Literal('shared'), Type.Literal('team'), Type.Literal('personal')], {
  description: 'shared: everyone in the workspace; team: the members of teamId; personal: only its owner',
});
export type CannedResponseScope = Static<typeof CannedResponseScope>;

const Shortcut = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-z0-9][a-z0-9_-]*$',
  description: 'Lowercase letters, digits, - and _; unique among the live responses of the workspace',
});

export const CannedResponse = Type.Object({
  id: Id,
  title: Type.String(),
  body: Type.String({ description: 'Plain text with {{variables}}, e.g. {{customer.first_name}}' }),
  shortcut: Nullable(Type.String()),
  scope: CannedResponseScope,
  teamId: Nullable(Id),
  ownerUserId: Nullable(Id),
  createdBy: Nullable(Id),
  usageCount: Type.Integer(),
  archived: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CannedResponse = Static<typeof CannedResponse>;

export const CreateCannedResponseBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    shortcut: Type.Optional(Nullable(Shortcut)),
    scope: Type.Optional(CannedResponseScope),
    teamId: Type.Optional(Nullable(Id)),
  },
  { description: 'scope defaults to personal; team needs teamId; shared and team need a supervisor or an admin' },
);
export type CreateCannedResponseBody = Static<typeof CreateCannedResponseBody>;

export const UpdateCannedResponseBody = Type.Partial(CreateCannedResponseBody);
export type UpdateCannedResponseBody = Static<typeof UpdateCannedResponseBody>;

export const ListCannedResponsesQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Title, shortcut or text contains (any case)' })),
  view: Type.Optional(
    Type.Union([Type.Literal('use'), Type.Literal('manage')], {
      description:
        'use (default): what the caller may insert — shared, their teams’ and their own; manage: what the caller may edit — their own, plus shared and every team’s for supervisors and admins',
    }),
  ),
});
export type ListCannedResponsesQuery = Static<typeof ListCannedResponsesQuery>;

export const RenderParams = Type.Object({ ticketId: Id, id: Id });
export const RenderedCannedResponse = Type.Object({ text: Type.String() });
export type RenderedCannedResponse = Static<typeof RenderedCannedResponse>;
