import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Contact, CreateContactBody, ListContactsQuery, TimelineEntry, TimelineQuery, UpdateContactBody } from './schema.ts';
import type { ContactService } from './service.ts';

export async function contactRoutes(app: App, { contacts }: { contacts: ContactService }) {
  const tags = ['contacts'];

  app.get('/api/v1/contacts', {
    config: { access: access.read },
    schema: { tags, summary: 'Contacts, newest first', querystring: ListContactsQuery, response: { 200: PageOf(Contact) } },
  }, async (request) => contacts.list(actorOf(request), request.query));

  app.post('/api/v1/contacts', {
    config: { access: access.work },
    schema: { tags, body: CreateContactBody, response: { 201: Contact } },
  }, async (request, reply) => reply.code(201).send(await contacts.create(actorOf(request), request.body)));

  app.get('/api/v1/contacts/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: Contact } },
  }, async (request) => contacts.get(actorOf(request), request.params.id));

  app.get('/api/v1/contacts/:id/timeline', {
    config: { access: access.read },
    schema: {
      tags,
      summary: "The contact's interactions across channels: public messages on their tickets, newest first",
      params: IdParams,
      querystring: TimelineQuery,
      response: { 200: PageOf(TimelineEntry) },
    },
  }, async (request) => contacts.timeline(actorOf(request), request.params.id, request.query));

  app.patch('/api/v1/contacts/:id', {
    config: { access: access.work },
    schema: { tags, params: IdParams, body: UpdateContactBody, response: { 200: Contact } },
  }, async (request) => contacts.update(actorOf(request), request.params.id, request.body));
}
