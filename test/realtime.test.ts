import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.ts';
import type { ServerMessage } from '../src/modules/realtime/schema.ts';
import { buildApp, type RapportApp } from '../src/server/app.ts';
import { bearer } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { eachDialect, TEST_SECRET } from './harness.ts';

// Realtime over real listening servers: two apps on one database stand for two processes, each
// with its own feed tailing the outbox.

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  closed: Promise<number>;
  waitFor<T extends ServerMessage>(predicate: (message: ServerMessage) => message is T, ms?: number): Promise<T>;
  waitFor(predicate: (message: ServerMessage) => boolean, ms?: number): Promise<ServerMessage>;
  send(message: unknown): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: ServerMessage[] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.on('unexpected-response', (request, response) => {
      // With this listener, ending the refused request is ours to do.
      request.destroy();
      reject(Object.assign(new Error(`refused ${response.statusCode}`), { status: response.statusCode }));
    });
    ws.on('error', reject);
    const client: Client = {
      ws,
      messages,
      closed,
      async waitFor(predicate: (message: ServerMessage) => boolean, ms = 8000) {
        const until = Date.now() + ms;
        for (;;) {
          const found = messages.find(predicate);
          if (found) return found;
          if (Date.now() > until) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
          await sleep(20);
        }
      },
      send: (message) => ws.send(JSON.stringify(message)),
    } as Client;
    // Set up: the server says ready once the socket is registered with its feed.
    ws.on('open', () => client.waitFor((m) => m.type === 'ready').then(() => resolve(client), reject));
  });
}

const refusal = (url: string, headers: Record<string, string>) =>
  connect(url, headers).then(
    (client) => {
      client.ws.close();
      return 101;
    },
    (error: Error & { status?: number }) => error.status ?? 0,
  );

