import { diffWordsWithSpace } from 'diff';
import { indexArticle, removeFromArticleIndex, searchArticleIndex } from '../../db/kb-search.ts';
import type { Executor, KbArticleTable, KbAttachmentTable, KbTranslationTable, KbVersionTable } from '../../db/types.ts';
import { type Actor, access } from '../../lib/actor.ts';
import { forbidden, invalid, notFound, staleWrite } from '../../lib/errors.ts';
import { escapeHtml } from '../../lib/escape-html.ts';
import { htmlToText } from '../../lib/html-text.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import { sanitizeHtml } from '../../lib/sanitize-html.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { BlobStore } from '../blobs/service.ts';
import type { MessageService } from '../tickets/messages-service.ts';
import type { TicketService } from '../tickets/service.ts';
import type { UserService } from '../users/service.ts';
import { attachmentText, isSearchableType } from './attachment-text.ts';
import * as repo from './repo.ts';
import type {
  Article,
  ArticleStatus,
  ArticleSummary,
  Category,
  CategoryBody,
  CreateArticleBody,
  Diff,
  FeedbackBody,
  ListArticlesQuery,
  PublishBody,
  SaveVersionBody,
  SearchHit,
  SearchQuery,
  SearchResult,
  SectionBody,
  UpdateArticleBody,
  UploadAttachmentBody,
  Version,
} from './schema.ts';
import { contentWords, correction, excerpt, highlight, indexForm, parseQuery, type ParsedQuery, vocabulary, words } from './text.ts';

export const DEFAULT_LANGUAGE = 'en';
/** A published article is due for review this long after publishing unless its owner sets a date. */
const REVIEW_AFTER_MS = 180 * 86_400_000;
/** Search pages stop here: nobody reads the thousandth best answer. */
const MAX_SEARCH_OFFSET = 1000;

const isManager = (actor: Actor) => (access.manage as readonly string[]).includes(actor.role);
const requireManager = (actor: Actor, what: string) => {
  if (!isManager(actor)) throw forbidden(`Only supervisors and admins may ${what}`);
};

const toTranslationSummary = (
  row: Pick<
    KbTranslationTable,
    'language' | 'status' | 'title' | 'latest_version' | 'published_version' | 'published_at' | 'views' | 'helpful' | 'not_helpful'
  > & { updated_at: number },
) => ({
  language: row.language,
  status: row.status as ArticleStatus,
  title: row.title,
  latestVersion: Number(row.latest_version),
  publishedVersion: row.published_version === null ? null : Number(row.published_version),
  publishedAt: iso(row.published_at === null ? null : Number(row.published_at)),
  views: Number(row.views),
  helpful: Number(row.helpful),
  notHelpful: Number(row.not_helpful),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
});

const toVersion = (row: KbVersionTable): Version => ({
  number: Number(row.number),
  language: row.language,
  title: row.title,
  bodyHtml: row.body_html,
  bodyText: row.body_text,
  note: row.note,
  authorId: row.author_id,
  createdAt: new Date(Number(row.created_at)).toISOString(),
});

const toAttachment = (row: KbAttachmentTable) => ({
  id: row.id,
  filename: row.filename,
  contentType: row.content_type,
  size: Number(row.size),
  searchable: isSearchableType(row.content_type),
  createdAt: new Date(Number(row.created_at)).toISOString(),
});

/** Editor HTML as stored: sanitised, with its plain text for search and diffs. */
function prepareBody(html: string) {
  const bodyHtml = sanitizeHtml(html);
  return { bodyHtml, bodyText: htmlToText(bodyHtml) };
}

const encodeSearchCursor = (offset: number, matched: 'all' | 'any', corrected: string | null) =>
  Buffer.from(JSON.stringify({ offset, matched, corrected })).toString('base64url');

function decodeSearchCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const corrected = value?.corrected;
    if (
      Number.isInteger(value?.offset) &&
      value.offset > 0 &&
      value.offset <= MAX_SEARCH_OFFSET &&
      (value.matched === 'all' || value.matched === 'any') &&
      (corrected === null || (typeof corrected === 'string' && corrected.length <= 200 && !corrected.includes('\0')))
    ) {
      return value as { offset: number; matched: 'all' | 'any'; corrected: string | null };
    }
  } catch {
    // reported below
  }
  throw invalid('The cursor is not one this server issued for this search', { cursor: 'invalid cursor' });
}

