import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, POSTGRES_URL } from './harness.ts';
import { openSmtpSession } from './support/smtp-client.ts';

// The `rapport` command as operators run it: child processes of bin/rapport.js on fresh data
// directories, talked to over real HTTP with fetch. Each server starts once per describe.

const root = join(import.meta.dirname, '..');
const rapport = join(root, 'bin', 'rapport.js');
const scratch = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let dirCount = 0;
const freshDataDir = () => join(scratch, `data-${++dirCount}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

type Env = Record<string, string>;

/** The environment of a fresh installation: only what the test sets, nothing inherited that changes behaviour. */
function cliEnv(dataDir: string, extra: Env = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'RAPPORT_SECRET', 'HOST', 'PORT', 'RAPPORT_TRUST_PROXY', 'RAPPORT_DEBUG']) delete env[key];
  return { ...env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RAPPORT_SMTP_PORT: '0', ...extra };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rapport, ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const HINT = '(run with --help for usage)';

/** A failed command says what went wrong in one plain sentence: no stack, no error class names. */
function expectPlainFailure(result: Run, pattern: RegExp) {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/\b[A-Z]\w*Error\b/);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => line !== HINT);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

interface Server {
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `rapport serve` and resolves once it prints its URL. */
function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, [rapport, 'serve', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve did not get ready in time:\n${stdout}\n${stderr}`));
    }, 55_000);
    child.stdout?.on('data', () => {
      const match = /Rapport is ready at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stdout: () => stdout, stderr: () => stderr, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}

const credentialsIn = (stdout: string) => {
  const email = /Email:\s+(\S+)/.exec(stdout)?.[1];
  const password = /Password:\s+(\S+)/.exec(stdout)?.[1];
  return email && password ? { email, password } : undefined;
};

async function signIn(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith('rapport_session='))
    ?.split(';')[0];
  const headers: Record<string, string> = cookie ? { cookie } : {};
  return { status: response.status, headers };
}

