import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Ticket } from './schema.ts';
import { BulkUpdateBody, CreateLinkBody, LinkParams, MergeBody, MergeResult, SplitBody, TicketLink } from './structure-schema.ts';
import type { MergeService } from './merge-service.ts';
import type { LinkService } from './links-service.ts';
import type { BulkService } from './bulk-service.ts';

/** Merge, split, links and bulk updates: the routes that change how tickets relate to each other. */
export async function ticketStructureRoutes(app: App, { ticketMerges, ticketLinks, ticketBulk }: { ticketMerges: MergeService; ticketLinks: LinkService; ticketBulk: BulkService }) {
  const tags = ['tickets'];

  app.post('/api/v1/tickets/:id/merge', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Merge this ticket into another: messages, attachments, links and tags move there; this one is closed and answers with mergedIntoId',
      params: IdParams,
      body: MergeBody,
      response: { 200: MergeResult },
    },
  }, async (request) => ticketMerges.merge(actorOf(request), request.params.id, request.body));

  app.post('/api/v1/tickets/:id/split', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Move one message into a new ticket of the same requester, linked to this one as related',
      params: IdParams,
      body: SplitBody,
      response: { 201: Ticket },
    },
  }, async (request, reply) => {
    const ticket = await ticketMerges.split(actorOf(request), request.params.id, request.body);
    return reply.code(201).header('location', `/api/v1/tickets/${ticket.id}`).send(ticket);
  });

  app.get('/api/v1/tickets/:id/links', {
    config: { access: access.read },
    schema: { tags, summary: 'Linked tickets in both directions, each with its relation to this one', params: IdParams, response: { 200: Type.Object({ items: Type.Array(TicketLink) }) } },
  }, async (request) => ({ items: await ticketLinks.list(actorOf(request), request.params.id) }));

  app.post('/api/v1/tickets/:id/links', {
    config: { access: access.work },
    schema: { tags, summary: 'Link another ticket: related, duplicate-of/duplicated-by, parent-of/child-of', params: IdParams, body: CreateLinkBody, response: { 201: TicketLink } },
  }, async (request, reply) => reply.code(201).send(await ticketLinks.add(actorOf(request), request.params.id, request.body)));

  app.delete('/api/v1/tickets/:id/links/:linkId', {
    config: { access: access.work },
    schema: { tags, summary: 'Remove a link (from either of its tickets)', params: LinkParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await ticketLinks.remove(actorOf(request), request.params.id, request.params.linkId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/tickets/bulk', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Apply one change to up to 100 tickets with the rules of PATCH: all of them change, or none does',
      body: BulkUpdateBody,
      response: { 200: Type.Object({ items: Type.Array(Ticket) }) },
    },
  }, async (request) => ({ items: await ticketBulk.update(actorOf(request), request.body) }));
}
