import { useEffect } from 'react';
import { REPLYING_IDLE_MS } from './backoff.ts';
import { useRealtime } from './RealtimeProvider.tsx';

/** Announces that this ticket is on screen; returns the others who have it open. */
export function useTicketPresence(ticketId: string) {
  const realtime = useRealtime();
  const watch = realtime?.watch;
  useEffect(() => watch?.(ticketId), [watch, ticketId]);
  return realtime?.presence?.ticketId === ticketId ? realtime.presence.viewers : [];
}

/**
 * Reports "replying" while the composer holds a draft typed in the last 20 s, so the others on
 * the ticket see it before two answers go out. Without the realtime provider it does nothing.
 */
export function useReportReplying(ticketId: string, draft: string) {
  const setReplying = useRealtime()?.setReplying;
  const hasText = draft.trim() !== '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: every keystroke (draft) restarts the idle timer.
  useEffect(() => {
    if (!setReplying) return;
    if (!hasText) {
      setReplying(ticketId, false);
      return;
    }
    setReplying(ticketId, true);
    const idle = setTimeout(() => setReplying(ticketId, false), REPLYING_IDLE_MS);
    return () => clearTimeout(idle);
  }, [setReplying, ticketId, hasText, draft]);
  useEffect(() => () => setReplying?.(ticketId, false), [setReplying, ticketId]);
}