async function getJson(url: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${url}${path}`, { headers });
  expect(response.status, `GET ${path}`).toBe(200);
  return response.json();
}

/** Every item of a cursor-paginated list. */
async function listAll<T>(url: string, path: string, headers: Record<string, string>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await getJson(
      url,
      `${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const contractTicket = {
  subject: 'Printer on fire',
  channel: 'email',
  requester: { email: 'ann@example.com', name: 'Ann' },
  message: { text: 'It burns.' },
};

const postTicket = (url: string, token: string) =>
  fetch(`${url}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(contractTicket),
  });

async function expectContractTicket(response: Response) {
  expect(response.status).toBe(201);
  expect(response.headers.get('content-type')).toContain('application/json');
  const ticket = await response.json();
  expect(ticket).toMatchObject({
    id: expect.any(String),
    number: expect.any(Number),
    status: expect.any(String),
    priority: expect.any(String),
    subject: 'Printer on fire',
    channel: 'email',
    requester: { email: 'ann@example.com', name: 'Ann' },
  });
  return ticket;
}

describe('rapport --help', () => {
  it('lists the commands, and each command shows examples', async () => {
    const env = cliEnv(freshDataDir());
    const help = await run(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'token', 'backup']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    const commands = [['serve'], ['migrate'], ['seed'], ['user'], ['user', 'create'], ['token'], ['token', 'create'], ['backup']];
    const results = await Promise.all(commands.map((command) => run([...command, '--help'], env)));
    for (const [index, result] of results.entries()) {
      expect(result.code, commands[index].join(' ')).toBe(0);
      expect(result.stdout, `${commands[index].join(' ')} --help`).toMatch(/\nExamples:\n\s+\$ rapport /);
    }
  });
});

describe('rapport serve --demo', () => {
  const dataDir = freshDataDir();
  let env: NodeJS.ProcessEnv;
  let server: Server | undefined;
  let admin: { email: string; password: string };
  let firstCounts: Record<string, number>;

  beforeAll(async () => {
    env = cliEnv(dataDir, { PORT: String(await freePort()) });
    server = await serve(['--demo'], env);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints the admin credentials once and where it is ready', () => {
    const stdout = server!.stdout();
    const credentials = credentialsIn(stdout);
    expect(credentials?.email).toBe('admin@demo.rapport.test');
    expect(credentials?.password.length).toBeGreaterThanOrEqual(12);
    admin = credentials!;
    expect(stdout.split(admin.password)).toHaveLength(2);
    expect(stdout).toMatch(/^Rapport is ready at http:\/\/127\.0\.0\.1:\d+ /m);
    expect(server!.url).toBe(`http://127.0.0.1:${env.PORT}`);
  });

  it('answers /api/health on SQLite', async () => {
    const response = await fetch(`${server!.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
  });

  it('signs in with the printed credentials and holds the demo desk', async () => {
    const session = await signIn(server!.url, admin.email, admin.password);
    expect(session.status).toBe(200);
    const url = server!.url;
    const teams = (await getJson(url, '/api/v1/teams', session.headers)).items;
    const users = (await getJson(url, '/api/v1/users', session.headers)).items;
    const contacts = await listAll(url, '/api/v1/contacts', session.headers);
    const tickets = await listAll<{ status: string; channel: string }>(url, '/api/v1/tickets', session.headers);
    expect(teams.length).toBeGreaterThanOrEqual(2);
    expect(users.length).toBeGreaterThanOrEqual(8);
    expect(contacts.length).toBeGreaterThanOrEqual(40);
    expect(tickets.length).toBeGreaterThanOrEqual(250);
    const statuses = new Set(tickets.map((ticket) => ticket.status));
    expect(statuses.has('open')).toBe(true);
    expect(statuses.has('solved')).toBe(true);
    expect(new Set(tickets.map((ticket) => ticket.channel)).size).toBeGreaterThanOrEqual(3);
    const solved = await listAll(url, '/api/v1/tickets?status=solved', session.headers);
    expect(solved.length).toBeGreaterThan(0);
    expect(solved.length).toBeLessThan(tickets.length);
    firstCounts = { teams: teams.length, users: users.length, contacts: contacts.length, tickets: tickets.length };
  });

  it('stops on SIGTERM and starts again with the same data and no new password', async () => {
    expect(await server!.stop()).toBe(0);
    server = await serve(['--demo'], env);
    const stdout = server.stdout();
    expect(stdout).not.toMatch(/Password:/);
    expect(stdout).not.toContain(admin.password);
    expect(stdout).not.toMatch(/demo desk/i);
    expect(stdout).toMatch(/Rapport is ready at/);

    const session = await signIn(server.url, admin.email, admin.password);
    expect(session.status).toBe(200);
    const url = server.url;
    expect({
      teams: (await getJson(url, '/api/v1/teams', session.headers)).items.length,
      users: (await getJson(url, '/api/v1/users', session.headers)).items.length,
      contacts: (await listAll(url, '/api/v1/contacts', session.headers)).length,
      tickets: (await listAll(url, '/api/v1/tickets', session.headers)).length,
    }).toEqual(firstCounts);
  });
});

describe('rapport serve on a fresh installation, and the admin commands beside it', () => {
  const dataDir = freshDataDir();
  let env: NodeJS.ProcessEnv;
  let server: Server | undefined;
  const ops = { email: `ops-${randomBytes(3).toString('hex')}@example.com`, password: 'a long enough secret' };
  let token: string;
  let ticketId: string;

  beforeAll(async () => {
    env = cliEnv(dataDir, { PORT: String(await freePort()) });
    server = await serve([], env);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints the first admin credentials and starts with no tickets', async () => {
    const credentials = credentialsIn(server!.stdout());
    expect(credentials?.email).toBe('admin@rapport.local');
    const session = await signIn(server!.url, credentials!.email, credentials!.password);
    expect(session.status).toBe(200);
    expect((await getJson(server!.url, '/api/v1/tickets', session.headers)).items).toEqual([]);
    expect((await getJson(server!.url, '/api/health', {})).database).toBe('sqlite');
  });

  it('creates a user from a piped password who can then sign in to the running server', async () => {
    const created = await run(['user', 'create', '--email', ops.email, '--role', 'admin', '--password-stdin'], env, `${ops.password}\n`);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(ops.email);
    expect(created.stdout).not.toContain(ops.password);
    expect((await signIn(server!.url, ops.email, ops.password)).status).toBe(200);
    expect((await signIn(server!.url, ops.email, 'not the password')).status).toBe(401);
  });

  it('prints exactly one line, a token that works as a bearer token', async () => {
    const created = await run(['token', 'create', '--email', ops.email], env);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^\S+\n$/);
    token = created.stdout.trim();
    const session = await getJson(server!.url, '/api/v1/auth/session', { authorization: `Bearer ${token}` });
    expect(session.user).toMatchObject({ email: ops.email, role: 'admin' });
  });

  it('creates a ticket from the contract example over real HTTP', async () => {
    const ticket = await expectContractTicket(await postTicket(server!.url, token));
    ticketId = ticket.id;
    const fetched = await getJson(server!.url, `/api/v1/tickets/${ticket.id}`, { authorization: `Bearer ${token}` });
    expect(fetched).toMatchObject({ id: ticket.id, number: ticket.number, subject: 'Printer on fire' });
  });

  it('backs up to a SQLite file that holds the tickets, and never overwrites a file', async () => {
    const file = join(scratch, `backup-${randomBytes(3).toString('hex')}.db`);
    const backup = await run(['backup', file], env);
    expect(backup.stderr).toBe(`Keep the secret with this backup (${join(dataDir, 'secret')}, or RAPPORT_SECRET when set): restored without it, API tokens and sessions answer 401 and IMAP passwords cannot be decrypted.\n`);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(file);
    const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = copy.prepare('select id, subject from ticket').all() as Array<{ id: string; subject: string }>;
      expect(rows).toEqual([{ id: ticketId, subject: 'Printer on fire' }]);
    } finally {
      copy.close();
    }

    const size = statSync(file).size;
    expectPlainFailure(await run(['backup', file], env), /already exists/);
    expect(statSync(file).size).toBe(size);
  });

  it('resets a forgotten password: the old one, its sessions and tokens stop working, the new one signs in', async () => {
    const forgetful = { email: `forgetful-${randomBytes(3).toString('hex')}@example.com`, password: 'the old password' };
    expect((await run(['user', 'create', '--email', forgetful.email, '--role', 'agent', '--password-stdin'], env, forgetful.password)).code).toBe(0);
    const session = await signIn(server!.url, forgetful.email, forgetful.password);
    const oldToken = (await run(['token', 'create', '--email', forgetful.email], env)).stdout.trim();
    const reset = await run(['user', 'password', '--email', forgetful.email, '--password-stdin'], env, 'the new password\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/^Set a new password for forgetful-\w+@example\.com\. .*signed out everywhere \(1 session\) and 1 API token was revoked/);
    expect((await fetch(`${server!.url}/api/v1/auth/session`, { headers: session.headers })).status).toBe(401);
    expect((await fetch(`${server!.url}/api/v1/auth/session`, { headers: { authorization: `Bearer ${oldToken}` } })).status).toBe(401);
    expect((await signIn(server!.url, forgetful.email, 'the new password')).status).toBe(200);
    expectPlainFailure(await run(['user', 'password', '--email', 'nobody@example.com', '--password-stdin'], env, 'long enough password'), /No staff user has the email/);
  });

  it('restores a backup with its secret into a fresh data directory: tokens work and mail becomes tickets', async () => {
    const mailbox = await fetch(`${server!.url}/api/v1/mailboxes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ address: 'help@restored.test', name: 'Help' }),
    });
    expect(mailbox.status).toBe(201);
    const file = join(scratch, `backup-${randomBytes(3).toString('hex')}.db`);
    expect((await run(['backup', file], env)).code).toBe(0);

    // As docs/operations.md says: the database file, data/blobs/ and the secret.
    const restoredDir = freshDataDir();
    mkdirSync(restoredDir);
    copyFileSync(file, join(restoredDir, 'rapport.db'));
    copyFileSync(join(dataDir, 'secret'), join(restoredDir, 'secret'));
    if (existsSync(join(dataDir, 'blobs'))) cpSync(join(dataDir, 'blobs'), join(restoredDir, 'blobs'), { recursive: true });
    const smtpPort = await freePort();
    const restored = await serve([], cliEnv(restoredDir, { PORT: String(await freePort()), RAPPORT_SMTP_PORT: String(smtpPort) }));
    try {
      const bearer = { authorization: `Bearer ${token}` };
      expect((await getJson(restored.url, '/api/v1/auth/session', bearer)).user).toMatchObject({ email: ops.email });
      const sent = await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
        .sendMail({ from: 'ann@customer.test', to: 'help@restored.test', subject: 'Sent after the restore', text: 'Is anyone there?' });
      expect(sent.response).toMatch(/^250/);
      let subjects: string[] = [];
      for (let tries = 0; !subjects.includes('Sent after the restore') && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        subjects = (await getJson(restored.url, '/api/v1/tickets', bearer)).items.map((ticket: { subject: string }) => ticket.subject);
      }
      expect(subjects).toEqual(expect.arrayContaining(['Printer on fire', 'Sent after the restore']));

      // An idle SMTP client does not hold up SIGTERM (it used to, for 30 s): it gets 421 at once.
      const idle = openSmtpSession(smtpPort);
      expect(await idle.reply()).toMatch(/^220 /);
      const stopped = restored.stop();
      expect(await idle.reply()).toMatch(/^421 4\.3\.2 Rapport is shutting down/);
      expect(await stopped).toBe(0);
    } finally {
      await restored.stop();
    }
  });

  it('refuses a token for an unknown email', async () => {
    const result = await run(['token', 'create', '--email', 'nobody@example.com'], env);
    expectPlainFailure(result, /nobody@example\.com/);
    expect(result.stdout).toBe('');
  });

  it('says so plainly when the port is taken, without losing the new admin password', async () => {
    const otherDir = freshDataDir();
    const taken = new URL(server!.url).port;
    const result = await run(['serve'], cliEnv(otherDir, { PORT: taken }));
    expectPlainFailure(result, new RegExp(`Port ${taken}\\b.*already in use`));
    expect(result.stdout).not.toMatch(/ready at/);

    // The failed start already created the workspace, so its one-time password had to be shown then.
    const credentials = credentialsIn(result.stdout);
    expect(credentials, result.stdout).toBeDefined();
    const retry = await serve([], cliEnv(otherDir, { PORT: String(await freePort()) }));
    try {
      expect(credentialsIn(retry.stdout())).toBeUndefined();
      expect((await signIn(retry.url, credentials!.email, credentials!.password)).status).toBe(200);
    } finally {
      expect(await retry.stop()).toBe(0);
    }
  });
});

