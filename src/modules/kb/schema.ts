import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, NullableTimestamp, PageQuery, Timestamp } from '../../lib/schema.ts';

export const Language = Type.String({
  minLength: 2,
  maxLength: 12,
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$',
  description: 'A language tag such as en, de or pt-BR',
});
export const Visibility = Type.Union([Type.Literal('public'), Type.Literal('internal')], {
  description: 'public: the portal and agents; internal: agents only',
});
export const ArticleStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('in-review'),
  Type.Literal('published'),
  Type.Literal('archived'),
]);
export type ArticleStatus = Static<typeof ArticleStatus>;

export const Section = Type.Object({ id: Id, categoryId: Id, name: Type.String(), position: Type.Integer() });
export const Category = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
  sections: Type.Array(Section),
});
export type Category = Static<typeof Category>;

const Name = Type.String({ minLength: 1, maxLength: 120 });
export const CategoryBody = Type.Object({
  name: Name,
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type CategoryBody = Static<typeof CategoryBody>;
export const SectionBody = Type.Object({ name: Name, position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })) });
export type SectionBody = Static<typeof SectionBody>;

export const TranslationSummary = Type.Object({
  language: Type.String(),
  status: ArticleStatus,
  title: Type.String(),
  latestVersion: Type.Integer(),
  publishedVersion: Nullable(Type.Integer()),
  publishedAt: NullableTimestamp,
  views: Type.Integer(),
  helpful: Type.Integer(),
  notHelpful: Type.Integer(),
  updatedAt: Timestamp,
});

export const ArticleSummary = Type.Object({
  id: Id,
  sectionId: Nullable(Id),
  visibility: Visibility,
  ownerId: Id,
  reviewAt: NullableTimestamp,
  stale: Type.Boolean({ description: 'The review date has passed' }),
  translation: TranslationSummary,
});
export type ArticleSummary = Static<typeof ArticleSummary>;

export const Version = Type.Object({
  number: Type.Integer(),
  language: Type.String(),
  title: Type.String(),
  bodyHtml: Type.String({ description: 'Sanitised on the server' }),
  bodyText: Type.String(),
  note: Nullable(Type.String()),
  authorId: Id,
  createdAt: Timestamp,
});
export type Version = Static<typeof Version>;

export const Attachment = Type.Object({
  id: Id,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  searchable: Type.Boolean({ description: 'Its text is part of the search index (PDF and text files)' }),
  createdAt: Timestamp,
});

export const Article = Type.Object({
  ...ArticleSummary.properties,
  sourceTicketId: Nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The latest version of the language asked for. */
  latest: Version,
  translations: Type.Array(TranslationSummary),
  attachments: Type.Array(Attachment),
});
export type Article = Static<typeof Article>;

const Title = Type.String({ minLength: 1, maxLength: 250 });
const Body = Type.String({ maxLength: 500_000, description: 'HTML from the editor; sanitised on the server' });

export const CreateArticleBody = Type.Object({
  title: Title,
  body: Body,
  language: Type.Optional(Language),
  sectionId: Type.Optional(Nullable(Id)),
  visibility: Type.Optional(Visibility),
  ownerId: Type.Optional(Id),
  reviewAt: Type.Optional(NullableTimestamp),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type CreateArticleBody = Static<typeof CreateArticleBody>;

export const UpdateArticleBody = Type.Object({
  sectionId: Type.Optional(Nullable(Id)),
  visibility: Type.Optional(Visibility),
  ownerId: Type.Optional(Id),
  reviewAt: Type.Optional(NullableTimestamp),
});
export type UpdateArticleBody = Static<typeof UpdateArticleBody>;

export const SaveVersionBody = Type.Object({
  title: Title,
  body: Body,
  note: Type.Optional(Type.String({ maxLength: 500 })),
  baseVersion: Type.Optional(
    Type.Integer({ minimum: 0, description: 'The version the edit started from (0 for a new translation): a newer one makes it 412' }),
  ),
});
export type SaveVersionBody = Static<typeof SaveVersionBody>;

export const TranslationParams = Type.Object({ id: Id, language: Language });
export const VersionParams = Type.Object({ id: Id, language: Language, number: Type.Integer({ minimum: 1 }) });

export const ListArticlesQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(ArticleStatus),
  language: Type.Optional(Language),
  sectionId: Type.Optional(Id),
  ownerId: Type.Optional(Id),
  stale: Type.Optional(Type.Boolean({ description: 'Only articles whose review date has passed, oldest first' })),
});
export type ListArticlesQuery = Static<typeof ListArticlesQuery>;

export const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });
export const DiffPart = Type.Object({
  op: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]),
  text: Type.String(),
});
export const Diff = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  title: Type.Array(DiffPart),
  body: Type.Array(DiffPart),
});
export type Diff = Static<typeof Diff>;

export const PublishBody = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest' })),
  reviewAt: Type.Optional(NullableTimestamp),
});
export type PublishBody = Static<typeof PublishBody>;

export const FeedbackBody = Type.Object({
  language: Type.Optional(Language),
  helpful: Type.Boolean(),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type FeedbackBody = Static<typeof FeedbackBody>;
export const Feedback = Type.Object({
  id: Id,
  language: Type.String(),
  helpful: Type.Boolean(),
  comment: Nullable(Type.String()),
  source: Type.String(),
  createdAt: Timestamp,
});

export const UploadAttachmentBody = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200 }),
  contentType: Type.String({ minLength: 3, maxLength: 100 }),
  data: Type.String({ maxLength: 14_000_000, description: 'Base64, at most 10 MB decoded' }),
});
export type UploadAttachmentBody = Static<typeof UploadAttachmentBody>;

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200 }),
  language: Type.Optional(Language),
  prefix: Type.Optional(Type.Boolean({ description: 'The last word is still being typed: match the words it begins' })),
  ...PageQuery,
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  articleId: Id,
  language: Type.String(),
  visibility: Visibility,
  title: Type.String({ description: 'HTML: escaped, matches in <mark>' }),
  excerpt: Type.String({ description: 'HTML: escaped, matches in <mark>' }),
  publishedAt: NullableTimestamp,
});
export type SearchHit = Static<typeof SearchHit>;
export const SearchResult = Type.Object({
  items: Type.Array(SearchHit),
  nextCursor: Nullable(Type.String()),
  correctedQuery: Nullable(Type.String({ description: 'When nothing matched as typed: the spelling searched instead' })),
  matched: Type.Union([Type.Literal('all'), Type.Literal('any')], { description: 'all: every word matched; any: no article had them all' }),
});
export type SearchResult = Static<typeof SearchResult>;

export const FromTicketBody = Type.Object({ ticketId: Id, language: Type.Optional(Language) });
