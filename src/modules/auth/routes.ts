import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { ChangePasswordBody, PasswordChanged } from '../users/schema.ts';
import { ApiToken, CreateTokenBody, CreatedApiToken, LoginBody, SessionInfo } from './schema.ts';
import { type AuthService, SESSION_COOKIE } from './service.ts';
import type { UserService } from '../users/service.ts';

export async function authRoutes(app: App, { auth, users }: { auth: AuthService; users: UserService }) {
  const tags = ['auth'];

  app.post('/api/v1/auth/login', {
    config: { access: access.public },
    schema: { tags, security: [], summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: SessionInfo } },
  }, async (request, reply) => {
    const session = await auth.login({ ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    reply.setCookie(SESSION_COOKIE, session.sessionToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: '/',
      // Relative lifetime: the browser's clock need not agree with the server's.
      maxAge: Math.floor(session.ttlMs / 1000),
    });
    return { user: session.user, csrfToken: session.csrfToken };
  });

  app.post('/api/v1/auth/logout', {
    config: { access: access.read },
    schema: { tags, summary: 'Sign out: ends the session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await auth.logout(actorOf(request), request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/session', {
    config: { access: access.read },
    schema: { tags, summary: 'The signed-in user (and the CSRF token for cookie sessions)', response: { 200: SessionInfo } },
  }, async (request) => {
    const actor = actorOf(request);
    const session = request.sessionToken ? await auth.authenticateSession(request.sessionToken) : undefined;
    return { user: await users.get(actor, actor.userId), csrfToken: session?.csrfToken ?? null };
  });

  app.post('/api/v1/me/password', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'Change your own password (the current one is needed); signs out your other sessions, keeps your API tokens',
      body: ChangePasswordBody,
      response: { 200: PasswordChanged },
    },
  }, async (request) => auth.changeOwnPassword(actorOf(request), { ...request.body, ip: request.ip }, request.sessionToken));

  app.get('/api/v1/tokens', {
    config: { access: access.read },
    schema: { tags, summary: 'API tokens: your own, or all for admins', response: { 200: Type.Object({ items: Type.Array(ApiToken) }) } },
  }, async (request) => ({ items: await auth.listTokens(actorOf(request)) }));

  app.post('/api/v1/tokens', {
    config: { access: access.read },
    schema: { tags, summary: 'Create an API token for yourself; the secret is shown once', body: CreateTokenBody, response: { 201: CreatedApiToken } },
  }, async (request, reply) => reply.code(201).send(await auth.createToken(actorOf(request), request.body.name)));

  app.delete('/api/v1/tokens/:id', {
    config: { access: access.read },
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: ApiToken } },
  }, async (request) => auth.revokeToken(actorOf(request), request.params.id));
}
