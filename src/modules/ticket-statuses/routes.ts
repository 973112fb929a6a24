import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateCustomStatusBody, CustomStatus, UpdateCustomStatusBody } from './schema.ts';
import type { TicketStatusService } from './service.ts';

export async function ticketStatusRoutes(app: App, { ticketStatuses }: { ticketStatuses: TicketStatusService }) {
  const tags = ['ticket configuration'];

  app.get('/api/v1/ticket-statuses', {
    config: { access: access.read },
    schema: { tags, summary: "The workspace's custom statuses, each within a built-in category", response: { 200: Type.Object({ items: Type.Array(CustomStatus) }) } },
  }, async (request) => ({ items: await ticketStatuses.list(actorOf(request)) }));

  app.post('/api/v1/ticket-statuses', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a custom status mapped to a built-in category', body: CreateCustomStatusBody, response: { 201: CustomStatus } },
  }, async (request, reply) => reply.code(201).send(await ticketStatuses.create(actorOf(request), request.body)));

  app.patch('/api/v1/ticket-statuses/:id', {
    config: { access: access.admin },
    schema: { tags, summary: 'Rename, reorder or deactivate a custom status; its category changes only while unused', params: IdParams, body: UpdateCustomStatusBody, response: { 200: CustomStatus } },
  }, async (request) => ticketStatuses.update(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/ticket-statuses/:id', {
    config: { access: access.admin },
    schema: { tags, summary: 'Delete an unused custom status (409 while tickets have it: deactivate it instead)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await ticketStatuses.remove(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
