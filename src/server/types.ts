import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Access, Actor } from '../lib/actor.ts';
import { unauthenticated } from '../lib/errors.ts';
import type { Services } from './services.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which roles the route admits; every route must say (see access.ts). */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | undefined;
  }
  interface FastifyInstance {
    services: Services;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The signed-in actor of a non-public route (the access hook has already checked it exists). */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
