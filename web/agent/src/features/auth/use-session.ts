import { queryOptions, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { fetchSession, type Session } from './api.ts';

export const sessionKeys = { current: ['session'] as const };

export const sessionQuery = queryOptions({ queryKey: sessionKeys.current, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY });

/** The signed-in user; only used below the signed-in layout, which guarantees a session. */
export function useSession(): Session {
  const { data } = useSuspenseQuery(sessionQuery);
  if (!data) throw new Error('useSession is used outside the signed-in area');
  return data;
}

export function useSetSession() {
  const queryClient = useQueryClient();
  return (session: Session | null) => queryClient.setQueryData(sessionKeys.current, session);
}
