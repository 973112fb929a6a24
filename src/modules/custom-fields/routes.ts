import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateCustomFieldBody, CustomField, UpdateCustomFieldBody } from './schema.ts';
import type { CustomFieldService } from './service.ts';

export async function customFieldRoutes(app: App, { customFields }: { customFields: CustomFieldService }) {
  const tags = ['ticket configuration'];

  app.get('/api/v1/custom-fields', {
    config: { access: access.read },
    schema: { tags, summary: "The workspace's ticket fields, in display order", response: { 200: Type.Object({ items: Type.Array(CustomField) }) } },
  }, async (request) => ({ items: await customFields.list(actorOf(request)) }));

  app.post('/api/v1/custom-fields', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a ticket field: text, number, date, select, multi-select or checkbox', body: CreateCustomFieldBody, response: { 201: CustomField } },
  }, async (request, reply) => reply.code(201).send(await customFields.create(actorOf(request), request.body)));

  app.patch('/api/v1/custom-fields/:id', {
    config: { access: access.admin },
    schema: { tags, summary: 'Change a field (not its key or type)', params: IdParams, body: UpdateCustomFieldBody, response: { 200: CustomField } },
  }, async (request) => customFields.update(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/custom-fields/:id', {
    config: { access: access.admin },
    schema: { tags, summary: 'Delete a field no ticket has a value for (409 otherwise: deactivate it instead)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await customFields.remove(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
