import type { Article, SearchHit } from '@server/modules/kb/schema.ts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import { useSession } from '../auth/use-session.ts';

// What every screen needs of the knowledge base: its query keys, who may write, and the ticket
// page's suggestions and "turn into draft article". Kept small: it is part of the first bundle,
// the rest of features/kb loads with its screens.

export const kbKeys = {
  all: ['kb'] as const,
  categories: ['kb', 'categories'] as const,
  articles: (query: object) => ['kb', 'articles', query] as const,
  search: (q: string, prefix: boolean) => ['kb', 'search', q, prefix] as const,
  /** Everything about one article: its languages, versions, diffs and feedback. */
  article: (id: string) => ['kb', 'article', id] as const,
  translation: (id: string, language: string | undefined) => ['kb', 'article', id, language ?? ''] as const,
  versions: (id: string, language: string) => ['kb', 'article', id, language, 'versions'] as const,
  diff: (id: string, language: string, from: number, to: number) => ['kb', 'article', id, language, 'diff', from, to] as const,
  feedback: (id: string) => ['kb', 'article', id, 'feedback'] as const,
  suggestions: (ticketId: string) => ['kb', 'suggestions', ticketId] as const,
};

/** Supervisors and admins organise, publish, reject, archive and change visibility (the API's access.manage). */
export const useIsKbManager = () => ['admin', 'supervisor'].includes(useSession().user.role);
/** Agents and up write drafts and submit them; read-only users read. */
export const useCanWriteKb = () => useSession().user.role !== 'read-only';

const listArticleSuggestions = (ticketId: string, signal?: AbortSignal) =>
  api
    .get<{ items: SearchHit[] }>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/article-suggestions`, { signal })
    .then((page) => page.items);

export const createArticleFromTicket = (ticketId: string) => api.post<Article>('/api/v1/kb/articles/from-ticket', { ticketId });

/** The published articles that may answer a ticket, from its subject and first message. */
export const useArticleSuggestions = (ticketId: string) =>
  useQuery({
    queryKey: kbKeys.suggestions(ticketId),
    queryFn: ({ signal }) => listArticleSuggestions(ticketId, signal),
    staleTime: 60_000,
  });