describe('rapport on bad input', () => {
  it.each([
    ['an unknown role', ['user', 'create', '--email', 'lee@example.com', '--role', 'wizard', '--password-stdin'], /Unknown role "wizard"/],
    ['a ticket count that is not a number', ['seed', '--tickets', 'abc'], /--tickets .*"abc"/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ])('fails with one sentence on %s', async (_name, args, pattern) => {
    expectPlainFailure(await run(args, cliEnv(freshDataDir()), 'a long enough secret\n'), pattern);
  });

  it('refuses to create a user before there is a workspace', async () => {
    const dataDir = freshDataDir();
    const result = await run(
      ['user', 'create', '--email', 'lee@example.com', '--role', 'agent', '--password-stdin'],
      cliEnv(dataDir),
      'a long enough secret\n',
    );
    expectPlainFailure(result, /no workspace yet.*rapport serve/);
  });

  it('points PostgreSQL users to pg_dump for backups', async () => {
    const file = join(scratch, 'never-written.db');
    const result = await run(['backup', file], cliEnv(freshDataDir(), { DATABASE_URL: 'postgres://rapport@127.0.0.1:1/rapport' }));
    expectPlainFailure(result, /pg_dump/);
    expect(existsSync(file)).toBe(false);
  });
});

describe.skipIf(!dialects.includes('postgres'))('rapport serve on PostgreSQL', () => {
  const database = `rapport_cli_${randomBytes(5).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(POSTGRES_URL), { pathname: `/${database}` }).href;
  let env: NodeJS.ProcessEnv;
  let server: Server | undefined;

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${database}`);
    env = cliEnv(freshDataDir(), { PORT: String(await freePort()), DATABASE_URL: databaseUrl });
    server = await serve([], env);
  });
  afterAll(async () => {
    await server?.stop();
    await admin(`drop database if exists ${database} with (force)`);
  });

  it('creates the schema and first admin, and serves the API from PostgreSQL', async () => {
    expect(server!.stdout()).toMatch(/\(postgres(ql)? database\)/);
    expect(await getJson(server!.url, '/api/health', {})).toMatchObject({ status: 'ok', database: 'postgres' });
    const credentials = credentialsIn(server!.stdout());
    expect(credentials?.email).toBe('admin@rapport.local');
    const session = await signIn(server!.url, credentials!.email, credentials!.password);
    expect(session.status).toBe(200);
    expect((await getJson(server!.url, '/api/v1/tickets', session.headers)).items).toEqual([]);

    const created = await run(['token', 'create', '--email', credentials!.email], env);
    expect(created.code, created.stderr).toBe(0);
    await expectContractTicket(await postTicket(server!.url, created.stdout.trim()));
    expect((await getJson(server!.url, '/api/v1/tickets', session.headers)).items).toHaveLength(1);
  });
});

