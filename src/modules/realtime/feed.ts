import { Value } from '@sinclair/typebox/value';
import type { WebSocket } from 'ws';
import type { Db } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { eventLog } from '../outbox/service.ts';
import { planBatch, toNotifications, type Notification } from './notifications.ts';
import { type PresenceRow, type PresenceState, presenceChange } from './presence.ts';
import { deletePresence, listPresence, purgeExpiredPresence, upsertPresence } from './repo.ts';
import { CLOSE, ClientMessage, type ServerMessage } from './schema.ts';
import { createTail, type Tail } from './tail.ts';

/**
 * The realtime feed of one process. Each process tails the outbox table itself (the dispatcher
 * hands every event to one process only, and a socket may be connected to any of them) and
 * pushes small notices to the sockets connected to it; presence goes through the
 * ticket_presence table, which every process reads, so it works across processes too.
 */
export interface RealtimeFeedOptions {
  db: Db;
  clock: Clock;
  auth: {
    authenticateSession(token: string): Promise<Actor | undefined>;
    authenticateToken(token: string): Promise<Actor | undefined>;
  };
  /** Checks that a ticket exists in the actor's workspace before presence is recorded on it. */
  tickets: { get(actor: Actor, id: string): Promise<unknown> };
  users: { get(actor: Actor, id: string): Promise<{ name: string }> };
  logger?: { error(object: unknown, message: string): void; warn(object: unknown, message: string): void };
  /** How often the outbox and presence are read. */
  pollMs?: number;
  /** A presence row lives this long after its last heartbeat (browsers send one every 10 s). */
  presenceTtlMs?: number;
  /** How often credentials are checked again, sockets pinged and expired presence swept. */
  sweepMs?: number;
  maxSocketsPerUser?: number;
  /** A socket whose unsent data passes this is closed (it reconnects and refetches). */
  maxBufferedBytes?: number;
  /** Past this many notices in one poll a socket gets one `resync` instead. */
  maxNoticesPerPoll?: number;
  batchSize?: number;
}

export interface Credential {
  kind: 'session' | 'token';
  secret: string;
}

interface Connection {
  id: string;
  socket: WebSocket;
  actor: Actor;
  credential: Credential;
  userName: string;
  ticketId: string | null;
  state: PresenceState;
  /** What the socket was last told about presence (see presence.ts). */
  presenceKey: string;
  alive: boolean;
  /** The socket closed (possibly before it was set up). */
  gone: boolean;
  /** The presence message waiting to be applied (later ones replace it). */
  pending: { ticketId: string | null; state: PresenceState } | null;
  /** Messages received in the current rate window. */
  messages: number;
  windowStart: number;
  /** Messages of one socket are handled one after the other. */
  work: Promise<unknown>;
}

const MESSAGE_WINDOW_MS = 10_000;
const MAX_MESSAGES_PER_WINDOW = 50;

