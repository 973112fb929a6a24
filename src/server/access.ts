import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, Actor } from '../lib/actor.ts';
import { csrfRejected, forbidden, unauthenticated } from '../lib/errors.ts';
import { SESSION_COOKIE } from '../modules/auth/service.ts';
import type { Services } from './services.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/**
 * Every route declares `config.access`; registering one without it fails at start-up, so a route
 * can never be open by accident. The list of routes and their access feeds the route × role test.
 */
export function registerAccessControl(app: FastifyInstance, services: Services, routes: RouteAccess[]) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', undefined);

  app.addHook('onRoute', (route) => {
    // The API docs UI registers its own asset routes: they are public by nature.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: 'public' };
    const access = route.config?.access;
    if (!access || access.length === 0) throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    }
  });

  async function resolveActor(request: FastifyRequest): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await services.auth.authenticateToken(match[1]) : undefined;
      if (!actor) throw unauthenticated('The API token is invalid or revoked');
      return { ...actor, ip: request.ip };
    }
    const sessionToken = request.cookies?.[SESSION_COOKIE];
    if (!sessionToken) return null;
    const actor = await services.auth.authenticateSession(sessionToken);
    if (!actor) return null;
    request.sessionToken = sessionToken;
    // Cookies ride along on cross-site requests; the CSRF token (only readable by our own pages) cannot.
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) throw csrfRejected();
    const { csrfToken: _csrf, ...rest } = actor;
    return { ...rest, ip: request.ip };
  }

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return; // unknown URL: the not-found handler answers
    if (access === 'public') {
      request.actor = await resolveActor(request).catch(() => null);
      return;
    }
    request.actor = await resolveActor(request);
    if (!request.actor) throw unauthenticated();
    if (!access.includes(request.actor.role)) throw forbidden();
  });
}
