// The knowledge base's URLs: the list's filters and an article's language. Kept apart from the
// pages so the router (in the first bundle) does not pull them in.
import type { ArticleStatus } from '@server/modules/kb/schema.ts';

export const ARTICLE_STATUSES = ['draft', 'in-review', 'published', 'archived'] as const satisfies readonly ArticleStatus[];
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export interface KbListSearch {
  status?: ArticleStatus;
  language?: string;
  /** Only my published articles past their review date. */
  stale?: boolean;
}

export interface KbArticleSearch {
  language?: string;
}

const language = (value: unknown) => (typeof value === 'string' && LANGUAGE.test(value) ? value : undefined);
export const isLanguageTag = (value: string) => LANGUAGE.test(value);

export const validateKbListSearch = (search: Record<string, unknown>): KbListSearch => ({
  status: ARTICLE_STATUSES.find((status) => status === search.status),
  language: language(search.language),
  stale: search.stale === true || search.stale === 'true' ? true : undefined,
});

export const validateKbArticleSearch = (search: Record<string, unknown>): KbArticleSearch => ({ language: language(search.language) });
