import type { ListArticlesQuery } from '@server/modules/kb/schema.ts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type Article,
  createCategory,
  createSection,
  deleteAttachment,
  deleteCategory,
  deleteSection,
  fetchArticle,
  fetchDiff,
  listArticles,
  listCategories,
  listFeedback,
  listVersions,
  restoreVersion,
  runWorkflow,
  saveVersion,
  searchArticles,
  updateArticle,
  updateCategory,
  updateSection,
  uploadAttachment,
  type WorkflowAction,
} from './api.ts';
import { kbKeys } from './ticket-articles.ts';

export const useCategories = () => useQuery({ queryKey: kbKeys.categories, queryFn: listCategories, staleTime: 60_000 });

export function useArticleList(query: ListArticlesQuery) {
  return useInfiniteQuery({
    queryKey: kbKeys.articles(query),
    queryFn: ({ pageParam, signal }) => listArticles({ ...query, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Search as you type: `prefix` matches the word still being typed. */
export function useArticleSearch(q: string, prefix = true) {
  return useQuery({
    queryKey: kbKeys.search(q, prefix),
    queryFn: ({ signal }) => searchArticles({ q, prefix }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export const useArticle = (id: string, language?: string) =>
  useQuery({ queryKey: kbKeys.translation(id, language), queryFn: () => fetchArticle(id, language) });

export const useVersions = (id: string, language: string) =>
  useQuery({ queryKey: kbKeys.versions(id, language), queryFn: () => listVersions(id, language) });

export const useDiff = (id: string, language: string, range: { from: number; to: number } | null) =>
  useQuery({
    queryKey: kbKeys.diff(id, language, range?.from ?? 0, range?.to ?? 0),
    queryFn: () => fetchDiff(id, language, range?.from ?? 0, range?.to ?? 0),
    enabled: range !== null,
  });

export const useFeedback = (id: string) => useQuery({ queryKey: kbKeys.feedback(id), queryFn: () => listFeedback(id) });

/** Every change to an article answers the article: the page shows it at once, lists refetch. */
function useArticleMutation<Variables>(id: string, run: (variables: Variables) => Promise<Article>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (article) => {
      const key = kbKeys.translation(id, article.translation.language);
      queryClient.setQueryData(key, article);
      // Everything else about the knowledge base may have changed with it: versions, lists, search.
      void queryClient.invalidateQueries({
        queryKey: kbKeys.all,
        predicate: (query) => query.queryKey.join('\u0000') !== key.join('\u0000'),
      });
    },
  });
}

export const useSaveVersion = (id: string, language: string) =>
  useArticleMutation(id, (body: { title: string; body: string; note?: string; baseVersion: number }) => saveVersion(id, language, body));

export const useWorkflow = (id: string, language: string) =>
  useArticleMutation(id, (action: WorkflowAction) => runWorkflow(id, language, action));

export const useRestoreVersion = (id: string, language: string) =>
  useArticleMutation(id, (number: number) => restoreVersion(id, language, number));

export const useUpdateArticle = (id: string) =>
  useArticleMutation(id, (body: Parameters<typeof updateArticle>[1]) => updateArticle(id, body));

function useKbMutation<Variables, Result>(run: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries({ queryKey: kbKeys.all }) });
}

export const useUploadAttachment = (id: string) =>
  useKbMutation((body: Parameters<typeof uploadAttachment>[1]) => uploadAttachment(id, body));
export const useDeleteAttachment = () => useKbMutation(deleteAttachment);

export const useCategoryMutations = () => ({
  createCategory: useKbMutation(createCategory),
  updateCategory: useKbMutation(({ id, ...body }: { id: string; name?: string; description?: string }) => updateCategory(id, body)),
  deleteCategory: useKbMutation(deleteCategory),
  createSection: useKbMutation(({ categoryId, name }: { categoryId: string; name: string }) => createSection(categoryId, { name })),
  updateSection: useKbMutation(({ id, name }: { id: string; name: string }) => updateSection(id, { name })),
  deleteSection: useKbMutation(deleteSection),
});
