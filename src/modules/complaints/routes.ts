import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Complaint, ListComplaintsQuery, UpdateComplaintBody } from './schema.ts';
import type { ComplaintService } from './service.ts';

export async function complaintRoutes(app: App, { complaints }: { complaints: ComplaintService }) {
  const tags = ['complaints'];

  app.get('/api/v1/complaints', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The complaints register: formal complaints, newest first, by step and category; cursor-paginated',
      querystring: ListComplaintsQuery,
      response: { 200: PageOf(Complaint) },
    },
  }, async (request) => complaints.list(actorOf(request), request.query));

  app.get('/api/v1/tickets/:id/complaint', {
    config: { access: access.read },
    schema: { tags, summary: "A formal complaint's steps, root cause and service recovery (404 for other ticket types)", params: IdParams, response: { 200: Complaint } },
  }, async (request) => complaints.get(actorOf(request), request.params.id));

  app.patch('/api/v1/tickets/:id/complaint', {
    config: { access: access.work },
    schema: {
      tags,
      summary: "Record a complaint's findings and complete its steps in order (skipping needs skipReason; record needs rootCause; improve needs correctiveAction)",
      params: IdParams,
      body: UpdateComplaintBody,
      response: { 200: Complaint },
    },
  }, async (request) => complaints.update(actorOf(request), request.params.id, request.body));
}
