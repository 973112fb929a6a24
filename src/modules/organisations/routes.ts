import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateOrganisationBody, ListOrganisationsQuery, Organisation, UpdateOrganisationBody } from './schema.ts';
import type { OrganisationService } from './service.ts';

export async function organisationRoutes(app: App, { organisations }: { organisations: OrganisationService }) {
  const tags = ['organisations'];

  app.get('/api/v1/organisations', {
    config: { access: access.read },
    schema: { tags, summary: 'Organisations by name', querystring: ListOrganisationsQuery, response: { 200: PageOf(Organisation) } },
  }, async (request) => organisations.list(actorOf(request), request.query));

  app.post('/api/v1/organisations', {
    config: { access: access.work },
    schema: { tags, body: CreateOrganisationBody, response: { 201: Organisation } },
  }, async (request, reply) => reply.code(201).send(await organisations.create(actorOf(request), request.body)));

  app.get('/api/v1/organisations/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: Organisation } },
  }, async (request) => organisations.get(actorOf(request), request.params.id));

  app.patch('/api/v1/organisations/:id', {
    config: { access: access.work },
    schema: { tags, params: IdParams, body: UpdateOrganisationBody, response: { 200: Organisation } },
  }, async (request) => organisations.update(actorOf(request), request.params.id, request.body));
}
