import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateTeamBody, Team, UpdateTeamBody } from './schema.ts';
import type { TeamService } from './service.ts';

export async function teamRoutes(app: App, { teams }: { teams: TeamService }) {
  const tags = ['teams'];

  app.get('/api/v1/teams', {
    config: { access: access.read },
    schema: { tags, response: { 200: Type.Object({ items: Type.Array(Team) }) } },
  }, async (request) => ({ items: await teams.list(actorOf(request)) }));

  app.post('/api/v1/teams', {
    config: { access: access.admin },
    schema: { tags, body: CreateTeamBody, response: { 201: Team } },
  }, async (request, reply) => reply.code(201).send(await teams.create(actorOf(request), request.body)));

  app.get('/api/v1/teams/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: Team } },
  }, async (request) => teams.get(actorOf(request), request.params.id));

  app.patch('/api/v1/teams/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Rename a team or set its members', params: IdParams, body: UpdateTeamBody, response: { 200: Team } },
  }, async (request) => teams.update(actorOf(request), request.params.id, request.body));
}