eachDialect('realtime', (ctx) => {
  let appA: RapportApp;
  let appB: RapportApp;
  let secondHandle: DatabaseHandle;
  let urlA: string;
  let urlB: string;
  let ws1: Workspace;
  let ws2: Workspace;
  const clients: Client[] = [];
  const open = async (url: string, headers: Record<string, string>) => {
    const client = await connect(url, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const { database, clock } = ctx();
    // Instance B has its own connection (pool) to the same database, as another process would.
    secondHandle = openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, schema: database.schema, poolSize: 3 });
    appA = await buildApp({ database: database.handle, clock, secret: TEST_SECRET });
    appB = await buildApp({ database: secondHandle, clock, secret: TEST_SECRET });
    await appA.listen({ port: 0, host: '127.0.0.1' });
    await appB.listen({ port: 0, host: '127.0.0.1' });
    const port = (app: RapportApp) => (app.server.address() as { port: number }).port;
    urlA = `ws://127.0.0.1:${port(appA)}/api/v1/realtime`;
    urlB = `ws://127.0.0.1:${port(appB)}/api/v1/realtime`;
    appA.realtime.start();
    appB.realtime.start();
    ws1 = await make.workspace(ctx().services);
    ws2 = await make.workspace(ctx().services);
  });

  afterAll(async () => {
    for (const client of clients) client.ws.terminate();
    await appA?.close();
    await appB?.close();
    await secondHandle?.close();
  });

  const createTicket = async (app: RapportApp, token: string, subject: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: bearer(token),
      payload: { subject, channel: 'email', requester: { email: 'casey@example.test', name: 'Casey' }, message: { text: 'Hello' } },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string };
  };

  it('refuses anonymous, badly authenticated and cross-site upgrades, and plain GETs', async () => {
    const { token } = await make.token(ctx().services, ws1, 'agent');
    expect(await refusal(urlA, {})).toBe(401);
    expect(await refusal(urlA, bearer('rpt_not-a-real-token'))).toBe(401);
    expect(await refusal(urlA, { ...bearer(token), origin: 'https://evil.example' })).toBe(403);
    expect(await refusal(urlA, { ...bearer(token), origin: 'null' })).toBe(403);
    expect(await refusal(urlA, { ...bearer(token), origin: new URL(urlA.replace('ws:', 'http:')).origin })).toBe(101);
    const plain = await appA.inject({ method: 'GET', url: '/api/v1/realtime', headers: bearer(token) });
    expect(plain.statusCode).toBe(426);
    expect(plain.headers['content-type']).toContain('application/problem+json');
  });

  it('closes the connection of a refused upgrade (no socket is left open)', async () => {
    const { port } = new URL(urlA);
    for (const path of ['/api/v1/realtime', '/api/v1/tickets']) {
      const socket = tcpConnect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      expect(await Promise.race([ended.then(() => 'closed'), sleep(5000).then(() => 'still open')]), path).toBe('closed');
      expect(answer, path).toMatch(/^HTTP\/1\.1 401/);
      socket.destroy();
    }
  });

  it('refuses a cookie-authenticated socket from another site, accepts it from our own pages, and closes it at sign-out', async () => {
    const { email, password } = await make.user(ctx().services, ws1, 'agent');
    const login = await appA.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect(login.statusCode).toBe(200);
    const setCookie = [login.headers['set-cookie']].flat().find((value) => value?.startsWith('rapport_session='));
    const cookie = String(setCookie).split(';')[0];
    const sameOrigin = new URL(urlA.replace('ws:', 'http:')).origin;
    expect(await refusal(urlA, { cookie, origin: 'https://evil.example' })).toBe(403);
    const client = await open(urlA, { cookie, origin: sameOrigin });
    const logout = await appA.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': login.json().csrfToken },
    });
    expect(logout.statusCode).toBeLessThan(300);
    // Credentials are checked again on the feed's sweep (every 15 s of the clock).
    ctx().clock.advance(16_000);
    expect(await Promise.race([client.closed, sleep(8000).then(() => 0)])).toBe(4401);
  });

  it('sends a new ticket to the sockets of its workspace only, on the same and on another instance', async () => {
    const agent1 = await make.token(ctx().services, ws1, 'agent');
    const reader1 = await make.token(ctx().services, ws1, 'read-only');
    const agent2 = await make.token(ctx().services, ws2, 'agent');
    const sameInstance = await open(urlA, bearer(agent1.token));
    const otherInstance = await open(urlB, bearer(reader1.token));
    const otherWorkspace = await open(urlA, bearer(agent2.token));

    const ticket = await createTicket(appA, agent1.token, 'Printer on fire');
    const isCreated = (message: ServerMessage) => message.type === 'ticket.created' && message.ticketId === ticket.id;
    expect(await sameInstance.waitFor(isCreated)).toEqual({ type: 'ticket.created', ticketId: ticket.id });
    expect(await otherInstance.waitFor(isCreated)).toEqual({ type: 'ticket.created', ticketId: ticket.id });
    // The first message of the ticket is announced too: ids only, never its text.
    const added = await otherInstance.waitFor((m) => m.type === 'message.added' && m.ticketId === ticket.id);
    expect(Object.keys(added).sort()).toEqual(['messageId', 'ticketId', 'type']);

    // The other workspace hears of its own ticket, never of the first.
    const own = await createTicket(appB, agent2.token, 'Another desk');
    await otherWorkspace.waitFor((m) => m.type === 'ticket.created' && m.ticketId === own.id);
    expect(otherWorkspace.messages.some((m) => 'ticketId' in m && m.ticketId === ticket.id)).toBe(false);
    expect(sameInstance.messages.some((m) => 'ticketId' in m && m.ticketId === own.id)).toBe(false);

    // A reply written through instance B reaches the socket on instance A.
    const reply = await appB.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: bearer(agent1.token),
      payload: { text: 'On it' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const replyId = (reply.json() as { id: string }).id;
    await sameInstance.waitFor((m) => m.type === 'message.added' && m.messageId === replyId);
    await sameInstance.waitFor((m) => m.type === 'ticket.updated' && m.ticketId === ticket.id);
  });

  it('shows who else is viewing or replying, across instances, and forgets them on close and on expiry', async () => {
    const ana = await make.token(ctx().services, ws1, 'agent');
    const bo = await make.token(ctx().services, ws1, 'agent');
    const outsider = await make.token(ctx().services, ws2, 'agent');
    const ticket = await createTicket(appA, ana.token, 'Two agents, one ticket');
    const anaSocket = await open(urlA, bearer(ana.token));
    const boSocket = await open(urlB, bearer(bo.token));
    const outsiderSocket = await open(urlB, bearer(outsider.token));

    const viewers = (client: Client, expected: Array<{ name: string; state: string }>) =>
      client.waitFor(
        (m) =>
          m.type === 'presence' &&
          m.ticketId === ticket.id &&
          JSON.stringify(m.viewers.map((v) => ({ name: v.name, state: v.state }))) === JSON.stringify(expected),
      );

    anaSocket.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    await viewers(anaSocket, []);
    boSocket.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    await viewers(boSocket, [{ name: ana.user.name, state: 'viewing' }]);
    await viewers(anaSocket, [{ name: bo.user.name, state: 'viewing' }]);

    boSocket.send({ type: 'presence', ticketId: ticket.id, state: 'replying' });
    await viewers(anaSocket, [{ name: bo.user.name, state: 'replying' }]);

    // Another workspace cannot watch the ticket (it is not found there), so it sees no one.
    outsiderSocket.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    await sleep(1500);
    expect(outsiderSocket.messages.some((m) => m.type === 'presence')).toBe(false);
    expect(anaSocket.messages.filter((m) => m.type === 'presence').at(-1)).toMatchObject({ viewers: [{ name: bo.user.name }] });

    // Closing the socket removes its presence at once.
    anaSocket.messages.length = 0;
    boSocket.ws.close();
    await viewers(anaSocket, []);

    // A connection whose heartbeats stop (its process died) expires after 30 s.
    const boAgain = await open(urlB, bearer(bo.token));
    boAgain.send({ type: 'presence', ticketId: ticket.id, state: 'viewing' });
    await viewers(anaSocket, [{ name: bo.user.name, state: 'viewing' }]);
    anaSocket.messages.length = 0;
    ctx().clock.advance(31_000);
    await viewers(anaSocket, []);
  });

  it('limits the sockets one user may open on a process', async () => {
    const { token } = await make.token(ctx().services, ws1, 'agent');
    for (let i = 0; i < 8; i++) await open(urlA, bearer(token));
    expect(await refusal(urlA, bearer(token))).toBe(429);
    // Another process has its own allowance.
    expect(await refusal(urlB, bearer(token))).toBe(101);

    // A flood of messages is cut off (a browser sends one every 10 s and one per change).
    const flooder = await open(urlB, bearer((await make.token(ctx().services, ws1, 'agent')).token));
    for (let i = 0; i < 60; i++) flooder.send({ type: 'presence', ticketId: null });
    expect(await Promise.race([flooder.closed, sleep(5000).then(() => 0)])).toBe(1008);
  });
});
