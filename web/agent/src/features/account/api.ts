import type { ChangePasswordBody, PasswordChanged, UpdatedUser } from '@server/modules/users/schema.ts';
import type { Static } from '@sinclair/typebox';
import { api } from '../../lib/api-client.ts';

export type PasswordChangedAnswer = Static<typeof PasswordChanged>;

/** Changes the signed-in user's own password; their other sessions end. */
export const changeOwnPassword = (body: ChangePasswordBody) => api.post<PasswordChangedAnswer>('/api/v1/me/password', body);

/** An admin sets another user's password; that user is signed out everywhere and loses their API tokens. */
export const resetPassword = (userId: string, password: string) =>
  api.patch<UpdatedUser>(`/api/v1/users/${encodeURIComponent(userId)}`, { password });
