import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { notFound } from '../../lib/errors.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import {
  AddMessageBody,
  CountTicketsQuery,
  CreateTicketBody,
  ListTicketsQuery,
  Message,
  Ticket,
  TicketCount,
  TicketEvent,
  UpdateTicketBody,
} from './schema.ts';
import { parseIfMatch, type TicketService } from './service.ts';
import type { MessageService } from './messages-service.ts';

const etag = (ticket: { version: number }) => `"${ticket.version}"`;

export async function ticketRoutes(app: App, { tickets, messages }: { tickets: TicketService; messages: MessageService }) {
  const tags = ['tickets'];

  app.get('/api/v1/tickets', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'List tickets with filters, newest first by default; cursor-paginated',
      querystring: ListTicketsQuery,
      response: { 200: PageOf(Ticket) },
    },
  }, async (request) => tickets.list(actorOf(request), request.query));

  app.get('/api/v1/tickets/count', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'How many tickets match the list filters (counted up to 10,000): the inbox view counts',
      querystring: CountTicketsQuery,
      response: { 200: TicketCount },
    },
  }, async (request) => tickets.count(actorOf(request), request.query));

  app.get('/api/v1/tickets/by-number/:number', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The ticket with this number (as agents type it, e.g. when linking or merging)',
      params: Type.Object({ number: Type.Integer({ minimum: 1 }) }),
      response: { 200: Ticket },
    },
  }, async (request, reply) => {
    const ticket = await tickets.findByNumber(actorOf(request), request.params.number);
    if (!ticket) throw notFound('Ticket');
    return reply.header('etag', etag(ticket)).send(ticket);
  });

  app.post('/api/v1/tickets', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Create a ticket; the requester is found by email or created as a contact',
      body: CreateTicketBody,
      response: { 201: Ticket },
    },
  }, async (request, reply) => {
    const ticket = await tickets.create(actorOf(request), request.body);
    return reply.code(201).header('etag', etag(ticket)).header('location', `/api/v1/tickets/${ticket.id}`).send(ticket);
  });

  app.get('/api/v1/tickets/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: Ticket } },
  }, async (request, reply) => {
    const ticket = await tickets.get(actorOf(request), request.params.id);
    return reply.header('etag', etag(ticket)).send(ticket);
  });

  app.patch('/api/v1/tickets/:id', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Update a ticket; send If-Match with its ETag and a stale write gets 412',
      params: IdParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 40 })) }),
      body: UpdateTicketBody,
      response: { 200: Ticket },
    },
  }, async (request, reply) => {
    const ticket = await tickets.update(actorOf(request), request.params.id, request.body, parseIfMatch(request.headers['if-match']));
    return reply.header('etag', etag(ticket)).send(ticket);
  });

  app.get('/api/v1/tickets/:id/messages', {
    config: { access: access.read },
    schema: { tags, summary: 'Messages and internal notes, oldest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Message) }) } },
  }, async (request) => ({ items: await messages.list(actorOf(request), request.params.id) }));

  app.post('/api/v1/tickets/:id/messages', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Reply, add an internal note, or log a customer message',
      params: IdParams,
      body: AddMessageBody,
      response: { 201: Message },
    },
  }, async (request, reply) => reply.code(201).send(await messages.add(actorOf(request), request.params.id, request.body)));

  app.get('/api/v1/tickets/:id/events', {
    config: { access: access.read },
    schema: { tags, summary: "The ticket's history: who changed what, when", params: IdParams, response: { 200: Type.Object({ items: Type.Array(TicketEvent) }) } },
  }, async (request) => ({ items: await tickets.history(actorOf(request), request.params.id) }));

  app.get('/api/v1/attachments/:id', {
    config: { access: access.read },
    schema: { tags, summary: 'Download an attachment', params: IdParams },
  }, async (request, reply) => {
    const file = await messages.attachment(actorOf(request), request.params.id);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.data);
  });
}
