import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { IdParams } from '../../lib/schema.ts';
import type { PortalService } from '../portal/service.ts';
import { renderCharter } from './page.ts';
import { CreateServiceOfferingBody, ServiceOffering, UpdateServiceOfferingBody } from './schema.ts';
import type { CharterService } from './service.ts';

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The service catalogue API (admins write, staff read) and the public charter page. */
export async function charterRoutes(app: App, { charter, portal }: { charter: CharterService; portal: PortalService }) {
  const tags = ['service-catalogue'];

  app.get(
    '/api/v1/service-catalogue',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'The services the desk offers, in order',
        response: { 200: Type.Object({ items: Type.Array(ServiceOffering) }) },
      },
    },
    async (request) => ({ items: await charter.listOfferings(actorOf(request)) }),
  );

  app.post(
    '/api/v1/service-catalogue',
    {
      config: { access: access.admin },
      schema: { tags, body: CreateServiceOfferingBody, response: { 201: ServiceOffering } },
    },
    async (request, reply) => reply.code(201).send(await charter.createOffering(actorOf(request), request.body)),
  );

  app.patch(
    '/api/v1/service-catalogue/:id',
    {
      config: { access: access.admin },
      schema: { tags, params: IdParams, body: UpdateServiceOfferingBody, response: { 200: ServiceOffering } },
    },
    async (request) => charter.updateOffering(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/service-catalogue/:id',
    {
      config: { access: access.admin },
      schema: { tags, params: IdParams },
    },
    async (request, reply) => {
      await charter.removeOffering(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/charter',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'The public service charter (HTML): services, channels and hours, promises with their measured adherence, complaints',
        security: [],
      },
    },
    async (request, reply) => {
      const workspace = await portal.workspaceFor(request.headers.host);
      reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
      if (!workspace)
        return reply
          .code(404)
          .send(
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>There is no service charter at ${escapeHtml(String(request.headers.host ?? 'this address'))}.</p></main></body></html>`,
          );
      const page = renderCharter(
        await charter.charter(workspace.actor, workspace.name),
        new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      );
      return reply.header('cache-control', 'public, max-age=300').send(page);
    },
  );
}
