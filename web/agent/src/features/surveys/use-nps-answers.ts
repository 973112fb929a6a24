import type { ListNpsFeedbackQuery, NpsFeedback } from '@server/modules/surveys/schema.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api-client.ts';

export const npsAnswerKeys = { list: (query: ListNpsFeedbackQuery) => ['surveys', 'nps', query] as const };

/** NPS answers, newest first, a page at a time: the feedback list, a contact's answers. */
export const useNpsAnswers = (query: ListNpsFeedbackQuery) =>
  useInfiniteQuery({
    queryKey: npsAnswerKeys.list(query),
    queryFn: ({ pageParam, signal }) => api.get<Page<NpsFeedback>>('/api/v1/surveys/nps', { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<NpsFeedback>) => page.nextCursor ?? undefined,
  });
