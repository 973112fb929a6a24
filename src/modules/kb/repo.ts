import type {
  Executor,
  KbArticleTable,
  KbAttachmentTable,
  KbCategoryTable,
  KbFeedbackTable,
  KbSectionTable,
  KbTranslationTable,
  KbVersionTable,
} from '../../db/types.ts';

export const listCategories = (db: Executor, workspaceId: string) =>
  db.selectFrom('kb_category').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name').execute();

export const listSections = (db: Executor, workspaceId: string) =>
  db.selectFrom('kb_section').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name').execute();

export const findCategory = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('kb_category').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findSection = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('kb_section').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertCategory = (db: Executor, row: KbCategoryTable) => db.insertInto('kb_category').values(row).execute();
export const insertSection = (db: Executor, row: KbSectionTable) => db.insertInto('kb_section').values(row).execute();

export const updateCategory = (db: Executor, id: string, changes: Partial<KbCategoryTable>) =>
  db.updateTable('kb_category').set(changes).where('id', '=', id).execute();
export const updateSection = (db: Executor, id: string, changes: Partial<KbSectionTable>) =>
  db.updateTable('kb_section').set(changes).where('id', '=', id).execute();

export async function deleteCategory(db: Executor, workspaceId: string, id: string) {
  const sections = db.selectFrom('kb_section').select('id').where('category_id', '=', id);
  await db
    .updateTable('kb_article')
    .set({ section_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('section_id', 'in', sections)
    .execute();
  await db.deleteFrom('kb_section').where('category_id', '=', id).execute();
  await db.deleteFrom('kb_category').where('id', '=', id).execute();
}

export async function deleteSection(db: Executor, workspaceId: string, id: string) {
  await db
    .updateTable('kb_article')
    .set({ section_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('section_id', '=', id)
    .execute();
  await db.deleteFrom('kb_section').where('id', '=', id).execute();
}

export const findArticle = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('kb_article').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const insertArticle = (db: Executor, row: KbArticleTable) => db.insertInto('kb_article').values(row).execute();
export const updateArticle = (db: Executor, id: string, changes: Partial<KbArticleTable>) =>
  db.updateTable('kb_article').set(changes).where('id', '=', id).execute();
export const deleteArticle = (db: Executor, id: string) => db.deleteFrom('kb_article').where('id', '=', id).execute();

export const listTranslations = (db: Executor, articleId: string) =>
  db.selectFrom('kb_translation').selectAll().where('article_id', '=', articleId).orderBy('language').execute();

export const findTranslation = (db: Executor, articleId: string, language: string) =>
  db.selectFrom('kb_translation').selectAll().where('article_id', '=', articleId).where('language', '=', language).executeTakeFirst();

export const insertTranslation = (db: Executor, row: KbTranslationTable) => db.insertInto('kb_translation').values(row).execute();

/** Changes a translation only if nobody saved a version since `expectedVersion` was read: the number of rows changed. */
export async function updateTranslation(
  db: Executor,
  articleId: string,
  language: string,
  changes: Partial<KbTranslationTable>,
  expectedVersion?: number,
) {
  let query = db.updateTable('kb_translation').set(changes).where('article_id', '=', articleId).where('language', '=', language);
  if (expectedVersion !== undefined) query = query.where('latest_version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export const insertVersion = (db: Executor, row: KbVersionTable) => db.insertInto('kb_version').values(row).execute();

export const findVersion = (db: Executor, articleId: string, language: string, number: number) =>
  db
    .selectFrom('kb_version')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .where('number', '=', number)
    .executeTakeFirst();

export const listVersions = (db: Executor, articleId: string, language: string) =>
  db
    .selectFrom('kb_version')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .orderBy('number', 'desc')
    .execute();

/** The published versions of these translations with their articles, in one query (search results). */
export function findPublished(db: Executor, workspaceId: string, keys: ReadonlyArray<{ articleId: string; language: string }>) {
  if (!keys.length) return Promise.resolve([]);
  return db
    .selectFrom('kb_translation as t')
    .innerJoin('kb_article as a', 'a.id', 't.article_id')
    .innerJoin('kb_version as v', (join) =>
      join.onRef('v.article_id', '=', 't.article_id').onRef('v.language', '=', 't.language').onRef('v.number', '=', 't.published_version'),
    )
    .select(['t.article_id', 't.language', 't.published_at', 'a.visibility', 'v.title', 'v.body_text'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.article_id', 'in', [...new Set(keys.map((key) => key.articleId))])
    .execute();
}

export interface ArticleListFilter {
  workspaceId: string;
  status?: string;
  language?: string;
  sectionId?: string;
  ownerId?: string;
  /** Review date before this instant (stale articles), oldest first. */
  staleBefore?: number;
  limit: number;
  after?: { value: number; id: string };
}

/** Articles with one translation each (the language asked for), newest change first, or oldest review date first. */
export function listArticles(db: Executor, filter: ArticleListFilter) {
  let query = db
    .selectFrom('kb_translation as t')
    .innerJoin('kb_article as a', 'a.id', 't.article_id')
    .selectAll('a')
    .select([
      't.language',
      't.status',
      't.title',
      't.latest_version',
      't.published_version',
      't.published_at',
      't.views',
      't.helpful',
      't.not_helpful',
      't.updated_at as translation_updated_at',
    ])
    .where('t.workspace_id', '=', filter.workspaceId);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.language) query = query.where('t.language', '=', filter.language);
  if (filter.sectionId) query = query.where('a.section_id', '=', filter.sectionId);
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.staleBefore !== undefined) {
    query = query.where('a.review_at', '<=', filter.staleBefore).where('t.status', '=', 'published');
    if (filter.after) {
      const { value, id } = filter.after;
      query = query.where((eb) => eb.or([eb('a.review_at', '>', value), eb.and([eb('a.review_at', '=', value), eb('a.id', '>', id)])]));
    }
    return query
      .orderBy('a.review_at')
      .orderBy('a.id')
      .orderBy('t.language')
      .limit(filter.limit + 1)
      .execute();
  }
  if (filter.after) {
    const { value, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb('t.updated_at', '<', value), eb.and([eb('t.updated_at', '=', value), eb('t.article_id', '<', id)])]),
    );
  }
  return query
    .orderBy('t.updated_at', 'desc')
    .orderBy('t.article_id', 'desc')
    .orderBy('t.language')
    .limit(filter.limit + 1)
    .execute();
}

/** Published public articles in a language, for the portal's contents: by section, then title. */
export const listPublicPublished = (db: Executor, workspaceId: string, language: string, limit: number) =>
  db
    .selectFrom('kb_translation as t')
    .innerJoin('kb_article as a', 'a.id', 't.article_id')
    .select(['t.article_id', 't.title', 'a.section_id', 't.published_at'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.language', '=', language)
    .where('t.status', '=', 'published')
    .where('a.visibility', '=', 'public')
    .orderBy('t.title')
    .limit(limit)
    .execute();

export const insertFeedback = (db: Executor, row: KbFeedbackTable) => db.insertInto('kb_feedback').values(row).execute();

export const listFeedback = (db: Executor, articleId: string, limit: number, after?: { value: number; id: string }) => {
  let query = db.selectFrom('kb_feedback').selectAll().where('article_id', '=', articleId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.value), eb.and([eb('created_at', '=', after.value), eb('id', '<', after.id)])]),
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
};

export async function countFeedback(db: Executor, articleId: string, language: string, helpful: boolean) {
  await db
    .updateTable('kb_translation')
    .set((eb) => (helpful ? { helpful: eb('helpful', '+', 1) } : { not_helpful: eb('not_helpful', '+', 1) }))
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .execute();
}

export const countView = (db: Executor, articleId: string, language: string) =>
  db
    .updateTable('kb_translation')
    .set((eb) => ({ views: eb('views', '+', 1) }))
    .where('article_id', '=', articleId)
    .where('language', '=', language)
    .execute();

export const insertAttachment = (db: Executor, row: KbAttachmentTable) => db.insertInto('kb_attachment').values(row).execute();
export const listAttachments = (db: Executor, articleId: string) =>
  db.selectFrom('kb_attachment').selectAll().where('article_id', '=', articleId).orderBy('created_at').orderBy('id').execute();
export const findAttachment = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('kb_attachment').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
export const deleteAttachment = (db: Executor, id: string) => db.deleteFrom('kb_attachment').where('id', '=', id).execute();

/**
 * Counts documents in (+1) and out (−1) of each word's total in one upsert, in term order: two
 * publishes at once lock the words they share in the same order, so they wait for each other but
 * never deadlock. Words no document holds any more are dropped.
 */
export async function adjustTerms(db: Executor, workspaceId: string, added: string[], removed: string[]) {
  const changes = [...added.map((term) => ({ term, delta: 1 })), ...removed.map((term) => ({ term, delta: -1 }))].sort((a, b) =>
    a.term < b.term ? -1 : a.term > b.term ? 1 : 0,
  );
  const chunk = 1000;
  for (let i = 0; i < changes.length; i += chunk) {
    await db
      .insertInto('kb_term')
      .values(changes.slice(i, i + chunk).map(({ term, delta }) => ({ workspace_id: workspaceId, term, docs: delta })))
      .onConflict((oc) => oc.columns(['workspace_id', 'term']).doUpdateSet((eb) => ({ docs: eb('kb_term.docs', '+', eb.ref('excluded.docs')) })))
      .execute();
  }
  for (let i = 0; i < removed.length; i += chunk) {
    await db.deleteFrom('kb_term').where('workspace_id', '=', workspaceId).where('term', 'in', removed.slice(i, i + chunk)).where('docs', '<=', 0).execute();
  }
}

/** Known words that could be `word` misspelt: same first letter, length within two. */
export const spellingCandidates = (db: Executor, workspaceId: string, word: string) =>
  db
    .selectFrom('kb_term')
    .select(['term', 'docs'])
    .where('workspace_id', '=', workspaceId)
    .where('term', '>=', word[0])
    .where('term', '<', String.fromCodePoint((word.codePointAt(0) ?? 0) + 1))
    .where((eb) => eb(eb.fn('length', ['term']), '>=', word.length - 2))
    .where((eb) => eb(eb.fn('length', ['term']), '<=', word.length + 2))
    .limit(20_000)
    .execute();

export const knownTerms = (db: Executor, workspaceId: string, terms: string[]) =>
  terms.length
    ? db.selectFrom('kb_term').select('term').where('workspace_id', '=', workspaceId).where('term', 'in', terms).execute()
    : Promise.resolve([]);
