import { type Static, Type } from '@sinclair/typebox';
import { Id, NullableTimestamp, Timestamp } from '../../lib/schema.ts';
import { User } from '../users/schema.ts';

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const SessionInfo = Type.Object({
  user: User,
  /** Send this back in the X-CSRF-Token header on every unsafe request made with the session cookie. */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const ApiToken = Type.Object({
  id: Id,
  userId: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  createdAt: Timestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});
export type ApiToken = Static<typeof ApiToken>;

export const CreatedApiToken = Type.Composite([
  ApiToken,
  Type.Object({ token: Type.String({ description: 'Shown once: store it now' }) }),
]);

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
