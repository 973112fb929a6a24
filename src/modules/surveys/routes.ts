import type { FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../lib/actor.ts';
import { acceptFormPosts } from '../../lib/form-body.ts';
import { PageOf } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import type { AuthService } from '../auth/service.ts';
import { SESSION_COOKIE } from '../auth/service.ts';
import type { NpsService } from './nps-service.ts';
import {
  Feedback,
  ListFeedbackQuery,
  ListNpsFeedbackQuery,
  NpsFeedback,
  SurveySettings,
  SurveyTokenParams,
  TicketSurvey,
  TicketSurveyParams,
  UpdateSurveySettingsBody,
} from './schema.ts';
import type { RenderedPage, SurveyService, SurveyViewer } from './service.ts';

// The pages are served to anyone with the link: no scripts, no framing, no referrer (the URL is the key).
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The answer's fields: a form's or a JSON object's (anything else is no fields, which the rules then name). */
const bodyOf = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};

const sendPage = (reply: FastifyReply, page: RenderedPage) =>
  reply.code(page.status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page.html);

export async function surveyRoutes(app: App, { surveys, nps, auth }: { surveys: SurveyService; nps: NpsService; auth: AuthService }) {
  const tags = ['surveys'];

  /**
   * A signed-in staff user sees the form read-only. The access hook already knows a bearer token or a
   * session on a safe request; a form POST carries the session cookie without its CSRF header, so
   * the cookie itself is checked too — staff can never answer for the customer.
   */
  async function viewerOf(request: FastifyRequest): Promise<SurveyViewer> {
    if (request.actor) return 'staff';
    const session = request.cookies?.[SESSION_COOKIE];
    return session && (await auth.authenticateSession(session)) ? 'staff' : 'customer';
  }

  app.get(
    '/api/v1/surveys/settings',
    {
      config: { access: access.read },
      schema: { tags, summary: 'The survey settings in force, CSAT and NPS (defaults where never changed)', response: { 200: SurveySettings } },
    },
    async (request) => surveys.getSettings(actorOf(request)),
  );

  app.patch(
    '/api/v1/surveys/settings',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Change the survey settings, CSAT and NPS (admins)',
        body: UpdateSurveySettingsBody,
        response: { 200: SurveySettings },
      },
    },
    async (request) => surveys.updateSettings(actorOf(request), request.body),
  );

  app.get(
    '/api/v1/surveys',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'Survey answers (feedback), newest first; filter by score range and comment',
        querystring: ListFeedbackQuery,
        response: { 200: PageOf(Feedback) },
      },
    },
    async (request) => surveys.listFeedback(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/surveys/nps',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: "NPS answers, newest first; filter by contact, group (promoters, passives, detractors), comment and the period's local dates",
        querystring: ListNpsFeedbackQuery,
        response: { 200: PageOf(NpsFeedback) },
      },
    },
    async (request) => nps.listAnswers(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/tickets/:id/survey',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: "The ticket's CSAT survey: scheduled, sent, cancelled or skipped, and the answer",
        params: TicketSurveyParams,
        response: { 200: TicketSurvey },
      },
    },
    async (request) => surveys.forTicket(actorOf(request), request.params.id),
  );

  // The customer's pages, in a scope of their own: routes that read an HTML form body.
  await app.register(async (pages: App) => {
    acceptFormPosts(pages);

    pages.get(
      '/survey/:token',
      {
        config: { access: access.public },
        schema: { tags, summary: 'The customer survey form (HTML); read-only for staff', security: [], params: SurveyTokenParams },
      },
      async (request, reply) => sendPage(reply, await surveys.renderPage(request.params.token, await viewerOf(request))),
    );

    pages.get(
      '/survey/nps/:token',
      {
        config: { access: access.public },
        schema: { tags, summary: 'The customer NPS form (HTML); read-only for staff', security: [], params: SurveyTokenParams },
      },
      async (request, reply) => sendPage(reply, await nps.renderPage(request.params.token, await viewerOf(request))),
    );

    pages.post(
      '/survey/nps/:token',
      {
        config: { access: access.public },
        bodyLimit: 16 * 1024,
        schema: {
          tags,
          summary: 'Answer (or change the answer to) an NPS survey: a form post gets HTML back, JSON gets the survey',
          security: [],
          params: SurveyTokenParams,
        },
      },
      async (request, reply) => {
        const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const result = await nps.answer(request.params.token, await viewerOf(request), bodyOf(request), isForm ? 'html' : 'json');
        return 'html' in result ? sendPage(reply, result) : result;
      },
    );

    pages.post(
      '/survey/:token',
      {
        config: { access: access.public },
        bodyLimit: 16 * 1024,
        schema: {
          tags,
          summary: 'Answer (or change the answer to) a survey: a form post gets HTML back, JSON gets the survey',
          security: [],
          params: SurveyTokenParams,
        },
      },
      async (request, reply) => {
        const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const result = await surveys.answer(request.params.token, await viewerOf(request), bodyOf(request), isForm ? 'html' : 'json');
        return 'html' in result ? sendPage(reply, result) : result;
      },
    );
  });
}
