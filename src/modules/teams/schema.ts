import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Timestamp } from '../../lib/schema.ts';

export const Team = Type.Object({
  id: Id,
  name: Type.String(),
  description: Nullable(Type.String()),
  memberIds: Type.Array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Team = Static<typeof Team>;

export const CreateTeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  memberIds: Type.Optional(Type.Array(Id, { maxItems: 500, uniqueItems: true })),
});
export type CreateTeamBody = Static<typeof CreateTeamBody>;

export const UpdateTeamBody = Type.Partial(CreateTeamBody);
export type UpdateTeamBody = Static<typeof UpdateTeamBody>;
