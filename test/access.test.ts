import Fastify from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/lib/actor.ts';
import { newId } from '../src/lib/ids.ts';
import { type RouteAccess, registerAccessControl } from '../src/server/access.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make } from './factories.ts';

// The route × role matrix: every registered route is sent a request by every kind of caller, so a
// route whose gate is missing or wrong fails here even if nobody wrote a test for that route.

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', ...ROLES];

/** Fills `:id`-style params with a random id and wildcards with a file name, so the URL reaches the route. */
const concreteUrl = (url: string) => url.replace(/:\w+/g, () => newId()).replace(/\*$/, 'no-such-file.js');
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const hasBody = (method: string) => ['POST', 'PUT', 'PATCH'].includes(method);
const describeRoute = (route: RouteAccess) => `${route.method} ${route.url}`;

eachDialectApp('route access', (ctx: () => AppContext) => {
  const headers: Partial<Record<Caller, Record<string, string>>> = { anonymous: {} };

  beforeAll(async () => {
    const { services } = ctx();
    const ws = await make.workspace(services);
    for (const role of ROLES) headers[role] = bearer((await make.token(services, ws, role)).token);
  });

  const routes = () => ctx().app.routeAccess;

  it('knows every route and its access', () => {
    expect(routes().length).toBeGreaterThanOrEqual(25);
    expect(routes().some((route) => route.method === 'HEAD')).toBe(false);
    for (const route of routes()) {
      expect(route.access === 'public' || (Array.isArray(route.access) && route.access.length > 0), describeRoute(route)).toBe(true);
    }
    const gated = routes().filter((route) => route.access !== 'public');
    expect(gated.length).toBeGreaterThanOrEqual(20);
    expect(gated.every((route) => route.url.startsWith('/api/v1/'))).toBe(true);
  });

  it.each(CALLERS)('gates every route for %s', async (caller) => {
    const problems: string[] = [];
    for (const route of routes()) {
      const response = await ctx().app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route.url),
        headers: headers[caller],
        ...(hasBody(route.method) ? { payload: {} } : {}),
      });
      const status = response.statusCode;
      const where = `${describeRoute(route)} as ${caller} → ${status}`;
      if (route.access === 'public') {
        if (status === 401 || status === 403) problems.push(`${where}: a public route must not refuse`);
      } else if (caller === 'anonymous') {
        if (status !== 401) problems.push(`${where}: expected 401`);
      } else if (!route.access.includes(caller)) {
        if (status !== 403) problems.push(`${where}: expected 403`);
      } else if (status === 401 || status === 403) {
        problems.push(`${where}: the role is admitted, so the gate must let it through`);
      }
      if (status >= 500) problems.push(`${where}: server error ${response.body.slice(0, 200)}`);
      // 204 has no body, so no content type; the docs UI serves HTML and scripts.
      if (route.url.startsWith('/api/') && !isDocs(route.url) && status !== 204) {
        const type = String(response.headers['content-type'] ?? '');
        if (!/^application\/(problem\+)?json\b/.test(type)) problems.push(`${where}: content-type ${type || 'missing'}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers refusals as problem+json with stable types', async () => {
    const anonymous = await ctx().app.inject({ method: 'GET', url: '/api/v1/audit-log' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ type: '/problems/unauthenticated', status: 401 });

    const agent = await ctx().app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: headers.agent });
    expect(agent.statusCode).toBe(403);
    expect(agent.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });

    const badToken = await ctx().app.inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer('rpt_not-a-real-token') });
    expect(badToken.statusCode).toBe(401);
    // A bad token on a public route is ignored rather than refused.
    expect((await ctx().app.inject({ method: 'GET', url: '/api/health', headers: bearer('rpt_not-a-real-token') })).statusCode).toBe(200);
  });

  it('refuses at start-up a route that does not declare its access', async () => {
    const app = Fastify();
    const registered: RouteAccess[] = [];
    registerAccessControl(app, ctx().services, registered);
    expect(() => app.get('/nope', async () => 'open by accident')).toThrow(/GET \/nope does not declare config\.access/);
    expect(() => app.post('/nope', { config: {} }, async () => 'open by accident')).toThrow(/config\.access/);
    app.get('/fine', { config: { access: 'public' } }, async () => 'ok');
    app.get('/admins', { config: { access: ['admin'] } }, async () => 'ok');
    expect(registered).toEqual([
      { method: 'GET', url: '/fine', access: 'public' },
      { method: 'GET', url: '/admins', access: ['admin'] },
    ]);
    await app.close();
  });

  it('documents every /api/v1 route in /api/openapi.json, and nothing else', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const api = routes().filter((route) => route.url.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThanOrEqual(25);
    const missing = api.filter((route) => !spec.paths[openApiPath(route.url)]?.[route.method.toLowerCase()]).map(describeRoute);
    expect(missing).toEqual([]);

    const known = new Set(routes().map((route) => `${route.method} ${openApiPath(route.url)}`));
    const documented = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((operation) => !known.has(operation))).toEqual([]);

    // The docs say which operations need credentials: exactly the non-public ones.
    for (const route of api) {
      const operation = spec.paths[openApiPath(route.url)][route.method.toLowerCase()];
      const isOpen = Array.isArray(operation.security) && operation.security.length === 0;
      expect(isOpen, describeRoute(route)).toBe(route.access === 'public');
    }
  });
});
