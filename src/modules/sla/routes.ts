import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import {
  Calendar,
  CreateCalendarBody,
  CreatePolicyBody,
  SlaExplanation,
  SlaPolicy,
  UpdateCalendarBody,
  UpdatePolicyBody,
} from './schema.ts';
import type { SlaService } from './service.ts';

export async function slaRoutes(app: App, { sla }: { sla: SlaService }) {
  const tags = ['sla'];

  app.get('/api/v1/sla/calendars', {
    config: { access: access.read },
    schema: { tags, summary: 'Business-hours calendars', response: { 200: Type.Object({ items: Type.Array(Calendar) }) } },
  }, async (request) => ({ items: await sla.listCalendars(actorOf(request)) }));

  app.post('/api/v1/sla/calendars', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a calendar (time zone, weekly hours, holidays)', body: CreateCalendarBody, response: { 201: Calendar } },
  }, async (request, reply) => reply.code(201).send(await sla.createCalendar(actorOf(request), request.body)));

  app.patch('/api/v1/sla/calendars/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, body: UpdateCalendarBody, response: { 200: Calendar } },
  }, async (request) => sla.updateCalendar(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/sla/calendars/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await sla.deleteCalendar(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/sla/policies', {
    config: { access: access.read },
    schema: { tags, summary: 'SLA policies in the order they are tried', response: { 200: Type.Object({ items: Type.Array(SlaPolicy) }) } },
  }, async (request) => ({ items: await sla.listPolicies(actorOf(request)) }));

  app.post('/api/v1/sla/policies', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a policy; open tickets are re-evaluated', body: CreatePolicyBody, response: { 201: SlaPolicy } },
  }, async (request, reply) => reply.code(201).send(await sla.createPolicy(actorOf(request), request.body)));

  app.patch('/api/v1/sla/policies/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, body: UpdatePolicyBody, response: { 200: SlaPolicy } },
  }, async (request) => sla.updatePolicy(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/sla/policies/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await sla.deletePolicy(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/tickets/:id/sla', {
    config: { access: access.read },
    schema: { tags, summary: "Which policy applies and each clock's arithmetic", params: IdParams, response: { 200: SlaExplanation } },
  }, async (request) => sla.explain(actorOf(request), request.params.id));
}
