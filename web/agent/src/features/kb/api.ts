import type {
  Article,
  ArticleStatus,
  ArticleSummary,
  Category,
  CategoryBody,
  CreateArticleBody,
  Diff,
  ListArticlesQuery,
  SaveVersionBody,
  SearchHit,
  SearchResult,
  SectionBody,
  UpdateArticleBody,
  UploadAttachmentBody,
  Version,
} from '@server/modules/kb/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Article, ArticleStatus, ArticleSummary, Category, Diff, SearchHit, SearchResult, Version };
export type Feedback = { id: string; language: string; helpful: boolean; comment: string | null; source: string; createdAt: string };
export type Attachment = Article['attachments'][number];
export type WorkflowAction = 'submit' | 'reject' | 'publish' | 'unpublish' | 'archive';

const kb = '/api/v1/kb';
const articlePath = (id: string) => `${kb}/articles/${encodeURIComponent(id)}`;
const translationPath = (id: string, language: string) => `${articlePath(id)}/translations/${encodeURIComponent(language)}`;

export const listCategories = () => api.get<{ items: Category[] }>(`${kb}/categories`).then((page) => page.items);
export const createCategory = (body: CategoryBody) => api.post<Category>(`${kb}/categories`, body);
export const updateCategory = (id: string, body: Partial<CategoryBody>) =>
  api.patch<Category>(`${kb}/categories/${encodeURIComponent(id)}`, body);
export const deleteCategory = (id: string) => api.delete<null>(`${kb}/categories/${encodeURIComponent(id)}`);
export const createSection = (categoryId: string, body: SectionBody) =>
  api.post<Category['sections'][number]>(`${kb}/categories/${encodeURIComponent(categoryId)}/sections`, body);
export const updateSection = (id: string, body: Partial<SectionBody>) => api.patch(`${kb}/sections/${encodeURIComponent(id)}`, body);
export const deleteSection = (id: string) => api.delete<null>(`${kb}/sections/${encodeURIComponent(id)}`);

export const listArticles = (query: ListArticlesQuery, signal?: AbortSignal) =>
  api.get<Page<ArticleSummary>>(`${kb}/articles`, { query: { ...query }, signal });
export const searchArticles = (query: { q: string; prefix?: boolean; language?: string }, signal?: AbortSignal) =>
  api.get<SearchResult>(`${kb}/search`, { query: { limit: 20, ...query }, signal });

export const fetchArticle = (id: string, language?: string) => api.get<Article>(articlePath(id), { query: { language } });
export const createArticle = (body: CreateArticleBody) => api.post<Article>(`${kb}/articles`, body);
export const updateArticle = (id: string, body: UpdateArticleBody) => api.patch<Article>(articlePath(id), body);
/** A new version of a language; baseVersion is the version the edit started from (0 for a new translation): a newer one answers 412. */
export const saveVersion = (id: string, language: string, body: SaveVersionBody) => api.put<Article>(translationPath(id, language), body);
export const runWorkflow = (id: string, language: string, action: WorkflowAction) =>
  api.post<Article>(`${translationPath(id, language)}/${action}`);

export const listVersions = (id: string, language: string) =>
  api.get<{ items: Version[] }>(`${translationPath(id, language)}/versions`).then((page) => page.items);
export const fetchVersion = (id: string, language: string, number: number) =>
  api.get<Version>(`${translationPath(id, language)}/versions/${number}`);
export const fetchDiff = (id: string, language: string, from: number, to: number) =>
  api.get<Diff>(`${translationPath(id, language)}/diff`, { query: { from, to } });
export const restoreVersion = (id: string, language: string, number: number) =>
  api.post<Article>(`${translationPath(id, language)}/versions/${number}/restore`);

export const listFeedback = (id: string, cursor?: string) =>
  api.get<Page<Feedback>>(`${articlePath(id)}/feedback`, { query: { limit: 50, cursor } });

export const uploadAttachment = (id: string, body: UploadAttachmentBody) => api.post<Attachment>(`${articlePath(id)}/attachments`, body);
export const deleteAttachment = (attachmentId: string) => api.delete<null>(`${kb}/attachments/${encodeURIComponent(attachmentId)}`);
export const attachmentUrl = (attachmentId: string) => `${kb}/attachments/${encodeURIComponent(attachmentId)}`;

/** The address customers open an article at: the portal's page, absolute so it works in an email. */
export function portalArticleUrl(articleId: string, language: string, defaultLanguage = 'en') {
  const url = new URL(`/portal/kb/articles/${encodeURIComponent(articleId)}`, window.location.origin);
  if (language !== defaultLanguage) url.searchParams.set('lang', language);
  return url.toString();
}

/** The published text of an article's translation, for pasting into a reply. */
export async function fetchPublishedText(articleId: string, language: string) {
  const article = await fetchArticle(articleId, language);
  const published = article.translation.publishedVersion;
  if (published === null || published === article.latest.number) return article.latest.bodyText;
  return (await fetchVersion(articleId, article.translation.language, published)).bodyText;
}