describe.each(dialects)('rapport serve stops promptly on SIGTERM [%s]', (dialect) => {
  const database = `rapport_stop_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  beforeAll(async () => {
    if (dialect === 'postgres') await admin(`create database ${database}`);
  });
  afterAll(async () => {
    if (dialect === 'postgres') await admin(`drop database if exists ${database} with (force)`);
  });

  it('answers what is in flight, cuts idle and silent connections, says 421 to idle SMTP clients, and exits at once', async () => {
    const databaseUrl: Env = dialect === 'postgres' ? { DATABASE_URL: Object.assign(new URL(POSTGRES_URL), { pathname: `/${database}` }).href } : {};
    const smtpPort = await freePort();
    const server = await serve([], cliEnv(freshDataDir(), { PORT: String(await freePort()), RAPPORT_SMTP_PORT: String(smtpPort), ...databaseUrl }));
    const { hostname, port } = new URL(server.url);
    // A kept-alive connection after a finished request, and one that never says anything.
    const keptAlive = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      http.get(`${server.url}/api/health`, { agent: keptAlive }, (response) => response.resume().once('end', resolve)).once('error', reject),
    );
    const silent = connect(Number(port), hostname);
    await new Promise((resolve) => silent.once('connect', resolve));
    silent.on('error', () => {});
    // An SMTP client that said hello and then nothing.
    const smtp = connect(smtpPort, '127.0.0.1');
    let smtpSaid = '';
    smtp.on('data', (chunk) => (smtpSaid += chunk));
    smtp.on('error', () => {});
    await expect.poll(() => smtpSaid).toMatch(/^220 /);

    // A request still arriving when the signal comes is answered, not cut.
    const inFlight = connect(Number(port), hostname);
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' });
    let answer = '';
    inFlight.on('data', (chunk) => (answer += chunk));
    const answered = new Promise((resolve) => inFlight.once('close', resolve));
    inFlight.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    const exited = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    inFlight.write(body.slice(10));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(await exited).toBe(0);
    // It used to wait for the silent socket forever; the issue asks for an exit within 2 s when idle.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(smtpSaid).toMatch(/^421 /m);
    keptAlive.destroy();
    smtp.destroy();
    silent.destroy();
  });
});
