import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { buildApp, type RapportApp } from '../src/server/app.ts';
import { make } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

/** A whole HTTP exchange over a raw socket: what is written (optionally in timed pieces), and all the server says. */
function exchange(port: number, pieces: Array<string | number>) {
  return new Promise<{ status: number; contentType: string; body: string; raw: string }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk) => (raw += chunk));
    socket.on('error', () => {}); // the server may cut a slow client off mid-write
    socket.once('close', () => {
      const [head, ...rest] = raw.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (!status) return reject(new Error(`No HTTP answer: ${JSON.stringify(raw.slice(0, 200))}`));
      resolve({ status, contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '', body: rest.join('\r\n\r\n'), raw });
    });
    void (async () => {
      for (const piece of pieces) {
        if (typeof piece === 'number') await new Promise((r) => setTimeout(r, piece));
        else if (!socket.destroyed) socket.write(piece);
      }
    })();
  });
}

const request = (line: string, headers: string[] = [], body = '') =>
  `${line}\r\nHost: localhost\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;

describe('every error answer is problem+json', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-http-'));
  let app: RapportApp;
  let port: number;
  let close = async () => {};

  beforeAll(async () => {
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    app = await buildApp({
      database,
      clock: fixedClock('2026-12-01T10:00:00Z'),
      secret: TEST_SECRET,
      timeouts: { requestTimeoutMs: 1500, headersTimeoutMs: 1000 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    close = async () => {
      await app.close();
      await database.close();
    };
  });
  afterAll(async () => {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cases: Array<[string, Array<string | number>, number, string]> = [
    ['a path segment that is not percent-encoded UTF-8', [request('GET /api/v1/tickets/%ED%A0%80%FF HTTP/1.1')], 400, '/problems/bad-url'],
    // (GET has the web app's catch-all route, so there a long segment is a plain 404.)
    [
      'a 10,000-character path segment',
      [request(`PATCH /api/v1/tickets/${'a'.repeat(10_000)} HTTP/1.1`, ['Content-Length: 0'])],
      414,
      '/problems/uri-too-long',
    ],
    ['a 10,000-character segment on a GET', [request(`GET /api/v1/tickets/${'a'.repeat(10_000)} HTTP/1.1`)], 404, '/problems/not-found'],
    [
      'headers larger than the limit',
      [request('GET /api/health HTTP/1.1', [`X-Padding: ${'p'.repeat(20_000)}`])],
      431,
      '/problems/headers-too-large',
    ],
    ['a request that is not HTTP', ['HELLO THERE\r\n\r\n'], 400, '/problems/malformed-request'],
    ['an unknown route', [request('GET /api/v1/no-such-thing HTTP/1.1')], 404, '/problems/not-found'],
    ['an unknown method', [request('PURGE /api/v1/tickets HTTP/1.1')], 404, '/problems/not-found'],
    [
      'a body that is not JSON',
      [request('POST /api/v1/auth/login HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 5'], '{"a":')],
      400,
      '/problems/malformed-json',
    ],
    [
      'a body of another media type',
      [request('POST /api/v1/auth/login HTTP/1.1', ['Content-Type: text/plain', 'Content-Length: 2'], 'hi')],
      415,
      '/problems/unsupported-media-type',
    ],
    [
      'a body larger than the limit',
      [request('POST /api/v1/auth/login HTTP/1.1', ['Content-Type: application/json', `Content-Length: ${30 * 1024 * 1024}`], '{')],
      413,
      '/problems/too-large',
    ],
    [
      'a body that arrives a byte a second',
      [
        request('POST /api/v1/auth/login HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 40'], '{'),
        ...Array.from({ length: 10 }, () => [800, ' ']).flat(),
      ],
      408,
      '/problems/request-timeout',
    ],
    [
      'headers that never end',
      ['GET /api/health HTTP/1.1\r\nHost: localhost\r\n', 700, 'X-Slow: 1\r\n', 700, 'X-Slow: 2\r\n', 700, 'X-Slow: 3\r\n'],
      408,
      '/problems/request-timeout',
    ],
  ];

  it.each(cases)('answers %s with a problem', async (_name, pieces, status, type) => {
    const answer = await exchange(port, pieces);
    expect(answer.status, answer.raw.slice(0, 300)).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
  });

  it('lets a large body that arrives at a normal pace through the timeouts', async () => {
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'x'.repeat(8 * 1024 * 1024) });
    const answer = await exchange(port, [
      request('POST /api/v1/auth/login HTTP/1.1', ['Content-Type: application/json', `Content-Length: ${body.length}`], body),
    ]);
    // Read and validated (the password is too long), not cut off by the request timeout.
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).type).toBe('/problems/validation');
  });

  it('keeps a WebSocket open past the request timeout: an upgraded connection is not a slow request', async () => {
    const ws = await make.workspace(app.services);
    const { token } = await make.token(app.services, ws, 'agent');
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // twice the 1.5 s request timeout
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('still answers a normal request on the same server', async () => {
    const answer = await exchange(port, [request('GET /api/health HTTP/1.1')]);
    expect(answer.status).toBe(200);
  });
});
