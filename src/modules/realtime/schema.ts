import { type Static, Type } from '@sinclair/typebox';
import type { Notification, Resync } from './notifications.ts';
import type { Viewer } from './presence.ts';

/**
 * The realtime protocol (GET /api/v1/realtime, WebSocket, JSON text frames).
 *
 * Browser → server: where the agent is, sent when it changes and as a heartbeat every ~10 s;
 * `ticketId: null` when no ticket is open.
 */
export const ClientMessage = Type.Object(
  {
    type: Type.Literal('presence'),
    ticketId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
    state: Type.Optional(Type.Union([Type.Literal('viewing'), Type.Literal('replying')])),
  },
  { additionalProperties: false },
);
export type ClientMessage = Static<typeof ClientMessage>;

/** Server → browser: notices (refetch what they name), presence of others on the watched ticket. */
export type ServerMessage =
  | { type: 'ready'; userId: string }
  | Notification
  | Resync
  | { type: 'presence'; ticketId: string; viewers: Viewer[] };

export type { Notification, Viewer };

/** Close codes the browser acts on (4000–4999 are the application's). */
export const CLOSE = {
  /** The session ended or expired, or the token was revoked: do not reconnect until signed in. */
  signedOut: 4401,
  /** The socket fell too far behind (its send queue is full): reconnect and refetch. */
  tooSlow: 4408,
  /** The client broke the protocol (e.g. a flood of messages). */
  policy: 1008,
  /** The server is shutting down: reconnect (to another process). */
  goingAway: 1001,
} as const;
