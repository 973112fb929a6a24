import type { FastifyRequest } from 'fastify';
import { access } from '../../lib/actor.ts';
import { forbidden, tooManyRequests, upgradeRequired } from '../../lib/errors.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import type { Credential, RealtimeFeed } from './feed.ts';

/** Browsers send Origin on every WebSocket handshake; a page of another site must not ride our cookie. */
function isSameOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser (API clients): no cookie of ours rides along uninvited
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

function credentialOf(request: FastifyRequest): Credential {
  if (request.sessionToken) return { kind: 'session', secret: request.sessionToken };
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match) return { kind: 'token', secret: match[1] };
  throw forbidden('No credential to keep the connection open with');
}

export async function realtimeRoutes(app: App, feed: RealtimeFeed) {
  // @fastify/websocket is registered in app.ts, ahead of the access hook: a refused upgrade's socket is closed.
  app.addHook('onClose', () => feed.stop());

  app.route({
    method: 'GET',
    url: '/api/v1/realtime',
    config: { access: access.read },
    schema: {
      tags: ['realtime'],
      summary: 'WebSocket: notices of new and changed tickets and messages, and who else has a ticket open',
      description:
        'Upgrade to a WebSocket (session cookie from the same origin, or a bearer token). The server sends JSON notices such as ' +
        '`{"type":"ticket.created","ticketId":"…"}`, `{"type":"message.added","ticketId":"…","messageId":"…"}` and ' +
        '`{"type":"presence","ticketId":"…","viewers":[{"userId":"…","name":"…","state":"replying"}]}`; refetch what they name ' +
        'through the API. Send `{"type":"presence","ticketId":"…"|null,"state":"viewing"|"replying"}` when it changes and every 10 s. ' +
        'A plain GET answers 426.',
    },
    preHandler: async (request) => {
      if (!isSameOrigin(request)) throw forbidden('A WebSocket from another site is refused');
      if (!feed.mayConnect(actorOf(request).userId)) throw tooManyRequests('Too many realtime connections for this user');
    },
    handler: async () => {
      throw upgradeRequired('This endpoint speaks WebSocket: send an Upgrade request');
    },
    wsHandler: (socket, request) => {
      feed.connect(socket, actorOf(request), credentialOf(request));
    },
  });
}
