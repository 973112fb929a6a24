import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, NullableTimestamp, Timestamp } from '../../lib/schema.ts';

export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('supervisor'),
  Type.Literal('agent'),
  Type.Literal('read-only'),
]);

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  isActive: Type.Boolean(),
  isSenior: Type.Boolean({ description: 'A senior agent: every shift should have at least two (the schedule warns)' }),
  teamIds: Type.Array(Id),
  createdAt: Timestamp,
  lastLoginAt: NullableTimestamp,
});
export type User = Static<typeof User>;

export const Password = Type.String({ minLength: 10, maxLength: 200 });

export const CreateUserBody = Type.Object({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 120 }),
  role: Role,
  isSenior: Type.Optional(Type.Boolean({ description: 'Default false' })),
  password: Type.Optional(Password),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  role: Type.Optional(Role),
  isActive: Type.Optional(Type.Boolean()),
  isSenior: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** A changed user, and what the change did beyond the fields (a password reset signs the user out). */
export const UpdatedUser = Type.Composite([User, Type.Object({ warnings: Type.Array(Type.String()) })]);
export type UpdatedUser = Static<typeof UpdatedUser>;

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Password,
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const PasswordChanged = Type.Object({
  /** The user's other sessions that were signed out (the one that asked stays signed in). */
  sessionsEnded: Type.Integer(),
  message: Type.String(),
});
