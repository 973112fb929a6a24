import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams, PageOf, PageQuery } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import {
  Agent,
  CreateRuleBody,
  IdleTicket,
  Queue,
  QueueQuery,
  RoutingRule,
  TeamRouting,
  UpdateAgentStateBody,
  UpdateRuleBody,
  UpdateTeamRoutingBody,
} from './schema.ts';
import type { RoutingService } from './service.ts';
import type { LifecycleService } from './lifecycle.ts';

export async function routingRoutes(app: App, { routing, lifecycle }: { routing: RoutingService; lifecycle: LifecycleService }) {
  const tags = ['routing'];

  app.get('/api/v1/routing/rules', {
    config: { access: access.read },
    schema: { tags, summary: 'Routing rules in the order they are tried', response: { 200: Type.Object({ items: Type.Array(RoutingRule) }) } },
  }, async (request) => ({ items: await routing.listRules(actorOf(request)) }));

  app.post('/api/v1/routing/rules', {
    config: { access: access.admin },
    schema: { tags, summary: 'Add a rule: new tickets without a team that match it go to its team', body: CreateRuleBody, response: { 201: RoutingRule } },
  }, async (request, reply) => reply.code(201).send(await routing.createRule(actorOf(request), request.body)));

  app.patch('/api/v1/routing/rules/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, body: UpdateRuleBody, response: { 200: RoutingRule } },
  }, async (request) => routing.updateRule(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/routing/rules/:id', {
    config: { access: access.admin },
    schema: { tags, params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await routing.deleteRule(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/teams/:id/routing', {
    config: { access: access.read },
    schema: { tags, summary: "How a team's tickets are assigned", params: IdParams, response: { 200: TeamRouting } },
  }, async (request) => routing.getTeamRouting(actorOf(request), request.params.id));

  app.put('/api/v1/teams/:id/routing', {
    config: { access: access.admin },
    schema: { tags, summary: 'Set the assignment strategy and default capacity; the queue is then filled', params: IdParams, body: UpdateTeamRoutingBody, response: { 200: TeamRouting } },
  }, async (request) => routing.updateTeamRouting(actorOf(request), request.params.id, request.body));

  app.get('/api/v1/routing/queue', {
    config: { access: access.read },
    schema: { tags, summary: "A team's unassigned tickets in assignment order", querystring: QueueQuery, response: { 200: Queue } },
  }, async (request) => routing.queue(actorOf(request), request.query));

  app.get('/api/v1/routing/idle-tickets', {
    config: { access: access.read },
    schema: {
      tags,
      summary: 'Tickets left untouched past the idle limit (workspace setting idleAlertBusinessHours), longest idle first',
      querystring: Type.Object(PageQuery),
      response: { 200: PageOf(IdleTicket) },
    },
  }, async (request) => lifecycle.listIdle(actorOf(request), request.query));

  app.get('/api/v1/agents', {
    config: { access: access.read },
    schema: { tags, summary: 'Staff who take tickets: availability, capacity, skills and load', response: { 200: Type.Object({ items: Type.Array(Agent) }) } },
  }, async (request) => ({ items: await routing.listAgents(actorOf(request)) }));

  app.get('/api/v1/agents/:id', {
    config: { access: access.read },
    schema: { tags, params: IdParams, response: { 200: Agent } },
  }, async (request) => routing.getAgent(actorOf(request), request.params.id));

  app.patch('/api/v1/agents/:id/state', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Set availability (yourself; supervisors and admins for anyone), capacity and skills (supervisors and admins)',
      description: 'Coming online or getting more capacity assigns waiting tickets at once, earliest SLA due first.',
      params: IdParams,
      body: UpdateAgentStateBody,
      response: { 200: Agent },
    },
  }, async (request) => routing.updateAgentState(actorOf(request), request.params.id, request.body));
}
