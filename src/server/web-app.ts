import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { access } from '../lib/actor.ts';
import { projectRoot } from '../lib/project-root.ts';
import type { App } from '../lib/route-kit.ts';

/** The agent app's build (scripts/build-web.js writes it; `rapport serve` rebuilds it when stale). */
export const agentAppDir = join(projectRoot, 'web', 'dist', 'agent');

// Scripts and styles only from our own origin: no inline code, so injected markup cannot run.
// Images may be data: URLs (inline email images); remote images stay blocked (tracking pixels).
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const notBuiltPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Rapport</title>
<p>The agent web app is not built. Run <code>npm run build:web</code> (or <code>npm ci</code>), then reload.
The API is available at <a href="/api/docs">/api/docs</a>.</p></html>`;

function withPageHeaders(reply: FastifyReply) {
  return reply
    .header('content-security-policy', csp)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

/**
 * Serves the agent app at `/`: hashed files under /assets/ are cached for a year, index.html is
 * revalidated on every load, and any other path that is not a file (a client-side route such as
 * /tickets/123) gets index.html. Paths under /api/ never fall back: unknown ones stay JSON 404s.
 */
export async function webAppRoutes(app: App) {
  await app.register(fastifyStatic, { root: agentAppDir, serve: false, preCompressed: true });

  app.get('/*', { config: { access: access.public }, schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'] ?? '';
    if (path === 'api' || path.startsWith('api/')) return reply.callNotFound();
    if (path.startsWith('assets/')) {
      return reply.header('x-content-type-options', 'nosniff').sendFile(path, { maxAge: '365d', immutable: true });
    }
    // A path with a file extension is a file request (favicon.svg): a missing one is a 404, not the app.
    if (/\.[A-Za-z0-9]+$/.test(path)) {
      return reply.header('x-content-type-options', 'nosniff').sendFile(path, { maxAge: '1h' });
    }
    if (!existsSync(join(agentAppDir, 'index.html'))) {
      return withPageHeaders(reply).code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuiltPage);
    }
    // no-cache: a new build's index.html (naming new hashed files) is picked up on the next load.
    return withPageHeaders(reply).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}
