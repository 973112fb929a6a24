import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateUserBody, UpdatedUser, UpdateUserBody, User } from './schema.ts';
import type { UserService } from './service.ts';

export async function userRoutes(app: App, { users }: { users: UserService }) {
  const tags = ['users'];

  app.get('/api/v1/users', {
    config: { access: access.read },
    schema: { tags, summary: 'Staff users of the workspace', response: { 200: Type.Object({ items: Type.Array(User) }) } },
  }, async (request) => ({ items: await users.list(actorOf(request)) }));

  app.post('/api/v1/users', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a staff user', body: CreateUserBody, response: { 201: User } },
  }, async (request, reply) => reply.code(201).send(await users.create(actorOf(request), request.body)));

  app.get('/api/v1/users/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: User } },
  }, async (request) => users.get(actorOf(request), request.params.id));

  app.patch('/api/v1/users/:id', {
    config: { access: access.admin },
    schema: {
      tags,
      summary: 'Change name, role, active flag, seniority or password (audited); a password reset signs the user out everywhere and revokes their API tokens, said in `warnings`',
      params: IdParams,
      body: UpdateUserBody,
      response: { 200: UpdatedUser },
    },
  }, async (request) => users.update(actorOf(request), request.params.id, request.body));
}