export function createRealtimeFeed(options: RealtimeFeedOptions) {
  const { db, clock } = options;
  const pollMs = options.pollMs ?? 500;
  const presenceTtlMs = options.presenceTtlMs ?? 30_000;
  const sweepMs = options.sweepMs ?? 15_000;
  const maxSocketsPerUser = options.maxSocketsPerUser ?? 8;
  const maxBufferedBytes = options.maxBufferedBytes ?? 512 * 1024;
  const maxNoticesPerPoll = options.maxNoticesPerPoll ?? 100;
  const batchSize = options.batchSize ?? 500;
  const connections = new Map<string, Connection>();
  let tail: Tail | undefined;
  let lastSweep = clock.now().getTime();
  let closed = false;

  const now = () => clock.now().getTime();
  const log = (error: unknown, message: string) => options.logger?.error({ err: error }, message);

  async function ready() {
    tail ??= createTail(await eventLog.lastId(db));
    return tail;
  }

  function send(connection: Connection, message: ServerMessage) {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      socket.close(CLOSE.tooSlow, 'too slow');
      return;
    }
    socket.send(JSON.stringify(message));
  }

  const socketsOf = (userId: string) => [...connections.values()].filter((c) => c.actor.userId === userId).length;

  async function setPresence(connection: Connection, ticketId: string | null, state: PresenceState) {
    if (ticketId !== null && ticketId !== connection.ticketId) {
      const visible = await options.tickets.get(connection.actor, ticketId).then(
        () => true,
        () => false,
      );
      if (!visible) ticketId = null;
    }
    if (closed || connection.gone || !connections.has(connection.id)) return;
    connection.ticketId = ticketId;
    connection.state = state;
    const at = now();
    if (ticketId === null) await deletePresence(db, connection.actor.workspaceId, connection.id);
    else
      await upsertPresence(db, {
        connectionId: connection.id,
        workspaceId: connection.actor.workspaceId,
        ticketId,
        userId: connection.actor.userId,
        userName: connection.userName,
        state,
        now: at,
        expiresAt: at + presenceTtlMs,
      });
    loop.nudge();
  }

  function handleMessage(connection: Connection, data: unknown) {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (!Value.Check(ClientMessage, message)) return;
    // A browser sends one every 10 s plus one per change; a flood is cut off (monotonic time: this
    // guards the process, it is not domain time).
    const at = performance.now();
    if (at - connection.windowStart > MESSAGE_WINDOW_MS) {
      connection.windowStart = at;
      connection.messages = 0;
    }
    if (++connection.messages > MAX_MESSAGES_PER_WINDOW) {
      connection.socket.close(CLOSE.policy, 'too many messages');
      return;
    }
    // Only the latest wish counts: while one is queued, later messages replace it.
    const queued = connection.pending !== null;
    connection.pending = { ticketId: message.ticketId, state: message.state ?? 'viewing' };
    if (queued) return;
    connection.work = connection.work
      .then(() => {
        const next = connection.pending;
        connection.pending = null;
        return next && setPresence(connection, next.ticketId, next.state);
      })
      .catch((error) => log(error, 'realtime presence failed'));
  }

  function disconnect(connection: Connection) {
    if (!connections.delete(connection.id) || closed) return;
    connection.work = connection.work
      .then(() => deletePresence(db, connection.actor.workspaceId, connection.id))
      .catch((error) => log(error, 'realtime presence cleanup failed'));
  }

  /** Takes over an upgraded socket: listens at once, so no early message is lost. */
  function connect(socket: WebSocket, actor: Actor, credential: Credential) {
    const connection: Connection = {
      id: newId(),
      socket,
      actor,
      credential,
      userName: '',
      ticketId: null,
      state: 'viewing',
      presenceKey: '',
      alive: true,
      gone: false,
      pending: null,
      messages: 0,
      windowStart: performance.now(),
      work: Promise.resolve(),
    };
    connection.work = (async () => {
      await ready();
      connection.userName = (await options.users.get(actor, actor.userId)).name;
      if (connection.gone) return;
      if (closed) {
        socket.close(CLOSE.goingAway, 'server shutting down');
        return;
      }
      connections.set(connection.id, connection);
      send(connection, { type: 'ready', userId: actor.userId });
    })().catch((error) => {
      log(error, 'realtime connection failed');
      socket.close(1011, 'unavailable');
    });
    socket.on('message', (data) => handleMessage(connection, data));
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('close', () => {
      connection.gone = true;
      disconnect(connection);
    });
    return connection;
  }

  function deliverEvents(rows: Array<{ workspace_id: string; type: string; payload: string }>) {
    const byWorkspace = new Map<string, Notification[]>();
    for (const row of rows) {
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(row.payload);
      } catch {
        continue;
      }
      const notices = toNotifications({ type: row.type, payload });
      if (notices.length) byWorkspace.set(row.workspace_id, [...(byWorkspace.get(row.workspace_id) ?? []), ...notices]);
    }
    for (const connection of connections.values()) {
      const notices = byWorkspace.get(connection.actor.workspaceId);
      if (notices) for (const message of planBatch(notices, maxNoticesPerPoll)) send(connection, message);
    }
  }

  async function pushPresence(at: number) {
    const watched = new Map<string, Set<string>>();
    for (const connection of connections.values()) {
      if (connection.ticketId === null) continue;
      const tickets = watched.get(connection.actor.workspaceId) ?? new Set<string>();
      tickets.add(connection.ticketId);
      watched.set(connection.actor.workspaceId, tickets);
    }
    const rows = new Map<string, PresenceRow[]>();
    for (const [workspaceId, tickets] of watched) rows.set(workspaceId, await listPresence(db, workspaceId, [...tickets], at));
    for (const connection of connections.values()) {
      if (connection.ticketId === null && connection.presenceKey === '') continue;
      const change = presenceChange(
        connection.ticketId,
        connection.presenceKey,
        rows.get(connection.actor.workspaceId) ?? [],
        connection.actor.userId,
        at,
      );
      connection.presenceKey = change.key;
      if (change.message) send(connection, change.message);
    }
  }

  /** Signed out, expired or revoked credentials close their sockets; dead sockets are dropped. */
  async function sweep(at: number) {
    lastSweep = at;
    for (const connection of [...connections.values()]) {
      const { kind, secret } = connection.credential;
      const actor = await (kind === 'session' ? options.auth.authenticateSession(secret) : options.auth.authenticateToken(secret)).catch(
        () => undefined,
      );
      if (!actor || actor.userId !== connection.actor.userId) {
        connection.socket.close(CLOSE.signedOut, 'signed out');
        disconnect(connection);
        continue;
      }
      connection.actor = { ...connection.actor, role: actor.role };
      if (!connection.alive) {
        connection.socket.terminate();
        disconnect(connection);
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
    await purgeExpiredPresence(db, at);
  }

  /** One poll: new events to their workspace's sockets, presence changes, and now and then a sweep. */
  async function runOnce(): Promise<number> {
    if (closed) return 0;
    const current = await ready();
    const at = now();
    if (connections.size === 0) {
      // Nobody listens: keep up with the log without reading it.
      current.reset(await eventLog.lastId(db));
      return 0;
    }
    const after = await eventLog.after(db, current.cursor, batchSize);
    const filled = await eventLog.byIds(db, current.missing());
    deliverEvents(current.accept(after, filled, at));
    await pushPresence(at);
    if (at - lastSweep >= sweepMs) await sweep(at);
    return after.length === batchSize ? after.length : 0;
  }

  const loop = createPollingLoop({ name: 'realtime feed', runOnce, intervalMs: pollMs, runAtStart: true, logger: options.logger });

  return {
    connect,
    ready,
    runOnce,
    drain: loop.drain,
    start: loop.start,
    nudge: loop.nudge,
    /** Whether this user may open another socket on this process. */
    mayConnect: (userId: string) => socketsOf(userId) < maxSocketsPerUser,
    /** Open sockets (for tests and the health of the process). */
    get size() {
      return connections.size;
    },
    /** Closes every socket and removes their presence (the process is shutting down). */
    async stop() {
      await loop.stop();
      if (closed) return;
      closed = true;
      const open = [...connections.values()];
      connections.clear();
      await Promise.all(open.map((c) => c.work.catch(() => {})));
      for (const connection of open) connection.socket.close(CLOSE.goingAway, 'server shutting down');
      await Promise.all(
        open.map((c) => deletePresence(db, c.actor.workspaceId, c.id).catch((error) => log(error, 'realtime presence cleanup failed'))),
      );
    },
  };
}

export type RealtimeFeed = ReturnType<typeof createRealtimeFeed>;
