import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { acceptFormPosts } from '../../lib/form-body.ts';
import type { App } from '../../lib/route-kit.ts';
import { Id } from '../../lib/schema.ts';
import type { KnowledgeBaseService } from '../kb/service.ts';
import { type PortalChrome, renderArticle, renderContents, renderMessage, renderResults } from './pages.ts';
import type { PortalService } from './service.ts';

// Public pages: no scripts at all; images may come from the article's own links.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** The language a reader asked for: `?lang=`, else the first of Accept-Language, else the workspace's. */
function readerLanguage(request: FastifyRequest, fallback: string) {
  const asked = (request.query as { lang?: string }).lang;
  if (asked && LANGUAGE.test(asked)) return asked;
  const header = String(request.headers['accept-language'] ?? '')
    .split(',')[0]
    ?.split(';')[0]
    ?.trim()
    .toLowerCase()
    .split('-')[0];
  return header && LANGUAGE.test(header) ? header : fallback;
}

/**
 * The customer portal's knowledge base (`/portal/kb`): server-rendered pages for the workspace the
 * Host header names (workspace setting portalHostnames; with a single workspace, any host).
 * Searches and feedback are rate limited per client address.
 */
export async function portalRoutes(
  app: App,
  { knowledgeBase: kb, portal }: { knowledgeBase: KnowledgeBaseService; portal: PortalService },
) {
  const tags = ['portal'];

  async function readerOf(request: FastifyRequest) {
    const found = await portal.workspaceFor(request.headers.host);
    if (!found) return undefined;
    const chrome: PortalChrome = { workspaceName: found.name, language: readerLanguage(request, found.defaultLanguage) };
    return { actor: found.actor, chrome };
  }

  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
  const noPortal = (reply: FastifyReply) =>
    send(reply, 404, renderMessage({ workspaceName: 'Rapport', language: 'en' }, 'Not found', 'There is no help centre at this address.'));

  await app.register(async (pages: App) => {
    acceptFormPosts(pages);

    pages.get(
      '/portal/kb',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'The help centre (HTML): published public articles by category, or search results for q',
          security: [],
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 200 })),
            lang: Type.Optional(Type.String({ maxLength: 12 })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
          }),
        },
      },
      async (request, reply) => {
        const reader = await readerOf(request);
        if (!reader) return noPortal(reply);
        const { actor, chrome } = reader;
        const query = request.query.q?.trim();
        if (!query) return send(reply, 200, renderContents({ ...chrome, ...(await kb.publicContents(actor, chrome.language)) }));
        if (!portal.mayHaveSearch(request.ip))
          return send(reply, 429, renderMessage(chrome, 'Too many searches', 'Please wait a minute and search again.'));
        try {
          const result = await kb.search(actor, { q: query, language: chrome.language, limit: 20, cursor: request.query.cursor }, [
            'public',
          ]);
          return send(
            reply,
            200,
            renderResults({
              ...chrome,
              query,
              hits: result.items,
              correctedQuery: result.correctedQuery,
              matched: result.matched,
              nextCursor: result.nextCursor,
            }),
          );
        } catch (error) {
          if (error instanceof AppError && error.code === 'validation')
            return send(reply, 400, renderMessage(chrome, 'Search again', error.message));
          throw error;
        }
      },
    );

    pages.get(
      '/portal/kb/articles/:id',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'A published public article (HTML) in the reader’s language when it has one; counts a view',
          security: [],
          params: Type.Object({ id: Id }),
          querystring: Type.Object({
            lang: Type.Optional(Type.String({ maxLength: 12 })),
            thanks: Type.Optional(Type.String({ maxLength: 1 })),
          }),
        },
      },
      async (request, reply) => {
        const reader = await readerOf(request);
        if (!reader) return noPortal(reply);
        const { actor, chrome } = reader;
        const article = await kb.getPublished(actor, request.params.id, chrome.language).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not-found') return undefined;
          throw error;
        });
        if (!article)
          return send(reply, 404, renderMessage(chrome, 'Article not found', 'This article does not exist or is no longer published.'));
        await kb.recordView(actor, article.id, article.language);
        return send(
          reply,
          200,
          renderArticle({
            ...chrome,
            language: article.language,
            article,
            feedbackToken: portal.feedbackToken(article.id),
            thanks: request.query.thanks === '1',
          }),
        );
      },
    );

    pages.post(
      '/portal/kb/articles/:id/feedback',
      {
        config: { access: access.public },
        bodyLimit: 16 * 1024,
        schema: {
          tags,
          summary: 'Was this article helpful? (an HTML form post; answers with a redirect)',
          security: [],
          params: Type.Object({ id: Id }),
        },
      },
      async (request, reply) => {
        const reader = await readerOf(request);
        if (!reader) return noPortal(reply);
        const { actor, chrome } = reader;
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
        const language = typeof body.lang === 'string' && LANGUAGE.test(body.lang) ? body.lang : chrome.language;
        if (!portal.feedbackTokenValid(request.params.id, body.token)) {
          return send(
            reply,
            400,
            renderMessage(chrome, 'Please try again', 'This form has expired. Reload the article and send your feedback again.'),
          );
        }
        if (body.helpful !== 'yes' && body.helpful !== 'no')
          return send(reply, 400, renderMessage(chrome, 'Please try again', 'Choose yes or no.'));
        if (!portal.mayHaveFeedback(request.ip))
          return send(reply, 429, renderMessage(chrome, 'Thank you', 'We have received enough feedback from you for now.'));
        const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : undefined;
        try {
          await kb.addFeedback(actor, request.params.id, { helpful: body.helpful === 'yes', comment, language }, 'portal');
        } catch (error) {
          if (error instanceof AppError && (error.code === 'not-found' || error.code === 'validation')) {
            return send(reply, 404, renderMessage(chrome, 'Article not found', 'This article does not exist or is no longer published.'));
          }
          throw error;
        }
        return reply
          .code(303)
          .header('location', `/portal/kb/articles/${encodeURIComponent(request.params.id)}?lang=${encodeURIComponent(language)}&thanks=1`)
          .send();
      },
    );

    pages.get(
      '/portal/kb/attachments/:id',
      {
        config: { access: access.public },
        schema: { tags, summary: 'A file of a published public article', security: [], params: Type.Object({ id: Id }) },
      },
      async (request, reply) => {
        const reader = await readerOf(request);
        if (!reader) return noPortal(reply);
        const file = await kb.getPublishedAttachment(reader.actor, request.params.id).catch(() => undefined);
        if (!file)
          return send(reply, 404, renderMessage(reader.chrome, 'File not found', 'This file does not exist or is no longer published.'));
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(file.data);
      },
    );
  });
}
