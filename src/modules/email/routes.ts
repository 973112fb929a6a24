import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams, PageOf, PageQuery } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { CreateMailboxBody, InboundEmail, InboundEmailStatus, Mailbox, RetriedInboundEmails, UpdateMailboxBody, type MailboxService } from './mailboxes.ts';

export async function emailRoutes(app: App, { mailboxes }: { mailboxes: MailboxService }) {
  const tags = ['email'];

  app.get('/api/v1/mailboxes', {
    config: { access: access.read },
    schema: { tags, summary: 'Addresses the workspace receives mail at', response: { 200: Type.Object({ items: Type.Array(Mailbox) }) } },
  }, async (request) => ({ items: await mailboxes.list(actorOf(request)) }));

  app.post('/api/v1/mailboxes', {
    config: { access: access.admin },
    schema: { tags, summary: 'Receive mail at an address (optionally for a team)', body: CreateMailboxBody, response: { 201: Mailbox } },
  }, async (request, reply) => reply.code(201).send(await mailboxes.create(actorOf(request), request.body)));

  app.patch('/api/v1/mailboxes/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, body: UpdateMailboxBody, response: { 200: Mailbox } },
  }, async (request) => mailboxes.update(actorOf(request), request.params.id, request.body));

  app.get('/api/v1/inbound-emails', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'The intake log: every stored message and what became of it, newest first (status=failed: the messages given up)',
      querystring: Type.Object({ ...PageQuery, status: Type.Optional(InboundEmailStatus) }),
      response: { 200: PageOf(InboundEmail) },
    },
  }, async (request) => mailboxes.inboundLog(actorOf(request), request.query));

  app.post('/api/v1/inbound-emails/retry', {
    config: { access: access.admin },
    schema: { tags, summary: 'Process every failed message again', response: { 200: RetriedInboundEmails } },
  }, async (request) => mailboxes.retryFailedInbound(actorOf(request)));

  app.post('/api/v1/inbound-emails/:id/retry', {
    config: { access: access.admin },
    schema: { tags, summary: 'Process a failed (or retrying) message again, now', params: IdParams, response: { 200: RetriedInboundEmails } },
  }, async (request) => mailboxes.retryInbound(actorOf(request), request.params.id));
}
