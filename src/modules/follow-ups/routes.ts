import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { FollowUp, ListFollowUpsQuery, UpdateFollowUpBody } from './schema.ts';
import type { FollowUpService } from './service.ts';

export async function followUpRoutes(app: App, { followUps }: { followUps: FollowUpService }) {
  const tags = ['follow-ups'];

  app.get(
    '/api/v1/follow-ups',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Follow-ups of low CSAT answers (a ticket) and NPS detractors (a contact), soonest due first: supervisors and admins see all, agents their own',
        querystring: ListFollowUpsQuery,
        response: { 200: PageOf(FollowUp) },
      },
    },
    async (request) => followUps.list(actorOf(request), request.query),
  );

  app.patch(
    '/api/v1/follow-ups/:id',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Reassign a follow-up (supervisors and admins) or close it with a "what we changed" note',
        params: IdParams,
        body: UpdateFollowUpBody,
        response: { 200: FollowUp },
      },
    },
    async (request) => followUps.update(actorOf(request), request.params.id, request.body),
  );
}
