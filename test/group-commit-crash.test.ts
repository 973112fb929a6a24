import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';

/**
 * Group commit answers several use cases after one shared commit. The promise it must keep: a 201
 * is sent only once the ticket is durable. Concurrent creates against a SQLite server that is killed
 * with SIGKILL at random moments and restarted: every ticket that got a 201 is there afterwards.
 */
const ROUNDS = 4;
const CONNECTIONS = 8;
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-group-crash-'));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(`keeps every ticket that got a 201 across SIGKILLs during concurrent creates (${ROUNDS} kills)`, async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    PORT: String(port),
    RAPPORT_SMTP_PORT: '0',
    RAPPORT_SECRET: 'group-crash-secret-0123456789abcdefghij',
    LOG_LEVEL: 'error',
  };
  delete env.DATABASE_URL;
  let server: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/rapport.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      server = child;
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Rapport is ready')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal}): ${output}`)));
    });

  await start();
  const token = (await run(process.execPath, ['bin/rapport.js', 'token', 'create', '--email', 'admin@rapport.local'], { env })).stdout.trim();
  const accepted = new Map<string, string>();
  let sent = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      let running = true;
      const creator = async (connection: number) => {
        while (running) {
          const subject = `Crash create ${round}-${connection}-${sent++}`;
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ subject, requester: { email: `c${connection}@customer.test` }, message: { text: 'Please help.' } }),
            });
            if (response.status === 201) accepted.set(subject, ((await response.json()) as { id: string }).id);
          } catch {
            return; // the server died under this request: its outcome is unknown, and that is allowed
          }
        }
      };
      const acceptedBefore = accepted.size;
      const creators = Array.from({ length: CONNECTIONS }, (_, i) => creator(i));
      // Kill at a random moment while creates are in flight, once this round has had ten answered
      // (however slow the machine: the check below must never pass with nothing at stake).
      while (accepted.size - acceptedBefore < 10) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
      const child = server as ChildProcess;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      running = false;
      await Promise.all(creators);
      await start();
    }
  } finally {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((resolve) => server?.once('exit', resolve));
  }
  expect(accepted.size).toBeGreaterThan(ROUNDS * 10);

  const handle = openDatabase({ dataDir });
  try {
    const stored = new Map(
      (await handle.db.selectFrom('ticket').select(['id', 'subject']).where('subject', 'like', 'Crash create %').execute()).map((row) => [row.subject, row.id]),
    );
    const lost = [...accepted].filter(([subject, id]) => stored.get(subject) !== id);
    expect(lost, `${lost.length} of ${accepted.size} tickets answered 201 are missing`).toEqual([]);
  } finally {
    await handle.close();
  }
}, 180_000);
