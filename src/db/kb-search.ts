import { sql } from 'kysely';
import { isPostgres } from './dialect.ts';
import type { Executor } from './types.ts';

/**
 * The knowledge base's full-text index: FTS5 ranked by bm25 on SQLite, a weighted tsvector ranked
 * by ts_rank_cd on PostgreSQL. Texts arrive already in index form (folded, stemmed words joined by
 * spaces: src/modules/kb/text.ts), so both see the same terms. Title weighs above body above
 * attachments; `words` holds the unstemmed words for prefix matching while the user types.
 */
export interface ArticleDocument {
  articleId: string;
  language: string;
  workspaceId: string;
  visibility: string;
  publishedAt: number;
  title: string;
  body: string;
  attachments: string;
  words: string;
}

export interface ArticleQuery {
  workspaceId: string;
  language: string;
  visibilities: readonly string[];
  /** Stemmed whole words. */
  terms: string[];
  prefix: string | null;
  /** Every term must match (`all`), or any one of them. */
  mode: 'all' | 'any';
  limit: number;
  offset: number;
}

export interface ArticleHit {
  articleId: string;
  language: string;
}

// Relative weights of title, body and attachments: bm25's column weights, and ts_rank_cd's A, B, C.
const WEIGHTS = { title: 10, body: 1, attachments: 0.5 };

export async function indexArticle(db: Executor, doc: ArticleDocument) {
  await removeFromArticleIndex(db, doc.articleId, doc.language);
  if (isPostgres(db)) {
    await sql`insert into kb_search (article_id, language, workspace_id, visibility, published_at, document, words)
      values (${doc.articleId}, ${doc.language}, ${doc.workspaceId}, ${doc.visibility}, ${doc.publishedAt},
        setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.body}), 'B')
          || setweight(to_tsvector('simple', ${doc.attachments}), 'C'),
        to_tsvector('simple', ${doc.words}))`.execute(db);
    return;
  }
  const { rows } = await sql<{ rowid: number }>`insert into kb_search_map (article_id, language, workspace_id, visibility, published_at)
    values (${doc.articleId}, ${doc.language}, ${doc.workspaceId}, ${doc.visibility}, ${doc.publishedAt}) returning rowid`.execute(db);
  await sql`insert into kb_fts (rowid, title, body, attachments, words) values (${rows[0].rowid}, ${doc.title}, ${doc.body}, ${doc.attachments}, ${doc.words})`.execute(
    db,
  );
}

/** Drops one translation (or, without a language, every translation) of an article from the index. */
export async function removeFromArticleIndex(db: Executor, articleId: string, language?: string) {
  if (isPostgres(db)) {
    await sql`delete from kb_search where article_id = ${articleId} ${language === undefined ? sql`` : sql`and language = ${language}`}`.execute(
      db,
    );
    return;
  }
  const { rows } = await sql<{ rowid: number }>`delete from kb_search_map
    where article_id = ${articleId} ${language === undefined ? sql`` : sql`and language = ${language}`} returning rowid`.execute(db);
  if (rows.length) await sql`delete from kb_fts where rowid in (${sql.join(rows.map((row) => row.rowid))})`.execute(db);
}

/** Best match first; equal scores newest published first, then by id, the same on both databases. */
export async function searchArticleIndex(db: Executor, query: ArticleQuery): Promise<ArticleHit[]> {
  if (!query.terms.length && !query.prefix) return [];
  const visibilities = sql.join(query.visibilities.map((visibility) => sql`${visibility}`));
  if (isPostgres(db)) {
    const joiner = query.mode === 'all' ? ' & ' : ' | ';
    const terms = query.terms.length ? sql`document @@ to_tsquery('simple', ${query.terms.join(joiner)})` : sql`true`;
    const prefix = query.prefix ? sql`words @@ to_tsquery('simple', ${`${query.prefix}:*`})` : sql`true`;
    const rank = query.terms.length
      ? sql`ts_rank_cd(${`{0,${WEIGHTS.attachments / WEIGHTS.title},${WEIGHTS.body / WEIGHTS.title},1}`}::float4[], document, to_tsquery('simple', ${query.terms.join(' | ')}), 1) desc,`
      : sql``;
    const { rows } = await sql<{ article_id: string; language: string }>`select article_id, language from kb_search
      where workspace_id = ${query.workspaceId} and language = ${query.language} and visibility in (${visibilities}) and ${terms} and ${prefix}
      order by ${rank} published_at desc, article_id
      limit ${query.limit} offset ${query.offset}`.execute(db);
    return rows.map((row) => ({ articleId: row.article_id, language: row.language }));
  }
  const quoted = query.terms.map((term) => `"${term}"`);
  const parts = [
    ...(quoted.length ? [`{title body attachments} : (${quoted.join(query.mode === 'all' ? ' AND ' : ' OR ')})`] : []),
    ...(query.prefix ? [`words : "${query.prefix}"*`] : []),
  ];
  const { rows } = await sql<{ article_id: string; language: string }>`select m.article_id, m.language
    from kb_fts f join kb_search_map m on m.rowid = f.rowid
    where kb_fts match ${parts.join(' AND ')} and m.workspace_id = ${query.workspaceId} and m.language = ${query.language}
      and m.visibility in (${visibilities})
    order by bm25(kb_fts, ${WEIGHTS.title}, ${WEIGHTS.body}, ${WEIGHTS.attachments}, 0.0), m.published_at desc, m.article_id
    limit ${query.limit} offset ${query.offset}`.execute(db);
  return rows.map((row) => ({ articleId: row.article_id, language: row.language }));
}
