import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import {
  CannedResponse,
  CreateCannedResponseBody,
  ListCannedResponsesQuery,
  RenderedCannedResponse,
  RenderParams,
  UpdateCannedResponseBody,
} from './schema.ts';
import type { CannedResponseService } from './service.ts';

export async function cannedResponseRoutes(app: App, { cannedResponses }: { cannedResponses: CannedResponseService }) {
  const tags = ['canned-responses'];

  app.get(
    '/api/v1/canned-responses',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'Canned responses the caller may use (view=use) or edit (view=manage), by title',
        querystring: ListCannedResponsesQuery,
        response: { 200: PageOf(CannedResponse) },
      },
    },
    async (request) => cannedResponses.list(actorOf(request), request.query),
  );

  app.post(
    '/api/v1/canned-responses',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary:
          'Save a canned response: personal (agents and up), team or shared (supervisors and admins); 422 names an unknown {{variable}}',
        body: CreateCannedResponseBody,
        response: { 201: CannedResponse },
      },
    },
    async (request, reply) => reply.code(201).send(await cannedResponses.create(actorOf(request), request.body)),
  );

  app.patch(
    '/api/v1/canned-responses/:id',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Change a canned response (the same rules as creating one)',
        params: IdParams,
        body: UpdateCannedResponseBody,
        response: { 200: CannedResponse },
      },
    },
    async (request) => cannedResponses.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/canned-responses/:id',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Archive a canned response: it leaves the lists and frees its shortcut',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await cannedResponses.archive(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/tickets/:ticketId/canned-responses/:id/render',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'The canned response filled in for this ticket and the calling agent (counts one use)',
        params: RenderParams,
        response: { 200: RenderedCannedResponse },
      },
    },
    async (request) => cannedResponses.render(actorOf(request), request.params.ticketId, request.params.id),
  );
}
