import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { type Access, type Actor, access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Id, IdParams, PageOf, PageQuery } from '../../lib/schema.ts';
import {
  Article,
  ArticleSummary,
  Attachment,
  Category,
  CategoryBody,
  CreateArticleBody,
  Diff,
  DiffQuery,
  Feedback,
  FeedbackBody,
  FromTicketBody,
  Language,
  ListArticlesQuery,
  PublishBody,
  SaveVersionBody,
  SearchHit,
  SearchQuery,
  SearchResult,
  Section,
  SectionBody,
  TranslationParams,
  UpdateArticleBody,
  UploadAttachmentBody,
  Version,
  VersionParams,
} from './schema.ts';
import type { KnowledgeBaseService } from './service.ts';

/**
 * The knowledge base API for staff. Everyone signed in reads and searches; agents and up write
 * drafts and submit them; supervisors and admins organise, review, publish and delete.
 */
export async function knowledgeBaseRoutes(app: App, { knowledgeBase: kb }: { knowledgeBase: KnowledgeBaseService }) {
  const tags = ['knowledge-base'];
  const LanguageQuery = Type.Object({ language: Type.Optional(Language) });

  app.get(
    '/api/v1/kb/categories',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'Categories with their sections, in order',
        response: { 200: Type.Object({ items: Type.Array(Category) }) },
      },
    },
    async (request) => ({ items: await kb.listCategories(actorOf(request)) }),
  );

  app.post(
    '/api/v1/kb/categories',
    {
      config: { access: access.manage },
      schema: { tags, body: CategoryBody, response: { 201: Category } },
    },
    async (request, reply) => reply.code(201).send(await kb.createCategory(actorOf(request), request.body)),
  );

  app.patch(
    '/api/v1/kb/categories/:id',
    {
      config: { access: access.manage },
      schema: { tags, params: IdParams, body: Type.Partial(CategoryBody), response: { 200: Category } },
    },
    async (request) => kb.updateCategory(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/kb/categories/:id',
    {
      config: { access: access.manage },
      schema: { tags, summary: 'Delete a category and its sections; their articles stay, outside any section', params: IdParams },
    },
    async (request, reply) => {
      await kb.deleteCategory(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/kb/categories/:id/sections',
    {
      config: { access: access.manage },
      schema: { tags, params: IdParams, body: SectionBody, response: { 201: Section } },
    },
    async (request, reply) => reply.code(201).send(await kb.createSection(actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/kb/sections/:id',
    {
      config: { access: access.manage },
      schema: { tags, params: IdParams, body: Type.Partial(SectionBody), response: { 200: Section } },
    },
    async (request) => kb.updateSection(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/kb/sections/:id',
    {
      config: { access: access.manage },
      schema: { tags, params: IdParams },
    },
    async (request, reply) => {
      await kb.deleteSection(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/kb/search',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary:
          'Published articles by relevance (title above text above attachments), with highlighted excerpts and a spelling correction when nothing matched',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (request) => kb.search(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/kb/articles',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary:
          'Articles (one row per translation), newest change first; stale=true: published articles past their review date, oldest first',
        querystring: ListArticlesQuery,
        response: { 200: PageOf(ArticleSummary) },
      },
    },
    async (request) => kb.list(actorOf(request), request.query),
  );

  app.post(
    '/api/v1/kb/articles',
    {
      config: { access: access.work },
      schema: { tags, summary: 'Write a new article: a draft at version 1', body: CreateArticleBody, response: { 201: Article } },
    },
    async (request, reply) => reply.code(201).send(await kb.create(actorOf(request), request.body)),
  );

  app.post(
    '/api/v1/kb/articles/from-ticket',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: "Turn a ticket into a draft internal article: the customer's question and the public answers",
        body: FromTicketBody,
        response: { 201: Article },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await kb.createFromTicket(actorOf(request), request.body.ticketId, request.body.language)),
  );

  app.get(
    '/api/v1/kb/articles/:id',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'An article with the latest version of a language (default en, else its first)',
        params: IdParams,
        querystring: LanguageQuery,
        response: { 200: Article },
      },
    },
    async (request) => kb.get(actorOf(request), request.params.id, request.query.language),
  );

  app.patch(
    '/api/v1/kb/articles/:id',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Move, re-own or re-date an article; changing its visibility needs a supervisor or an admin',
        params: IdParams,
        body: UpdateArticleBody,
        response: { 200: Article },
      },
    },
    async (request) => kb.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/kb/articles/:id',
    {
      config: { access: access.manage },
      schema: { tags, params: IdParams },
    },
    async (request, reply) => {
      await kb.remove(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/kb/articles/:id/translations/:language',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary:
          'Save a new version of a language (a new translation when it has none); send baseVersion and an edit over a newer version gets 412',
        params: TranslationParams,
        body: SaveVersionBody,
        response: { 200: Article },
      },
    },
    async (request) => kb.saveVersion(actorOf(request), request.params.id, request.params.language, request.body),
  );

  const transition = <B extends TSchema>(
    path: string,
    summary: string,
    roles: Access,
    run: (actor: Actor, id: string, language: string, body: Static<B>) => Promise<Static<typeof Article>>,
    body?: B,
  ) =>
    app.post(
      `/api/v1/kb/articles/:id/translations/:language/${path}`,
      {
        config: { access: roles },
        schema: { tags, summary, params: TranslationParams, ...(body ? { body } : {}), response: { 200: Article } },
        // The body is optional: a bare POST publishes the latest version.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => run(actorOf(request), request.params.id, request.params.language, (request.body ?? {}) as Static<B>),
    );

  transition('submit', 'Submit a draft for review', access.work, (actor, id, language) => kb.submit(actor, id, language));
  transition('reject', 'Send an article in review back to draft', access.manage, (actor, id, language) => kb.reject(actor, id, language));
  transition(
    'publish',
    'Publish a version (the latest by default): the portal shows it and search finds it',
    access.manage,
    (actor, id, language, body) => kb.publish(actor, id, language, body),
    PublishBody,
  );
  transition('unpublish', 'Take a published article back to draft', access.manage, (actor, id, language) =>
    kb.unpublish(actor, id, language),
  );
  transition('archive', 'Archive a translation: out of search and the portal, history kept', access.manage, (actor, id, language) =>
    kb.archive(actor, id, language),
  );

  app.get(
    '/api/v1/kb/articles/:id/translations/:language/versions',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'Every version of a language, newest first',
        params: TranslationParams,
        response: { 200: Type.Object({ items: Type.Array(Version) }) },
      },
    },
    async (request) => ({ items: await kb.listVersions(actorOf(request), request.params.id, request.params.language) }),
  );

  app.get(
    '/api/v1/kb/articles/:id/translations/:language/versions/:number',
    {
      config: { access: access.read },
      schema: { tags, params: VersionParams, response: { 200: Version } },
    },
    async (request) => kb.getVersion(actorOf(request), request.params.id, request.params.language, request.params.number),
  );

  app.get(
    '/api/v1/kb/articles/:id/translations/:language/diff',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: 'What changed between two versions, word by word',
        params: TranslationParams,
        querystring: DiffQuery,
        response: { 200: Diff },
      },
    },
    async (request) => kb.diff(actorOf(request), request.params.id, request.params.language, request.query.from, request.query.to),
  );

  app.post(
    '/api/v1/kb/articles/:id/translations/:language/versions/:number/restore',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Make an older version the latest again (as a new version)',
        params: VersionParams,
        response: { 200: Article },
      },
    },
    async (request) => kb.restore(actorOf(request), request.params.id, request.params.language, request.params.number),
  );

  app.post(
    '/api/v1/kb/articles/:id/feedback',
    {
      config: { access: access.read },
      schema: { tags, summary: 'Helpful or not, with an optional comment', params: IdParams, body: FeedbackBody },
    },
    async (request, reply) => {
      await kb.addFeedback(actorOf(request), request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/kb/articles/:id/feedback',
    {
      config: { access: access.read },
      schema: { tags, params: IdParams, querystring: Type.Object(PageQuery), response: { 200: PageOf(Feedback) } },
    },
    async (request) => kb.listFeedback(actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/kb/articles/:id/attachments',
    {
      config: { access: access.work },
      schema: {
        tags,
        summary: 'Attach a file (at most 10 MB): PDF, text, Markdown, CSV and HTML are searched; PNG, JPEG, GIF and WebP images are shown',
        params: IdParams,
        body: UploadAttachmentBody,
        response: { 201: Attachment },
      },
      bodyLimit: 15 * 1024 * 1024,
    },
    async (request, reply) => reply.code(201).send(await kb.addAttachment(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/kb/attachments/:id',
    {
      config: { access: access.read },
      schema: { tags, summary: 'Download an article attachment', params: IdParams },
    },
    async (request, reply) => {
      const file = await kb.getAttachment(actorOf(request), request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.data);
    },
  );

  app.delete(
    '/api/v1/kb/attachments/:id',
    {
      config: { access: access.work },
      schema: { tags, params: IdParams },
    },
    async (request, reply) => {
      await kb.removeAttachment(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/tickets/:id/article-suggestions',
    {
      config: { access: access.read },
      schema: {
        tags,
        summary: "Up to five published articles that may answer the ticket, from its subject and its customer's first message",
        params: Type.Object({ id: Id }),
        querystring: LanguageQuery,
        response: { 200: Type.Object({ items: Type.Array(SearchHit) }) },
      },
    },
    async (request) => ({ items: await kb.suggestForTicket(actorOf(request), request.params.id, request.query.language) }),
  );
}
