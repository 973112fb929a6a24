import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { PageOf } from '../../lib/schema.ts';
import { HoldParams, LegalHold, ListHoldsQuery, RetentionStatus, SetHoldBody } from './schema.ts';
import type { RetentionService } from './service.ts';

export async function retentionRoutes(app: App, { retention }: { retention: RetentionService }) {
  const tags = ['retention'];

  app.get('/api/v1/retention', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'The retention policy in force, how far raw data and summaries were removed, and the last (or current) run with what it removed',
      response: { 200: RetentionStatus },
    },
  }, async (request) => retention.status(actorOf(request)));

  app.get('/api/v1/legal-holds', {
    config: { access: access.manage },
    schema: { tags, summary: 'Records under legal hold, newest first', querystring: ListHoldsQuery, response: { 200: PageOf(LegalHold) } },
  }, async (request) => retention.listHolds(actorOf(request), request.query));

  app.put('/api/v1/legal-holds/:targetType/:targetId', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Put a ticket, a contact (and their tickets) or an organisation (its contacts and tickets) under legal hold: retention leaves them alone (audited)',
      params: HoldParams,
      body: SetHoldBody,
      response: { 200: LegalHold },
    },
  }, async (request) => retention.setHold(actorOf(request), request.params.targetType, request.params.targetId, request.body));

  app.delete('/api/v1/legal-holds/:targetType/:targetId', {
    config: { access: access.manage },
    schema: { tags, summary: 'Lift a legal hold (audited): the next retention run treats the record like any other', params: HoldParams },
  }, async (request, reply) => {
    await retention.clearHold(actorOf(request), request.params.targetType, request.params.targetId);
    return reply.code(204).send();
  });
}
