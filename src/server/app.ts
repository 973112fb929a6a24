import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Clock } from '../lib/clock.ts';
import { logSafeUrl } from '../lib/log-safe-url.ts';
import type { App } from '../lib/route-kit.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { cannedResponseRoutes } from '../modules/canned-responses/routes.ts';
import { knowledgeBaseRoutes } from '../modules/kb/routes.ts';
import { portalRoutes } from '../modules/portal/routes.ts';
import { charterRoutes } from '../modules/charter/routes.ts';
import { complaintRoutes } from '../modules/complaints/routes.ts';
import { contactRoutes } from '../modules/contacts/routes.ts';
import { customFieldRoutes } from '../modules/custom-fields/routes.ts';
import { organisationRoutes } from '../modules/organisations/routes.ts';
import { createRealtimeFeed } from '../modules/realtime/feed.ts';
import { realtimeRoutes } from '../modules/realtime/routes.ts';
import type { Dispatcher } from '../modules/outbox/dispatcher.ts';
import { emailRoutes } from '../modules/email/routes.ts';
import { escalationRoutes } from '../modules/escalations/routes.ts';
import { followUpRoutes } from '../modules/follow-ups/routes.ts';
import { routingRoutes } from '../modules/routing/routes.ts';
import { searchRoutes } from '../modules/search/routes.ts';
import { dashboardRoutes } from '../modules/metrics/dashboard-routes.ts';
import { reportRoutes } from '../modules/metrics/routes.ts';
import { retentionRoutes } from '../modules/retention/routes.ts';
import { reportScheduleRoutes } from '../modules/metrics/schedule-routes.ts';
import { slaRoutes } from '../modules/sla/routes.ts';
import { surveyRoutes } from '../modules/surveys/routes.ts';
import { teamRoutes } from '../modules/teams/routes.ts';
import { ticketStatusRoutes } from '../modules/ticket-statuses/routes.ts';
import { ticketRoutes } from '../modules/tickets/routes.ts';
import { ticketStructureRoutes } from '../modules/tickets/structure-routes.ts';
import { SESSION_COOKIE } from '../modules/auth/service.ts';
import { userRoutes } from '../modules/users/routes.ts';
import { wfmRoutes } from '../modules/wfm/routes.ts';
import { scheduleRoutes } from '../modules/wfm/schedule-routes.ts';
import { workspaceRoutes } from '../modules/workspace/routes.ts';
import { type RouteAccess, registerAccessControl } from './access.ts';
import { answerClientError, problem, sendProblem, toProblem } from './problems.ts';
import { refuseUnstorableText } from './storable-text.ts';
import { createServices, type Services } from './services.ts';
import { lazySerializerFactory, validatorCompiler } from './validation.ts';
import { VERSION } from './version.ts';
import { webAppRoutes } from './web-app.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service graph, for the entry points and tests; a module's routes receive theirs as an argument. */
    services: Services;
  }
}

export interface AppOptions {
  database: DatabaseHandle;
  clock: Clock;
  secret: string;
  dispatcher?: Dispatcher;
  logger?: FastifyBaseLogger;
  trustProxy?: boolean;
  /** One line per answered request at this level (debug for a person at a terminal). */
  requestLogLevel?: 'info' | 'debug';
  /** A slow client cannot hold a connection open: the request (and its headers) must arrive in time, else 408. */
  timeouts?: { requestTimeoutMs: number; headersTimeoutMs: number };
}

/** Fastify logs two lines per request; one line once it is answered says as much, at the chosen level. */
class RequestLogController extends LogController {
  constructor(private readonly level: 'info' | 'debug') {
    super();
  }

  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = `${request.method} ${logSafeUrl(request.url.split('?')[0])} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, line);
    else reply.log[this.level]({ req: request, res: reply, responseTime: reply.elapsedTime }, line);
  }
}

export async function buildApp(options: AppOptions) {
  const { database, clock, dispatcher } = options;
  const services = createServices(database, { clock, secret: options.secret, afterCommit: () => dispatcher?.nudge(), logger: options.logger });
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    logController: new RequestLogController(options.requestLogLevel ?? 'info'),
    requestTimeout: options.timeouts?.requestTimeoutMs ?? 0,
    // Node checks the timeouts every connectionsCheckingInterval (30 s by default): check every second.
    http: { headersTimeout: options.timeouts?.headersTimeoutMs ?? 60_000, connectionsCheckingInterval: 1000 },
    // Errors Fastify and Node answer themselves (a bad URL, a 414, a 408, a 431) are problems too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, toProblem(error, request)),
    clientErrorHandler: answerClientError,
    // While stopping, a request on an open connection is answered (then the connection closes)
    // rather than refused with Fastify's plain-JSON 503: runtime.ts drains them before closing.
    return503OnClosing: false,
    bodyLimit: 20 * 1024 * 1024,
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  const routes: RouteAccess[] = [];

  app.setValidatorCompiler(validatorCompiler);
  app.addHook('preValidation', refuseUnstorableText);
  // The API speaks JSON only: a text/plain body is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  app.decorate('services', services);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error as Error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem('not-found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );

  await app.register(cookie);
  // Before the access hook: the plugin marks upgrade requests first, so a refused upgrade's socket is closed.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  registerAccessControl(app, services, routes);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rapport API', version: VERSION, description: 'Self-hosted customer service and relationship platform' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from `rapport token create` or POST /api/v1/tokens' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, version: { type: 'string' } } } } },
  }, async () => ({ status: 'ok', database: database.dialect, version: VERSION }));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  for (const register of [authRoutes, workspaceRoutes, userRoutes, teamRoutes, organisationRoutes, contactRoutes, ticketRoutes, ticketStructureRoutes, ticketStatusRoutes, customFieldRoutes, complaintRoutes, escalationRoutes, slaRoutes, emailRoutes, routingRoutes, searchRoutes, auditRoutes, cannedResponseRoutes, reportRoutes, retentionRoutes, dashboardRoutes, reportScheduleRoutes, surveyRoutes, followUpRoutes, wfmRoutes, scheduleRoutes, knowledgeBaseRoutes, portalRoutes, charterRoutes, webAppRoutes]) {
    await app.register(async (scope) => register(scope as App, services));
  }
  // Realtime: each app (process) tails the outbox for its own sockets; runtime.ts starts the feed.
  const realtime = createRealtimeFeed({ db: database.db, clock, auth: services.auth, tickets: services.tickets, users: services.users, logger: options.logger });
  await app.register(async (scope) => realtimeRoutes(scope as App, realtime));
  await app.ready();
  return Object.assign(app, { routeAccess: routes, realtime });
}

export type RapportApp = Awaited<ReturnType<typeof buildApp>>;
