import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { reportKeys } from '../reports/report-keys.ts';
import { slaKeys } from '../sla/use-sla.ts';
import { ticketKeys } from '../tickets/use-tickets.ts';
import { type ConnectionStatus, createRealtimeClient, type RealtimeClient, type ServerMessage, type Viewer } from './realtime-client.ts';

interface RealtimeContextValue {
  status: ConnectionStatus;
  /** The others on the ticket this tab shows. */
  presence: { ticketId: string; viewers: Viewer[] } | null;
  /** Marks `ticketId` as the ticket on screen; returns the undo. */
  watch(ticketId: string): () => void;
  setReplying(ticketId: string, replying: boolean): void;
}

const REPORT_REFRESH_DELAY_MS = 2500;

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

export const useRealtime = () => useContext(RealtimeContext);

const realtimeUrl = () => `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/api/v1/realtime`;

/**
 * Notices name what changed; the queries showing it are invalidated and refetch through the API
 * (where role checks live). Bursts are gathered for a moment so five updates make one refetch.
 */
function createInvalidator(queryClient: QueryClient) {
  const keys = new Map<string, readonly unknown[]>();
  let exact = new Set<string>();
  let scheduled = false;
  const add = (key: readonly unknown[], isExact = false) => {
    const id = JSON.stringify(key);
    keys.set(id, key);
    if (isExact) exact.add(id);
  };
  // Report figures come from metric rows the server's projector updates within about a second of a
  // change: they are refetched a little later than the ticket itself, once per burst.
  let reportsScheduled = false;
  const refreshReportsSoon = () => {
    if (reportsScheduled) return;
    reportsScheduled = true;
    setTimeout(() => {
      reportsScheduled = false;
      void queryClient.invalidateQueries({ queryKey: reportKeys.all });
    }, REPORT_REFRESH_DELAY_MS);
  };
  function flush() {
    scheduled = false;
    for (const [id, queryKey] of keys) void queryClient.invalidateQueries({ queryKey, exact: exact.has(id) });
    keys.clear();
    exact = new Set();
  }
  return (message: ServerMessage) => {
    switch (message.type) {
      case 'ticket.created':
        add(ticketKeys.lists());
        add(ticketKeys.counts());
        break;
      case 'ticket.updated':
        add(ticketKeys.detail(message.ticketId), true);
        add(slaKeys.ticket(message.ticketId));
        add(ticketKeys.lists());
        add(ticketKeys.counts());
        break;
      case 'message.added':
        add(ticketKeys.messages(message.ticketId));
        add(ticketKeys.lists());
        break;
      case 'resync':
        add(ticketKeys.all);
        break;
      default:
        return;
    }
    refreshReportsSoon();
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 100);
    }
  };
}

/** Live updates for the signed-in app: one WebSocket, reconnecting on its own. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [presence, setPresence] = useState<RealtimeContextValue['presence']>(null);
  const client = useRef<RealtimeClient | null>(null);
  const watched = useRef<string | null>(null);
  const replyingOn = useRef<string | null>(null);

  const sync = useCallback(() => {
    const ticketId = watched.current;
    client.current?.setPresence(ticketId, ticketId !== null && replyingOn.current === ticketId ? 'replying' : 'viewing');
  }, []);

  useEffect(() => {
    const invalidate = createInvalidator(queryClient);
    const instance = createRealtimeClient({
      url: realtimeUrl(),
      onStatus: (next) => {
        setStatus(next);
        // Who else is on the ticket is unknown while disconnected: show nobody rather than a stale list.
        if (next !== 'live') setPresence(null);
        // The session ended: a refetch answers 401, which takes the app to sign-in.
        if (next === 'signed-out') void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      },
      onReconnected: () => void queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
      onMessage: (message) => {
        if (message.type === 'presence') {
          if (message.ticketId === watched.current) setPresence({ ticketId: message.ticketId, viewers: message.viewers });
          return;
        }
        invalidate(message);
      },
    });
    client.current = instance;
    sync();
    return () => {
      instance.close();
      client.current = null;
    };
  }, [queryClient, sync]);

  const watch = useCallback(
    (ticketId: string) => {
      watched.current = ticketId;
      setPresence((current) => (current?.ticketId === ticketId ? current : null));
      sync();
      return () => {
        if (watched.current !== ticketId) return;
        watched.current = null;
        setPresence(null);
        sync();
      };
    },
    [sync],
  );

  const setReplying = useCallback(
    (ticketId: string, replying: boolean) => {
      if (replying) replyingOn.current = ticketId;
      else if (replyingOn.current === ticketId) replyingOn.current = null;
      sync();
    },
    [sync],
  );

  const value = useMemo<RealtimeContextValue>(() => ({ status, presence, watch, setReplying }), [status, presence, watch, setReplying]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
