import type { Static } from '@sinclair/typebox';
import type { LoginBody, SessionInfo } from '@server/modules/auth/schema.ts';
import { ApiError, api, setCsrfToken } from '../../lib/api-client.ts';

export type Session = Static<typeof SessionInfo>;

/** The signed-in user, or null when there is no session (or it expired). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/v1/auth/session', { expectUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(body: LoginBody): Promise<Session> {
  const session = await api.post<Session>('/api/v1/auth/login', body, { expectUnauthenticated: true });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut() {
  await api.post<null>('/api/v1/auth/logout', undefined, { expectUnauthenticated: true });
  setCsrfToken(null);
}
