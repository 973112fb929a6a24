import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type RapportApp } from '../src/server/app.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';

// Sign-in, sessions, CSRF, rate limits and API tokens, over the real HTTP layer on both databases.

interface Session {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

const setCookieOf = (headers: { 'set-cookie'?: string | string[] }) => {
  const value = headers['set-cookie'];
  return value === undefined ? [] : [value].flat();
};
const attributes = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase());

eachDialectApp('auth', (ctx: () => AppContext) => {
  let ws: Workspace;
  let otherWs: Workspace;
  let proxiedApp: RapportApp | undefined;
  /** Each test that counts failed sign-ins uses its own client address, so the per-address limit stays out of the way. */
  let nextAddress = 10;
  const freshAddress = () => `10.0.0.${nextAddress++}`;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    ws = await make.workspace(services);
    otherWs = await make.workspace(services);
    proxiedApp = await buildApp({ database: database.handle, clock, secret: TEST_SECRET, trustProxy: true });
  });
  afterAll(async () => {
    await proxiedApp?.close();
  });

  const inject = (options: InjectOptions) => ctx().app.inject(options);

  const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  async function signIn(email: string, password: string): Promise<Session> {
    const response = await login(email, password);
    expect(response.statusCode, response.body).toBe(200);
    const setCookie = setCookieOf(response.headers).find((value) => value.startsWith('rapport_session='));
    if (!setCookie) throw new Error('no session cookie');
    return { cookie: setCookie.split(';')[0], csrfToken: response.json().csrfToken, setCookie };
  }

  const withSession = (session: Session, csrf?: string) => ({ cookie: session.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  const ticketBody = { subject: 'Printer on fire', requester: { email: 'ann@example.com', name: 'Ann' }, message: { text: 'It burns.' } };

  const auditActions = async (action: string) => {
    const response = await inject({
      method: 'GET',
      url: `/api/v1/audit-log?action=${action}&limit=200`,
      headers: withSession(await signIn(ws.admin.email, ws.admin.password)),
    });
    expect(response.statusCode).toBe(200);
    return response.json().items as Array<{
      actorId: string | null;
      targetId: string | null;
      action: string;
      details: Record<string, unknown>;
      ip: string | null;
    }>;
  };

  it('signs in with the admin password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const response = await login(`  ${ws.admin.email.toUpperCase()} `, ws.admin.password);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ id: ws.admin.userId, email: ws.admin.email, role: 'admin', isActive: true });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/password/i);

    const cookies = setCookieOf(response.headers).filter((value) => value.startsWith('rapport_session='));
    expect(cookies).toHaveLength(1);
    const flags = attributes(cookies[0]);
    expect(flags).toContain('httponly');
    expect(flags).toContain('samesite=lax');
    expect(flags).toContain('path=/');
    // A lasting cookie (Max-Age or Expires), not one that dies with the browser tab.
    expect(flags.some((flag) => flag.startsWith('max-age=') || flag.startsWith('expires='))).toBe(true);
    // Plain http: a Secure cookie would never come back.
    expect(flags).not.toContain('secure');
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const payload = { email: ws.admin.email, password: ws.admin.password };
    const headers = { 'x-forwarded-proto': 'https' };
    const proxied = await proxiedApp!.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers });
    expect(proxied.statusCode).toBe(200);
    expect(attributes(setCookieOf(proxied.headers)[0])).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));

    // Without trustProxy, anyone could send the header: it must not change anything.
    const direct = await inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers });
    expect(direct.statusCode).toBe(200);
    expect(attributes(setCookieOf(direct.headers)[0])).not.toContain('secure');
  });

  it('reads the session with the cookie and stores passwords as argon2id', async () => {
    const session = await signIn(ws.admin.email, ws.admin.password);
    const response = await inject({ method: 'GET', url: '/api/v1/auth/session', headers: withSession(session) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: ws.admin.userId, email: ws.admin.email }, csrfToken: session.csrfToken });
    expect((await inject({ method: 'GET', url: '/api/v1/auth/session' })).statusCode).toBe(401);
    expect((await inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: 'rapport_session=forged' } })).statusCode).toBe(
      401,
    );

    const agent = await make.user(ctx().services, ws, 'agent');
    const rows = await ctx()
      .database.handle.db.selectFrom('staff_user')
      .select(['email', 'password_hash'])
      .where('id', 'in', [ws.admin.userId, agent.user.id])
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash, row.email).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(row.email === agent.email ? agent.password : ws.admin.password);
    }
  });

  it('demands the CSRF token on unsafe requests made with the cookie', async () => {
    const session = await signIn(ws.admin.email, ws.admin.password);
    const post = (headers: Record<string, string>) => inject({ method: 'POST', url: '/api/v1/tickets', payload: ticketBody, headers });

    const missing = await post(withSession(session));
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ type: '/problems/csrf', status: 403 });
    const wrong = await post(withSession(session, `${session.csrfToken}x`));
    expect(wrong.json().type).toBe('/problems/csrf');
    // Another session's token does not fit this one.
    const other = await signIn(ws.admin.email, ws.admin.password);
    expect((await post(withSession(session, other.csrfToken))).statusCode).toBe(403);

    const created = await post(withSession(session, session.csrfToken));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ subject: 'Printer on fire', requester: { email: 'ann@example.com' } });
    // Safe methods need no token, and bearer tokens need none (no cookie rides along).
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: withSession(session) })).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const session = await signIn(ws.admin.email, ws.admin.password);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: withSession(session) })).statusCode).toBe(403);
    const logout = await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: withSession(session, session.csrfToken) });
    expect(logout.statusCode).toBe(204);
    const cleared = setCookieOf(logout.headers).find((value) => value.startsWith('rapport_session='));
    expect(cleared).toMatch(/^rapport_session=;/);
    const after = await inject({ method: 'GET', url: '/api/v1/auth/session', headers: withSession(session) });
    expect(after.statusCode).toBe(401);
    expect(after.json().type).toBe('/problems/unauthenticated');
    expect((await auditActions('auth.logout')).some((entry) => entry.actorId === ws.admin.userId)).toBe(true);
  });

  it('refuses a wrong password, then rate-limits the email from that address after five failures', async () => {
    const { user, email, password } = await make.user(ctx().services, ws, 'agent');
    const address = freshAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await login(email, `wrong password ${attempt}`, address);
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
      expect(response.json()).toMatchObject({ type: '/problems/unauthenticated', detail: 'Wrong email or password' });
      expect(setCookieOf(response.headers)).toEqual([]);
    }
    // The sixth try from there is refused even with the right password…
    const limited = await login(email, password, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(setCookieOf(limited.headers)).toEqual([]);
    // …but whoever guessed there cannot lock the user out of their own machine.
    expect((await login(email, password, freshAddress())).statusCode).toBe(200);

    const failures = (await auditActions('auth.login_failed')).filter((entry) => entry.actorId === user.id);
    expect(failures).toHaveLength(5);
    expect(failures[0]).toMatchObject({ action: 'auth.login_failed', ip: address });

    // The window passes: the right password works again from the address that guessed.
    ctx().clock.advance(16 * 60_000);
    expect((await login(email, password, address)).statusCode).toBe(200);
  });

  it('rate-limits an email everywhere after fifty failures spread over many addresses', async () => {
    const { email, password } = await make.user(ctx().services, ws, 'agent');
    for (let attempt = 1; attempt <= 50; attempt++) {
      expect((await login(email, `wrong password ${attempt}`, freshAddress())).statusCode, `attempt ${attempt}`).toBe(401);
    }
    expect((await login(email, password, freshAddress())).statusCode).toBe(429);
    ctx().clock.advance(16 * 60_000);
    expect((await login(email, password, freshAddress())).statusCode).toBe(200);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const unknown = await login('nobody-here@example.test', 'whatever password', freshAddress());
    expect(unknown.statusCode).toBe(401);
    const { email } = await make.user(ctx().services, ws, 'agent');
    const wrong = await login(email, 'whatever password', freshAddress());
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('rate-limits one client address that tries many emails', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < 30; attempt++) {
      expect((await login(`guess-${attempt}@example.test`, 'password123', address)).statusCode).toBe(401);
    }
    expect((await login(ws.admin.email, ws.admin.password, address)).statusCode).toBe(429);
    expect((await login(ws.admin.email, ws.admin.password, freshAddress())).statusCode).toBe(200);
  });

  it('creates an API token shown once, lists it without the secret, and revokes it', async () => {
    const agent = await make.user(ctx().services, ws, 'agent');
    const session = await signIn(agent.email, agent.password);
    const created = await inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'CRM sync' },
      headers: withSession(session, session.csrfToken),
    });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token).toMatchObject({ userId: agent.user.id, name: 'CRM sync', lastUsedAt: null, revokedAt: null });
    expect(token.token).toMatch(/^rpt_/);
    expect(token.token.startsWith(token.prefix)).toBe(true);

    const listed = async () => (await inject({ method: 'GET', url: '/api/v1/tokens', headers: withSession(session) })).json().items;
    const before = await listed();
    expect(before.map((item: { id: string }) => item.id)).toEqual([token.id]);
    expect(before[0]).not.toHaveProperty('token');
    expect(JSON.stringify(before)).not.toContain(token.token);

    const used = await inject({ method: 'GET', url: '/api/v1/auth/session', headers: bearer(token.token) });
    expect(used.statusCode).toBe(200);
    expect(used.json()).toMatchObject({ user: { id: agent.user.id }, csrfToken: null });
    expect((await listed())[0].lastUsedAt).toBe(ctx().clock.now().toISOString());

    const revoked = await inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: bearer(token.token) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const after = await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token.token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().type).toBe('/problems/unauthenticated');
    expect((await listed())[0].revokedAt).toEqual(revoked.json().revokedAt);
    const audit = await auditActions('token.revoked');
    expect(audit.some((entry) => entry.details.tokenId === token.id && entry.actorId === agent.user.id)).toBe(true);
  });

  it('keeps tokens private to their owner; admins see and revoke them all within their workspace', async () => {
    const { services } = ctx();
    const owner = await make.token(services, ws, 'agent');
    const colleague = await make.token(services, ws, 'supervisor');
    const ownerTokenId = (await services.auth.listTokens(owner.actor))[0].id;

    const colleagueList = (await inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(colleague.token) })).json().items;
    expect(colleagueList.map((item: { userId: string }) => item.userId)).toEqual([colleague.user.id]);
    const stolen = await inject({ method: 'DELETE', url: `/api/v1/tokens/${ownerTokenId}`, headers: bearer(colleague.token) });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().type).toBe('/problems/not-found');

    const foreignAdmin = await make.token(services, otherWs, 'admin');
    expect(
      (await inject({ method: 'DELETE', url: `/api/v1/tokens/${ownerTokenId}`, headers: bearer(foreignAdmin.token) })).statusCode,
    ).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(owner.token) })).statusCode).toBe(200);

    const admin = await make.token(services, ws, 'admin');
    const adminList = (await inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(admin.token) })).json().items;
    expect(adminList.map((item: { id: string }) => item.id)).toContain(ownerTokenId);
    expect(adminList.every((item: { userId: string }) => item.userId !== foreignAdmin.user.id)).toBe(true);
    expect((await inject({ method: 'DELETE', url: `/api/v1/tokens/${ownerTokenId}`, headers: bearer(admin.token) })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(owner.token) })).statusCode).toBe(401);
  });

  it('locks out a deactivated user everywhere: token, session and sign-in', async () => {
    const adminHeaders = bearer((await make.token(ctx().services, ws, 'admin')).token);
    const agent = await make.user(ctx().services, ws, 'agent');
    const token = (await ctx().services.auth.createToken(ws.system, 'agent token', agent.user.id)).token;
    const session = await signIn(agent.email, agent.password);
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode).toBe(200);

    const patched = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${agent.user.id}`,
      payload: { isActive: false },
      headers: adminHeaders,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().isActive).toBe(false);

    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode).toBe(401);
    expect((await inject({ method: 'GET', url: '/api/v1/auth/session', headers: withSession(session) })).statusCode).toBe(401);
    expect((await login(agent.email, agent.password, freshAddress())).statusCode).toBe(401);
    expect((await auditActions('user.deactivated')).some((entry) => entry.targetId === agent.user.id)).toBe(true);

    await inject({ method: 'PATCH', url: `/api/v1/users/${agent.user.id}`, payload: { isActive: true }, headers: adminHeaders });
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('audits a role change, which takes effect at once', async () => {
    const admin = await make.token(ctx().services, ws, 'admin');
    const supervisor = await make.token(ctx().services, ws, 'supervisor');
    expect(
      (await inject({ method: 'POST', url: '/api/v1/tickets', payload: ticketBody, headers: bearer(supervisor.token) })).statusCode,
    ).toBe(201);

    const patched = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${supervisor.user.id}`,
      payload: { role: 'read-only' },
      headers: bearer(admin.token),
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().role).toBe('read-only');
    const refused = await inject({ method: 'POST', url: '/api/v1/tickets', payload: ticketBody, headers: bearer(supervisor.token) });
    expect(refused.statusCode).toBe(403);

    const entries = (await auditActions('user.role_changed')).filter((entry) => entry.targetId === supervisor.user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: admin.user.id, details: { from: 'supervisor', to: 'read-only' } });
  });

  it('does not let an admin demote or deactivate themselves', async () => {
    const session = await signIn(ws.admin.email, ws.admin.password);
    const headers = withSession(session, session.csrfToken);
    for (const payload of [{ role: 'agent' }, { isActive: false }]) {
      const response = await inject({ method: 'PATCH', url: `/api/v1/users/${ws.admin.userId}`, payload, headers });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const me = (await inject({ method: 'GET', url: '/api/v1/auth/session', headers: withSession(session) })).json().user;
    expect(me).toMatchObject({ role: 'admin', isActive: true });
    // Other changes to oneself are fine.
    const renamed = await inject({ method: 'PATCH', url: `/api/v1/users/${ws.admin.userId}`, payload: { name: 'Renamed Admin' }, headers });
    expect(renamed.statusCode).toBe(200);
  });
});
