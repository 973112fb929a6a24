import type { ClientMessage, ServerMessage, Viewer } from '@server/modules/realtime/schema.ts';
import { HEARTBEAT_MS, reconnectDelay } from './backoff.ts';

export type { ServerMessage, Viewer };
export type ConnectionStatus = 'connecting' | 'live' | 'down' | 'signed-out';
type PresenceState = NonNullable<ClientMessage['state']>;

/** Close codes the server uses (src/modules/realtime/schema.ts). */
const SIGNED_OUT = 4401;

export interface RealtimeClientOptions {
  url: string;
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
  /** Called when the socket (re)opens after having been down: what happened meanwhile was missed. */
  onReconnected(): void;
}

/**
 * One WebSocket for the whole app: reconnects with backoff, tells the server which ticket is open
 * (and whether a reply is being written) when that changes and every 10 s.
 */
export function createRealtimeClient(options: RealtimeClientOptions) {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let wasOpen = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let presence: { ticketId: string | null; state: PresenceState } = { ticketId: null, state: 'viewing' };

  function sendPresence() {
    if (socket?.readyState !== WebSocket.OPEN) return;
    const message: ClientMessage = { type: 'presence', ticketId: presence.ticketId, state: presence.state };
    socket.send(JSON.stringify(message));
  }

  function scheduleReconnect() {
    if (stopped) return;
    attempt += 1;
    retryTimer = setTimeout(open, reconnectDelay(attempt));
  }

  function open() {
    if (stopped) return;
    options.onStatus(attempt === 0 && !wasOpen ? 'connecting' : 'down');
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'ready') {
        const reconnected = wasOpen;
        attempt = 0;
        wasOpen = true;
        options.onStatus('live');
        sendPresence();
        if (reconnected) options.onReconnected();
        return;
      }
      options.onMessage(message);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      if (event.code === SIGNED_OUT) {
        options.onStatus('signed-out');
        return;
      }
      options.onStatus('down');
      scheduleReconnect();
    };
  }

  open();
  heartbeat = setInterval(sendPresence, HEARTBEAT_MS);

  return {
    /** Which ticket this tab shows (null: none) and whether the agent is writing a reply on it. */
    setPresence(ticketId: string | null, state: PresenceState) {
      if (presence.ticketId === ticketId && presence.state === state) return;
      presence = { ticketId, state };
      sendPresence();
    },
    get presence() {
      return presence;
    },
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      heartbeat = undefined;
      socket?.close(1000, 'bye');
      socket = null;
    },
  };
}

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;
