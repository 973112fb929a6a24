import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('kb_category')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('kb_category_name', ['workspace_id', 'name'])
    .execute();
  await db.schema
    .createTable('kb_section')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('kb_category.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('kb_section_name', ['category_id', 'name'])
    .execute();

  // The article: what all its translations share (place, visibility, owner, review date).
  await db.schema
    .createTable('kb_article')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('section_id', 'text', (c) => c.references('kb_section.id').onDelete('set null'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('review_at', 'bigint')
    .addColumn('source_ticket_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Section listings; the owners' list of articles due for review.
  await db.schema.createIndex('kb_article_section').on('kb_article').columns(['workspace_id', 'section_id', 'id']).execute();
  await db.schema.createIndex('kb_article_review').on('kb_article').columns(['workspace_id', 'review_at', 'id']).execute();
  await db.schema
    .createIndex('kb_article_owner_review')
    .on('kb_article')
    .columns(['workspace_id', 'owner_id', 'review_at', 'id'])
    .execute();

  // One language of an article: its workflow state, its latest and its published version, counters.
  await db.schema
    .createTable('kb_translation')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('published_at', 'bigint')
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_helpful', 'integer', (c) => c.notNull().defaultTo(0))
    // The distinct words the index holds for it, so kb_term counts can be corrected on re-indexing.
    .addColumn('indexed_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_translation_pk', ['article_id', 'language'])
    .execute();
  // The article list by state, newest change first.
  await db.schema
    .createIndex('kb_translation_status')
    .on('kb_translation')
    .columns(['workspace_id', 'status', 'updated_at', 'article_id'])
    .execute();
  await db.schema
    .createIndex('kb_translation_updated')
    .on('kb_translation')
    .columns(['workspace_id', 'updated_at', 'article_id'])
    .execute();

  // Every edit is a version, numbered per article and language; nothing is ever overwritten.
  await db.schema
    .createTable('kb_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('kb_version_number', ['article_id', 'language', 'number'])
    .execute();

  await db.schema
    .createTable('kb_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_feedback_article').on('kb_feedback').columns(['article_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('kb_attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_attachment_article').on('kb_attachment').columns(['article_id', 'created_at']).execute();

  // The words of published articles with how many documents hold each: spelling suggestions.
  await db.schema
    .createTable('kb_term')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('docs', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_term_pk', ['workspace_id', 'term'])
    .execute();

  // The search index holds published translations only, as words already normalised and stemmed
  // by Rapport (src/modules/kb/text.ts), so both databases see the same tokens.
  if (isPostgres(db)) {
    await sql`create table kb_search (
      article_id text not null references kb_article(id) on delete cascade,
      language text not null,
      workspace_id text not null,
      visibility text not null,
      published_at bigint not null,
      document tsvector not null,
      words tsvector not null,
      primary key (article_id, language)
    )`.execute(db);
    await sql`create index kb_search_document on kb_search using gin (document)`.execute(db);
    await sql`create index kb_search_words on kb_search using gin (words)`.execute(db);
    await sql`create index kb_search_workspace on kb_search (workspace_id, language)`.execute(db);
  } else {
    await sql`create table kb_search_map (
      rowid integer primary key,
      article_id text not null,
      language text not null,
      workspace_id text not null,
      visibility text not null,
      published_at bigint not null,
      unique (article_id, language)
    )`.execute(db);
    await sql`create virtual table kb_fts using fts5(
      title, body, attachments, words, content='', contentless_delete=1, tokenize='unicode61', prefix='2 3'
    )`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  if (isPostgres(db)) await db.schema.dropTable('kb_search').execute();
  else {
    await sql`drop table kb_fts`.execute(db);
    await db.schema.dropTable('kb_search_map').execute();
  }
  for (const table of [
    'kb_term',
    'kb_attachment',
    'kb_feedback',
    'kb_version',
    'kb_translation',
    'kb_article',
    'kb_section',
    'kb_category',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
