import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Access, Actor } from './actor.ts';
import { unauthenticated } from './errors.ts';

// What a module's routes need of the HTTP layer; the app assembly (src/server/) fills it in.
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which roles the route admits; every route must say (see server/access.ts). */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | undefined;
  }
}

/** The Fastify instance a module registers its routes on; the module's services come as an argument. */
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
