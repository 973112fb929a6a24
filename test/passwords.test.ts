import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

// A password reset ends everything the old password opened; a change ends the other sessions.
eachDialectApp('password resets and changes', (ctx: () => AppContext) => {
  let ws: Workspace;
  let adminToken: string;
  let address = 20;

  beforeAll(async () => {
    const { services } = ctx();
    ws = await make.workspace(services);
    adminToken = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
  });

  const inject = (options: InjectOptions) => ctx().app.inject(options);

  async function signIn(email: string, password: string, remoteAddress = '127.0.0.1') {
    const response = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });
    expect(response.statusCode, response.body).toBe(200);
    const cookie =
      [response.headers['set-cookie']]
        .flat()
        .find((value) => value?.startsWith('rapport_session='))
        ?.split(';')[0] ?? '';
    return { cookie, csrf: response.json().csrfToken as string };
  }
  const whoAmI = (headers: Record<string, string>) => inject({ method: 'GET', url: '/api/v1/auth/session', headers });
  const asSession = (session: { cookie: string; csrf: string }) => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
  const changeOwn = (headers: Record<string, string>, payload: object, remoteAddress = '127.0.0.1') =>
    inject({ method: 'POST', url: '/api/v1/me/password', headers, payload, remoteAddress });

  it('signs the user out everywhere and revokes their tokens when an admin resets the password, and says so', async () => {
    const { services } = ctx();
    const agent = await make.user(services, ws, 'agent');
    const session = await signIn(agent.email, agent.password);
    const token = (await services.auth.createToken(ws.system, 'integration', agent.user.id)).token;
    expect((await whoAmI({ cookie: session.cookie })).statusCode).toBe(200);
    expect((await whoAmI(bearer(token))).statusCode).toBe(200);

    const reset = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${agent.user.id}`,
      headers: bearer(adminToken),
      payload: { password: 'a brand new secret' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().warnings).toEqual([expect.stringMatching(/signed out everywhere \(1 session\) and 1 API token was revoked/)]);

    expect((await whoAmI({ cookie: session.cookie })).statusCode).toBe(401);
    expect((await whoAmI(bearer(token))).statusCode).toBe(401);
    await signIn(agent.email, 'a brand new secret');
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agent.email, password: agent.password } });
    expect(login.statusCode).toBe(401);
  });

  it('keeps other changes to a user free of warnings, and refuses an admin resetting their own password', async () => {
    const { services } = ctx();
    const agent = await make.user(services, ws, 'agent');
    const renamed = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${agent.user.id}`,
      headers: bearer(adminToken),
      payload: { name: 'Renamed Agent' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Renamed Agent', warnings: [] });
    const own = await inject({
      method: 'PATCH',
      url: `/api/v1/users/${ws.admin.userId}`,
      headers: bearer(adminToken),
      payload: { password: 'another long secret' },
    });
    expect(own.statusCode).toBe(400);
    expect(own.json().fields).toHaveProperty('password');
  });

  it.each(['agent', 'supervisor', 'read-only', 'admin'] as const)(
    'lets a %s change their own password: other sessions end, this one and their tokens stay',
    async (role) => {
      const { services } = ctx();
      const user = await make.user(services, ws, role);
      const here = await signIn(user.email, user.password);
      const elsewhere = await signIn(user.email, user.password);
      const token = (await services.auth.createToken(ws.system, 'script', user.user.id)).token;

      const changed = await changeOwn(asSession(here), { currentPassword: user.password, newPassword: 'my new long password' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ sessionsEnded: 1, message: expect.stringContaining('API tokens keep working') });

      expect((await whoAmI({ cookie: here.cookie })).statusCode).toBe(200);
      expect((await whoAmI({ cookie: elsewhere.cookie })).statusCode).toBe(401);
      expect((await whoAmI(bearer(token))).statusCode).toBe(200);
      await signIn(user.email, 'my new long password');
    },
  );

  it('refuses a wrong current password, changes nothing, and counts it like a failed sign-in', async () => {
    const { services } = ctx();
    const user = await make.user(services, ws, 'agent');
    const remoteAddress = `10.1.0.${address++}`;
    const session = await signIn(user.email, user.password, remoteAddress);
    const other = await signIn(user.email, user.password);

    const wrong = await changeOwn(
      asSession(session),
      { currentPassword: 'not my password', newPassword: 'my new long password' },
      remoteAddress,
    );
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.json()).toMatchObject({ type: '/problems/wrong-password', fields: { currentPassword: expect.any(String) } });
    expect((await whoAmI({ cookie: other.cookie })).statusCode).toBe(200);
    await signIn(user.email, user.password);

    // Guessing through this route meets the sign-in limit (5 per address and email in 15 minutes).
    for (let attempt = 0; attempt < 4; attempt++) {
      await changeOwn(asSession(session), { currentPassword: `guess ${attempt}`, newPassword: 'my new long password' }, remoteAddress);
    }
    const locked = await changeOwn(
      asSession(session),
      { currentPassword: user.password, newPassword: 'my new long password' },
      remoteAddress,
    );
    expect(locked.statusCode).toBe(429);
    expect(
      (await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress }))
        .statusCode,
    ).toBe(429);
  });

  it('refuses a new password that is too short or the same, without a CSRF token, or without a session', async () => {
    const { services } = ctx();
    const user = await make.user(services, ws, 'agent');
    const session = await signIn(user.email, user.password);
    expect((await changeOwn(asSession(session), { currentPassword: user.password, newPassword: 'short' })).json().fields).toHaveProperty(
      'newPassword',
    );
    expect(
      (await changeOwn(asSession(session), { currentPassword: user.password, newPassword: user.password })).json().fields,
    ).toHaveProperty('newPassword');
    expect(
      (await changeOwn({ cookie: session.cookie }, { currentPassword: user.password, newPassword: 'my new long password' })).statusCode,
    ).toBe(403);
    expect((await changeOwn({}, { currentPassword: user.password, newPassword: 'my new long password' })).statusCode).toBe(401);
    await signIn(user.email, user.password);
  });
});