/**
 * The knowledge base: categories and sections, articles with a version per edit in each language,
 * the draft → in review → published workflow, feedback, attachments whose text is searched, and
 * relevance search over published articles (src/db/kb-search.ts).
 */
export function createKnowledgeBaseService(
  { db, relaxedDb, clock }: ServiceContext,
  deps: {
    blobs: BlobStore;
    users: Pick<UserService, 'get'>;
    tickets: Pick<TicketService, 'get'>;
    messages: Pick<MessageService, 'list'>;
  },
) {
  async function requireArticle(tx: Executor, actor: Actor, id: string) {
    const row = await repo.findArticle(tx, actor.workspaceId, id);
    if (!row) throw notFound('Article');
    return row;
  }

  async function requireTranslation(tx: Executor, articleId: string, language: string) {
    const row = await repo.findTranslation(tx, articleId, language);
    if (!row) throw notFound('Translation', `The article has no ${language} translation`);
    return row;
  }

  async function requireVersion(tx: Executor, articleId: string, language: string, number: number) {
    const row = await repo.findVersion(tx, articleId, language, number);
    if (!row) throw notFound('Version', `Version ${number} (${language}) does not exist`);
    return row;
  }

  async function checkOwner(actor: Actor, ownerId: string) {
    await deps.users.get(actor, ownerId).catch(() => {
      throw invalid('The owner must be a user of this workspace', { ownerId: 'unknown user' });
    });
  }

  async function checkSection(tx: Executor, actor: Actor, sectionId: string | null | undefined) {
    if (sectionId && !(await repo.findSection(tx, actor.workspaceId, sectionId))) {
      throw invalid('The section does not exist', { sectionId: 'unknown section' });
    }
  }

  /** (Re)builds the index entry of a published translation, or drops it, keeping the spelling vocabulary right. */
  async function reindex(tx: Executor, article: KbArticleTable, language: string) {
    const translation = await repo.findTranslation(tx, article.id, language);
    const published = translation?.status === 'published' && translation.published_version !== null;
    const version = published ? await requireVersion(tx, article.id, language, Number(translation.published_version)) : undefined;
    const attachments = version ? (await repo.listAttachments(tx, article.id)).map((row) => row.text).join('\n') : '';
    const now = vocabulary(version ? `${version.title} ${version.body_text} ${attachments}` : '', language);
    const before = new Set(translation?.indexed_words ? translation.indexed_words.split(' ') : []);
    await repo.adjustTerms(
      tx,
      article.workspace_id,
      [...now].filter((word) => !before.has(word)),
      [...before].filter((word) => !now.has(word)),
    );
    if (translation) await repo.updateTranslation(tx, article.id, language, { indexed_words: [...now].join(' ') });
    if (!version || !translation) {
      await removeFromArticleIndex(tx, article.id, language);
      return;
    }
    await indexArticle(tx, {
      articleId: article.id,
      language,
      workspaceId: article.workspace_id,
      visibility: article.visibility,
      publishedAt: Number(translation.published_at),
      title: indexForm(version.title, language),
      body: indexForm(version.body_text, language),
      attachments: indexForm(attachments, language),
      words: [...new Set(contentWords(`${version.title} ${version.body_text} ${attachments}`, language))].join(' '),
    });
  }

  async function reindexAll(tx: Executor, article: KbArticleTable) {
    for (const translation of await repo.listTranslations(tx, article.id)) await reindex(tx, article, translation.language);
  }

  /** Saves a new version of a translation (creating the translation at version 1); a published translation stays published at its published version. */
  async function saveVersion(
    tx: Executor,
    actor: Actor,
    article: KbArticleTable,
    language: string,
    body: { title: string; bodyHtml: string; bodyText: string; note?: string | null },
    baseVersion?: number,
  ) {
    const now = clock.now().getTime();
    const translation = await repo.findTranslation(tx, article.id, language);
    const number = (translation ? Number(translation.latest_version) : 0) + 1;
    if (baseVersion !== undefined && baseVersion !== number - 1) throw staleWrite('The article');
    if (translation) {
      const changed = await repo.updateTranslation(
        tx,
        article.id,
        language,
        {
          title: body.title,
          latest_version: number,
          updated_at: now,
          status: translation.status === 'archived' ? 'draft' : translation.status,
        },
        number - 1,
      );
      if (!changed) throw staleWrite('The article');
    } else {
      await repo.insertTranslation(tx, {
        article_id: article.id,
        language,
        workspace_id: article.workspace_id,
        status: 'draft',
        title: body.title,
        latest_version: number,
        published_version: null,
        published_at: null,
        views: 0,
        helpful: 0,
        not_helpful: 0,
        indexed_words: '',
        updated_at: now,
      });
    }
    await repo.insertVersion(tx, {
      id: newId(),
      workspace_id: article.workspace_id,
      article_id: article.id,
      language,
      number,
      title: body.title,
      body_html: body.bodyHtml,
      body_text: body.bodyText,
      note: body.note ?? null,
      author_id: actor.userId,
      created_at: now,
    });
    await repo.updateArticle(tx, article.id, { updated_at: now });
    return number;
  }

  async function setStatus(
    actor: Actor,
    id: string,
    language: string,
    allowed: readonly string[],
    next: ArticleStatus,
    extra: Partial<KbTranslationTable> = {},
    what = next,
  ) {
    await db.transaction().execute(async (tx) => {
      const article = await requireArticle(tx, actor, id);
      const translation = await requireTranslation(tx, id, language);
      if (!allowed.includes(translation.status)) {
        throw invalid(`A ${translation.status} article cannot be ${what}`, { status: `is ${translation.status}` });
      }
      const now = clock.now().getTime();
      await repo.updateTranslation(tx, id, language, { status: next, updated_at: now, ...extra });
      await repo.updateArticle(tx, id, { updated_at: now });
      await reindex(tx, article, language);
      await auditByActor(
        tx,
        actor,
        {
          action: `kb.article.${what}`,
          targetType: 'kb_article',
          targetId: id,
          details: { language, ...(extra.published_version ? { version: extra.published_version } : {}) },
        },
        new Date(now),
      );
    });
    return service.get(actor, id, language);
  }

  const service = {
    async listCategories(actor: Actor): Promise<Category[]> {
      const [categories, sections] = await Promise.all([
        repo.listCategories(db, actor.workspaceId),
        repo.listSections(db, actor.workspaceId),
      ]);
      return categories.map((category) => ({
        id: category.id,
        name: category.name,
        description: category.description,
        position: Number(category.position),
        sections: sections
          .filter((section) => section.category_id === category.id)
          .map((section) => ({ id: section.id, categoryId: section.category_id, name: section.name, position: Number(section.position) })),
      }));
    },

    async createCategory(actor: Actor, body: CategoryBody) {
      requireManager(actor, 'organise the knowledge base');
      const now = clock.now().getTime();
      const id = newId();
      const existing = await repo.listCategories(db, actor.workspaceId);
      if (existing.some((category) => category.name === body.name.trim()))
        throw invalid('A category with this name exists', { name: 'taken' });
      await repo.insertCategory(db, {
        id,
        workspace_id: actor.workspaceId,
        name: body.name.trim(),
        description: body.description ?? '',
        position: body.position ?? existing.length,
        created_at: now,
        updated_at: now,
      });
      return (await service.listCategories(actor)).find((category) => category.id === id) as Category;
    },

    async updateCategory(actor: Actor, id: string, body: Partial<CategoryBody>) {
      requireManager(actor, 'organise the knowledge base');
      if (!(await repo.findCategory(db, actor.workspaceId, id))) throw notFound('Category');
      const existing = await repo.listCategories(db, actor.workspaceId);
      if (body.name && existing.some((category) => category.id !== id && category.name === body.name?.trim())) {
        throw invalid('A category with this name exists', { name: 'taken' });
      }
      await repo.updateCategory(db, id, {
        ...(body.name ? { name: body.name.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.position !== undefined ? { position: body.position } : {}),
        updated_at: clock.now().getTime(),
      });
      return (await service.listCategories(actor)).find((category) => category.id === id) as Category;
    },

    /** Deletes a category and its sections; their articles stay, outside any section. */
    async deleteCategory(actor: Actor, id: string) {
      requireManager(actor, 'organise the knowledge base');
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findCategory(tx, actor.workspaceId, id))) throw notFound('Category');
        await repo.deleteCategory(tx, actor.workspaceId, id);
      });
    },

    async createSection(actor: Actor, categoryId: string, body: SectionBody) {
      requireManager(actor, 'organise the knowledge base');
      if (!(await repo.findCategory(db, actor.workspaceId, categoryId))) throw notFound('Category');
      const siblings = (await repo.listSections(db, actor.workspaceId)).filter((section) => section.category_id === categoryId);
      if (siblings.some((section) => section.name === body.name.trim()))
        throw invalid('This category has a section with this name', { name: 'taken' });
      const now = clock.now().getTime();
      const id = newId();
      await repo.insertSection(db, {
        id,
        workspace_id: actor.workspaceId,
        category_id: categoryId,
        name: body.name.trim(),
        position: body.position ?? siblings.length,
        created_at: now,
        updated_at: now,
      });
      return { id, categoryId, name: body.name.trim(), position: body.position ?? siblings.length };
    },

    async updateSection(actor: Actor, id: string, body: Partial<SectionBody>) {
      requireManager(actor, 'organise the knowledge base');
      const section = await repo.findSection(db, actor.workspaceId, id);
      if (!section) throw notFound('Section');
      await repo.updateSection(db, id, {
        ...(body.name ? { name: body.name.trim() } : {}),
        ...(body.position !== undefined ? { position: body.position } : {}),
        updated_at: clock.now().getTime(),
      });
      const updated = (await repo.findSection(db, actor.workspaceId, id)) ?? section;
      return { id, categoryId: updated.category_id, name: updated.name, position: Number(updated.position) };
    },

    async deleteSection(actor: Actor, id: string) {
      requireManager(actor, 'organise the knowledge base');
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findSection(tx, actor.workspaceId, id))) throw notFound('Section');
        await repo.deleteSection(tx, actor.workspaceId, id);
      });
    },

    async create(actor: Actor, body: CreateArticleBody, source?: { ticketId: string }): Promise<Article> {
      const ownerId = body.ownerId ?? actor.userId;
      if (body.ownerId) await checkOwner(actor, body.ownerId);
      const language = body.language ?? DEFAULT_LANGUAGE;
      const content = prepareBody(body.body);
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await checkSection(tx, actor, body.sectionId);
        const now = clock.now().getTime();
        const article: KbArticleTable = {
          id,
          workspace_id: actor.workspaceId,
          section_id: body.sectionId ?? null,
          visibility: body.visibility ?? 'public',
          owner_id: ownerId,
          review_at: body.reviewAt ? Date.parse(body.reviewAt) : null,
          source_ticket_id: source?.ticketId ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        };
        await repo.insertArticle(tx, article);
        await saveVersion(tx, actor, article, language, { title: body.title.trim(), ...content, note: body.note ?? null });
      });
      return service.get(actor, id, language);
    },

    /** The article with the latest version of `language` (or of its first translation when it has none in that language). */
    async get(actor: Actor, id: string, language?: string): Promise<Article> {
      const article = await requireArticle(db, actor, id);
      const translations = await repo.listTranslations(db, id);
      const translation =
        translations.find((row) => row.language === language) ??
        translations.find((row) => row.language === DEFAULT_LANGUAGE) ??
        translations[0];
      if (!translation) throw notFound('Article');
      const [latest, attachments] = await Promise.all([
        requireVersion(db, id, translation.language, Number(translation.latest_version)),
        repo.listAttachments(db, id),
      ]);
      return {
        ...toSummary(article, translation, clock.now().getTime()),
        sourceTicketId: article.source_ticket_id,
        createdAt: new Date(Number(article.created_at)).toISOString(),
        updatedAt: new Date(Number(article.updated_at)).toISOString(),
        latest: toVersion(latest),
        translations: translations.map(toTranslationSummary),
        attachments: attachments.map(toAttachment),
      };
    },

    /**
     * What a reader may see of an article: its published version in `language` (else in the default
     * language, else any), public articles only unless `internal`. Drafts and archived ones are "not found".
     */
    async getPublished(actor: Actor, id: string, language: string, options: { internal?: boolean } = {}) {
      const article = await repo.findArticle(db, actor.workspaceId, id);
      if (!article || (article.visibility !== 'public' && !options.internal)) throw notFound('Article');
      const published = (await repo.listTranslations(db, id)).filter((row) => row.status === 'published' && row.published_version !== null);
      const translation =
        published.find((row) => row.language === language) ?? published.find((row) => row.language === DEFAULT_LANGUAGE) ?? published[0];
      if (!translation) throw notFound('Article');
      const [version, attachments] = await Promise.all([
        requireVersion(db, id, translation.language, Number(translation.published_version)),
        repo.listAttachments(db, id),
      ]);
      return {
        id,
        sectionId: article.section_id,
        language: translation.language,
        languages: published.map((row) => row.language),
        title: version.title,
        bodyHtml: version.body_html,
        publishedAt: new Date(Number(translation.published_at)).toISOString(),
        attachments: attachments.map(toAttachment),
      };
    },

    /** The portal's contents: categories and sections with their published public articles in a language. */
    async publicContents(actor: Actor, language: string) {
      const [categories, articles] = await Promise.all([service.listCategories(actor), repo.listPublicPublished(db, actor.workspaceId, language, 2000)]);
      const inSection = (sectionId: string | null) =>
        articles.filter((row) => row.section_id === sectionId).map((row) => ({ id: row.article_id, title: row.title }));
      return {
        categories: categories
          .map((category) => ({ ...category, sections: category.sections.map((section) => ({ ...section, articles: inSection(section.id) })).filter((section) => section.articles.length) }))
          .filter((category) => category.sections.length),
        unfiled: inSection(null),
      };
    },

    /** An attachment of an article the reader may see (see getPublished). */
    async getPublishedAttachment(actor: Actor, attachmentId: string) {
      const row = await repo.findAttachment(db, actor.workspaceId, attachmentId);
      if (!row) throw notFound('Attachment');
      await service.getPublished(actor, row.article_id, DEFAULT_LANGUAGE);
      return service.getAttachment(actor, attachmentId);
    },

    async list(actor: Actor, query: ListArticlesQuery) {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.value !== 'number')
        throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      const now = clock.now().getTime();
      const rows = await repo.listArticles(db, {
        workspaceId: actor.workspaceId,
        status: query.status,
        language: query.language,
        sectionId: query.sectionId,
        ownerId: query.ownerId,
        staleBefore: query.stale ? now : undefined,
        limit,
        after: cursor as { value: number; id: string } | undefined,
      });
      return toPage(
        rows,
        limit,
        (row) => toSummary(row, { ...row, updated_at: Number(row.translation_updated_at) }, now),
        (row) => ({ value: Number(query.stale ? row.review_at : row.translation_updated_at), id: row.id }),
      );
    },

    async update(actor: Actor, id: string, body: UpdateArticleBody): Promise<Article> {
      if (body.ownerId) await checkOwner(actor, body.ownerId);
      await db.transaction().execute(async (tx) => {
        const article = await requireArticle(tx, actor, id);
        await checkSection(tx, actor, body.sectionId);
        if (body.visibility && body.visibility !== article.visibility) requireManager(actor, 'change who can read an article');
        await repo.updateArticle(tx, id, {
          ...(body.sectionId !== undefined ? { section_id: body.sectionId } : {}),
          ...(body.visibility ? { visibility: body.visibility } : {}),
          ...(body.ownerId ? { owner_id: body.ownerId } : {}),
          ...(body.reviewAt !== undefined ? { review_at: body.reviewAt === null ? null : Date.parse(body.reviewAt) } : {}),
          updated_at: clock.now().getTime(),
        });
        if (body.visibility && body.visibility !== article.visibility) await reindexAll(tx, { ...article, visibility: body.visibility });
      });
      return service.get(actor, id);
    },

    async remove(actor: Actor, id: string) {
      requireManager(actor, 'delete articles');
      await db.transaction().execute(async (tx) => {
        const article = await requireArticle(tx, actor, id);
        for (const translation of await repo.listTranslations(tx, id)) {
          await repo.updateTranslation(tx, id, translation.language, { status: 'archived' });
          await reindex(tx, article, translation.language);
        }
        await repo.deleteArticle(tx, id);
        await auditByActor(tx, actor, { action: 'kb.article.deleted', targetType: 'kb_article', targetId: id, details: {} }, clock.now());
      });
    },

    /** A new version of one language: an edit, or a new translation (baseVersion 0). */
    async saveVersion(actor: Actor, id: string, language: string, body: SaveVersionBody): Promise<Article> {
      const content = prepareBody(body.body);
      await db.transaction().execute(async (tx) => {
        const article = await requireArticle(tx, actor, id);
        await saveVersion(
          tx,
          actor,
          article,
          language,
          { title: body.title.trim(), ...content, note: body.note ?? null },
          body.baseVersion,
        );
      });
      return service.get(actor, id, language);
    },

    async listVersions(actor: Actor, id: string, language: string): Promise<Version[]> {
      await requireArticle(db, actor, id);
      return (await repo.listVersions(db, id, language)).map(toVersion);
    },

    async getVersion(actor: Actor, id: string, language: string, number: number): Promise<Version> {
      await requireArticle(db, actor, id);
      return toVersion(await requireVersion(db, id, language, number));
    },

    /** What changed between two versions, word by word, in the title and in the text. */
    async diff(actor: Actor, id: string, language: string, from: number, to: number): Promise<Diff> {
      await requireArticle(db, actor, id);
      const [a, b] = await Promise.all([requireVersion(db, id, language, from), requireVersion(db, id, language, to)]);
      const parts = (before: string, after: string) =>
        diffWordsWithSpace(before, after).map((change) => ({
          op: change.added ? ('insert' as const) : change.removed ? ('delete' as const) : ('equal' as const),
          text: change.value,
        }));
      return { from, to, title: parts(a.title, b.title), body: parts(a.body_text, b.body_text) };
    },

    /** Makes an older version the latest again, as a new version: history is never rewritten. */
    async restore(actor: Actor, id: string, language: string, number: number): Promise<Article> {
      await db.transaction().execute(async (tx) => {
        const article = await requireArticle(tx, actor, id);
        const old = await requireVersion(tx, id, language, number);
        await saveVersion(tx, actor, article, language, {
          title: old.title,
          bodyHtml: old.body_html,
          bodyText: old.body_text,
          note: `Restored version ${number}`,
        });
      });
      return service.get(actor, id, language);
    },

    submit: (actor: Actor, id: string, language: string) => setStatus(actor, id, language, ['draft'], 'in-review', {}, 'in-review'),

    reject(actor: Actor, id: string, language: string) {
      requireManager(actor, 'review articles');
      return setStatus(actor, id, language, ['in-review'], 'draft', {}, 'rejected' as ArticleStatus);
    },

    /** Publishes a version (the latest by default): it is what the portal shows and search finds. */
    async publish(actor: Actor, id: string, language: string, body: PublishBody) {
      requireManager(actor, 'publish articles');
      const translation = await requireTranslation(db, id, language);
      const version = body.version ?? Number(translation.latest_version);
      await requireVersion(db, id, language, version);
      const now = clock.now().getTime();
      const article = await requireArticle(db, actor, id);
      const reviewAt =
        body.reviewAt !== undefined
          ? body.reviewAt === null
            ? null
            : Date.parse(body.reviewAt)
          : article.review_at && article.review_at > now
            ? article.review_at
            : now + REVIEW_AFTER_MS;
      await repo.updateArticle(db, id, { review_at: reviewAt });
      return setStatus(
        actor,
        id,
        language,
        ['draft', 'in-review', 'published'],
        'published',
        { published_version: version, published_at: now },
        'published',
      );
    },

    unpublish(actor: Actor, id: string, language: string) {
      requireManager(actor, 'unpublish articles');
      return setStatus(
        actor,
        id,
        language,
        ['published'],
        'draft',
        { published_version: null, published_at: null },
        'unpublished' as ArticleStatus,
      );
    },

    archive(actor: Actor, id: string, language: string) {
      requireManager(actor, 'archive articles');
      return setStatus(
        actor,
        id,
        language,
        ['draft', 'in-review', 'published'],
        'archived',
        { published_version: null, published_at: null },
        'archived',
      );
    },

    async addFeedback(actor: Actor, id: string, body: FeedbackBody, source: 'staff' | 'portal' = 'staff') {
      const language = body.language ?? DEFAULT_LANGUAGE;
      await db.transaction().execute(async (tx) => {
        await requireArticle(tx, actor, id);
        const translation = await requireTranslation(tx, id, language);
        if (translation.status !== 'published')
          throw invalid('Only a published article takes feedback', { status: `is ${translation.status}` });
        await repo.insertFeedback(tx, {
          id: newId(),
          workspace_id: actor.workspaceId,
          article_id: id,
          language,
          helpful: body.helpful ? 1 : 0,
          comment: body.comment?.trim() || null,
          source,
          created_at: clock.now().getTime(),
        });
        await repo.countFeedback(tx, id, language, body.helpful);
      });
    },

    async listFeedback(actor: Actor, id: string, query: { limit?: number; cursor?: string }) {
      await requireArticle(db, actor, id);
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.value !== 'number')
        throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      const rows = await repo.listFeedback(db, id, limit, cursor as { value: number; id: string } | undefined);
      return toPage(
        rows,
        limit,
        (row) => ({
          id: row.id,
          language: row.language,
          helpful: row.helpful === 1,
          comment: row.comment,
          source: row.source,
          createdAt: new Date(Number(row.created_at)).toISOString(),
        }),
        (row) => ({ value: Number(row.created_at), id: row.id }),
      );
    },

    /** Counts a reader's view; a lost count in a crash is harmless, so it does not wait for durability. */
    async recordView(actor: Actor, id: string, language: string) {
      await requireArticle(db, actor, id);
      await repo.countView(relaxedDb, id, language);
    },

    async addAttachment(actor: Actor, id: string, body: UploadAttachmentBody) {
      const data = Buffer.from(body.data, 'base64');
      const contentType = body.contentType.toLowerCase().split(';')[0].trim();
      const text = await attachmentText(contentType, data);
      await deps.blobs.prepare(data);
      const attachmentId = newId();
      await db.transaction().execute(async (tx) => {
        const article = await requireArticle(tx, actor, id);
        const blob = await deps.blobs.put(tx, data);
        await repo.insertAttachment(tx, {
          id: attachmentId,
          workspace_id: actor.workspaceId,
          article_id: id,
          filename: body.filename.replace(/[\\/\0]/g, '_'),
          content_type: contentType,
          size: data.length,
          sha256: blob.sha256,
          text,
          created_at: clock.now().getTime(),
        });
        if (text) await reindexAll(tx, article);
      });
      return toAttachment((await repo.findAttachment(db, actor.workspaceId, attachmentId)) as KbAttachmentTable);
    },

    async getAttachment(actor: Actor, attachmentId: string) {
      const row = await repo.findAttachment(db, actor.workspaceId, attachmentId);
      const data = row && (await deps.blobs.get(row.sha256));
      if (!row || !data) throw notFound('Attachment');
      return { ...toAttachment(row), data };
    },

    async removeAttachment(actor: Actor, attachmentId: string) {
      await db.transaction().execute(async (tx) => {
        const row = await repo.findAttachment(tx, actor.workspaceId, attachmentId);
        if (!row) throw notFound('Attachment');
        await repo.deleteAttachment(tx, attachmentId);
        if (row.text) await reindexAll(tx, await requireArticle(tx, actor, row.article_id));
      });
    },

    /**
     * Published articles by relevance. Every word must match; when none has them all as typed, a
     * known spelling of the misspelt words is tried, then articles with any of the words.
     */
    async search(actor: Actor, query: SearchQuery, visibilities: readonly string[] = ['public', 'internal']): Promise<SearchResult> {
      const language = query.language ?? DEFAULT_LANGUAGE;
      const limit = Math.min(pageLimit(query.limit), 50);
      const cursor = decodeSearchCursor(query.cursor);
      const run = (parsed: ParsedQuery, mode: 'all' | 'any', offset: number) =>
        searchArticleIndex(db, {
          workspaceId: actor.workspaceId,
          language,
          visibilities,
          terms: parsed.terms,
          prefix: parsed.prefix,
          mode,
          limit: limit + 1,
          offset,
        });

      let text = cursor?.corrected ?? query.q;
      let parsed = parseQuery(text, language, { prefix: query.prefix });
      let matched: 'all' | 'any' = cursor?.matched ?? 'all';
      const offset = cursor?.offset ?? 0;
      let hits = await run(parsed, matched, offset);
      let correctedQuery = cursor?.corrected ?? null;
      if (!cursor && !hits.length) {
        const corrected = await correctSpelling(actor.workspaceId, parsed, query.q);
        if (corrected) {
          const again = parseQuery(corrected, language, { prefix: query.prefix });
          const found = await run(again, 'all', 0);
          if (found.length) [text, parsed, hits, correctedQuery] = [corrected, again, found, corrected];
        }
        if (!hits.length && parsed.terms.length > 1) {
          matched = 'any';
          hits = await run(parsed, 'any', 0);
        }
      }
      const page = hits.slice(0, limit);
      const published = await repo.findPublished(db, actor.workspaceId, page);
      const byKey = new Map(published.map((row) => [`${row.article_id} ${row.language}`, row]));
      const items: SearchHit[] = page.flatMap((hit) => {
        const row = byKey.get(`${hit.articleId} ${hit.language}`);
        if (!row) return [];
        return [
          {
            articleId: hit.articleId,
            language: hit.language,
            visibility: row.visibility as 'public' | 'internal',
            title: highlight(row.title, parsed, language),
            excerpt: excerpt(row.body_text, parsed, language),
            publishedAt: iso(row.published_at === null ? null : Number(row.published_at)),
          },
        ];
      });
      const next = offset + limit;
      return {
        items,
        nextCursor: hits.length > limit && next <= MAX_SEARCH_OFFSET ? encodeSearchCursor(next, matched, correctedQuery) : null,
        correctedQuery: text === query.q ? null : correctedQuery,
        matched,
      };
    },

    /** The best published articles for a ticket: its subject and its customer's first message, any word matching. */
    async suggestForTicket(actor: Actor, ticketId: string, language = DEFAULT_LANGUAGE) {
      const ticket = await deps.tickets.get(actor, ticketId);
      const messages = await deps.messages.list(actor, ticketId);
      const question = messages.find((message) => message.direction === 'inbound')?.text ?? '';
      const important = [...new Set(contentWords(`${ticket.subject} ${question.slice(0, 2000)}`, language).filter((word) => word.length >= 4))].slice(0, 24);
      if (!important.length) return [];
      const parsed = parseQuery(important.join(' '), language);
      const hits = await searchArticleIndex(db, {
        workspaceId: actor.workspaceId,
        language,
        visibilities: ['public', 'internal'],
        terms: parsed.terms,
        prefix: null,
        mode: 'any',
        limit: 5,
        offset: 0,
      });
      const published = await repo.findPublished(db, actor.workspaceId, hits);
      return hits.flatMap((hit) => {
        const row = published.find((candidate) => candidate.article_id === hit.articleId && candidate.language === hit.language);
        return row
          ? [
              {
                articleId: hit.articleId,
                language: hit.language,
                visibility: row.visibility as 'public' | 'internal',
                title: highlight(row.title, parsed, language),
                excerpt: excerpt(row.body_text, parsed, language),
                publishedAt: iso(row.published_at === null ? null : Number(row.published_at)),
              },
            ]
          : [];
      });
    },

    /** A draft article from a solved conversation: the customer's question and the public answers. */
    async createFromTicket(actor: Actor, ticketId: string, language = DEFAULT_LANGUAGE) {
      const ticket = await deps.tickets.get(actor, ticketId);
      const messages = (await deps.messages.list(actor, ticketId)).filter(
        (message) => !message.internal && message.authorType !== 'system',
      );
      const paragraphs = (text: string) =>
        text
          .split(/\n{2,}/)
          .map((part) => part.trim())
          .filter(Boolean)
          .map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
          .join('');
      const question = messages.find((message) => message.direction === 'inbound');
      const answers = messages.filter((message) => message.direction === 'outbound');
      const body = [
        '<h2>Question</h2>',
        paragraphs(question?.text ?? ticket.subject),
        '<h2>Answer</h2>',
        ...answers.map((message) => message.html ?? paragraphs(message.text)),
      ].join('');
      return service.create(
        actor,
        { title: ticket.subject, body, language, visibility: 'internal', note: `From ticket #${ticket.number}` },
        { ticketId },
      );
    },
  };

  /** The query with each unknown word replaced by its closest known spelling, or undefined when nothing changes. */
  async function correctSpelling(workspaceId: string, parsed: ParsedQuery, query: string) {
    const typed = parsed.typed.filter((word) => word.length >= 4);
    const known = new Set((await repo.knownTerms(db, workspaceId, typed)).map((row) => row.term));
    let changed = false;
    const fixed = await Promise.all(
      parsed.typed.map(async (word) => {
        if (word.length < 4 || known.has(word)) return word;
        const better = correction(word, await repo.spellingCandidates(db, workspaceId, word));
        if (better) changed = true;
        return better ?? word;
      }),
    );
    // A trailing space keeps the last word whole when the query was typed with one.
    return changed ? `${fixed.join(' ')}${/\s$/.test(query) ? ' ' : ''}` : undefined;
  }

  return service;
}

function toSummary(article: KbArticleTable, translation: Parameters<typeof toTranslationSummary>[0], now: number): ArticleSummary {
  const reviewAt = article.review_at === null ? null : Number(article.review_at);
  return {
    id: article.id,
    sectionId: article.section_id,
    visibility: article.visibility as 'public' | 'internal',
    ownerId: article.owner_id,
    reviewAt: iso(reviewAt),
    stale: translation.status === 'published' && reviewAt !== null && reviewAt <= now,
    translation: toTranslationSummary(translation),
  };
}

export type KnowledgeBaseService = ReturnType<typeof createKnowledgeBaseService>;
