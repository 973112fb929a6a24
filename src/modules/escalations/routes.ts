import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams, PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import {
  EscalateBody,
  Escalation,
  EscalationSettings,
  EscalationSummary,
  EscalationSummaryQuery,
  ListEscalationsQuery,
  RecordOutcomeBody,
} from './schema.ts';
import type { EscalationService } from './service.ts';

export async function escalationRoutes(app: App, { escalations }: { escalations: EscalationService }) {
  const tags = ['escalations'];

  app.get('/api/v1/escalations/settings', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'The priority matrix, tier raises and escalation tiers in force; admins change them in the workspace settings',
      response: { 200: EscalationSettings },
    },
  }, async (request) => escalations.settings(actorOf(request)));

  app.post('/api/v1/tickets/:id/escalations', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Escalate a ticket to the next tier (or toTier) with a reason',
      params: IdParams,
      body: EscalateBody,
      response: { 201: Escalation },
    },
  }, async (request, reply) => reply.code(201).send(await escalations.escalate(actorOf(request), request.params.id, request.body)));

  app.get('/api/v1/tickets/:id/escalations', {
    config: { access: access.read },
    schema: { tags, summary: "The ticket's escalations, oldest first", params: IdParams, response: { 200: Type.Object({ items: Type.Array(Escalation) }) } },
  }, async (request) => ({ items: await escalations.listForTicket(actorOf(request), request.params.id) }));

  app.get('/api/v1/escalations', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'The escalation log for review, newest first: filter by priority (e.g. P1,P2), dates, outcome, trigger or ticket',
      querystring: ListEscalationsQuery,
      response: { 200: PageOf(Escalation) },
    },
  }, async (request) => escalations.list(actorOf(request), request.query));

  app.get('/api/v1/escalations/summary', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Counts by tier, trigger and outcome, the over-escalation rate and the share that met their tier target',
      querystring: EscalationSummaryQuery,
      response: { 200: EscalationSummary },
    },
  }, async (request) => escalations.summary(actorOf(request), request.query));

  app.get('/api/v1/escalations/:id', {
    config: { access: access.manage },
    schema: { tags, params: IdParams, response: { 200: Escalation } },
  }, async (request) => escalations.get(actorOf(request), request.params.id));

  app.patch('/api/v1/escalations/:id', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: "Record the review's outcome; sent-back returns the ticket to the tier it came from",
      params: IdParams,
      body: RecordOutcomeBody,
      response: { 200: Escalation },
    },
  }, async (request) => escalations.recordOutcome(actorOf(request), request.params.id, request.body));
}
