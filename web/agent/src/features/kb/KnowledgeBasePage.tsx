import { Badge } from '@rapport/ui/Badge.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import type { ListArticlesQuery } from '@server/modules/kb/schema.ts';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatRelative } from '../../lib/format.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useNow } from '../../lib/use-now.ts';
import { useSession } from '../auth/use-session.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';
import { useUsers } from '../directory/use-directory.ts';
import type { ArticleSummary } from './api.ts';
import { ARTICLE_STATUSES, type KbListSearch } from './kb-search.ts';
import { ArticleStatusBadge, COMMON_LANGUAGES, Highlighted, languageLabel, SearchNotices, VisibilityBadge } from './parts.tsx';
import { useArticleList, useArticleSearch } from './use-kb.ts';
import { useCanWriteKb, useIsKbManager } from './ticket-articles.ts';

const t = messages.kb;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';

/**
 * The knowledge base: search as you type (highlighted, with the spelling the server corrected to),
 * or the list of articles, one row per translation, filtered by status, language or "stale: mine".
 */
export function KnowledgeBasePage({ search }: { search: KbListSearch }) {
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 200);
  const searchId = useId();
  const canWrite = useCanWriteKb();
  const isManager = useIsKbManager();

  return (
    <div className="flex h-full flex-col">
      <div className="space-y-3 border-b border-slate-200 bg-white px-5 py-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold">{t.title}</h1>
            <p className="text-sm text-slate-700">{t.intro}</p>
          </div>
          <div className="flex gap-2">
            {isManager && (
              <Link
                to="/kb/categories"
                className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
              >
                {t.categories.title}
              </Link>
            )}
            {canWrite && (
              <Link to="/kb/new" className="rounded-md bg-blue-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-blue-800">
                {t.newArticle}
              </Link>
            )}
          </div>
        </div>
        <search className="max-w-xl">
          <label htmlFor={searchId} className="block text-xs font-semibold text-slate-700">
            {t.search.label}
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            autoComplete="off"
            placeholder={t.search.placeholder}
            onChange={(event) => setQuery(event.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm placeholder:text-slate-500"
          />
        </search>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">{q ? <SearchResults q={q} /> : <ArticleList search={search} />}</div>
    </div>
  );
}

function SearchResults({ q }: { q: string }) {
  const results = useArticleSearch(q);
  const items = results.data?.items ?? [];
  return (
    <section aria-label={t.search.results} className="max-w-4xl space-y-3 p-5">
      <p role="status" className="text-sm text-slate-700">
        {results.isPending ? (
          <Spinner label={t.search.searching} />
        ) : (
          results.data && t.search.count(items.length, Boolean(results.data.nextCursor))
        )}
      </p>
      {results.isError && <p className="text-sm text-red-800">{results.error.message}</p>}
      {results.data && <SearchNotices query={q} result={results.data} />}
      <ol className="space-y-3" data-testid="kb-search-results">
        {items.map((hit) => (
          <li key={`${hit.articleId}-${hit.language}`} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <div className="flex flex-wrap items-center gap-2">
              <Link
                to="/kb/articles/$articleId"
                params={{ articleId: hit.articleId }}
                search={{ language: hit.language }}
                className="font-medium text-blue-800 underline"
              >
                <Highlighted html={hit.title} />
              </Link>
              {hit.visibility === 'internal' && <VisibilityBadge visibility="internal" />}
              <span className="text-xs text-slate-600">{languageLabel(hit.language)}</span>
            </div>
            <p className="mt-1 text-sm text-slate-800">
              <Highlighted html={hit.excerpt} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ArticleList({ search }: { search: KbListSearch }) {
  const navigate = useNavigate({ from: '/kb' });
  const { user } = useSession();
  const { usersById } = useUsers();
  const now = useNow();
  const query: ListArticlesQuery = {
    ...(search.status ? { status: search.status } : {}),
    ...(search.language ? { language: search.language } : {}),
    ...(search.stale ? { stale: true, ownerId: user.id } : {}),
  };
  const list = useArticleList(query);
  const statusId = useId();
  const languageId = useId();
  const filter = (changes: Partial<KbListSearch>) => void navigate({ search: (current) => ({ ...current, ...changes }), replace: true });

  return (
    <>
      <div className="flex flex-wrap items-end gap-4 px-5 py-3">
        <div>
          <label htmlFor={statusId} className="block text-xs font-semibold text-slate-700">
            {t.filters.status}
          </label>
          <select
            id={statusId}
            value={search.status ?? ''}
            onChange={(event) => filter({ status: ARTICLE_STATUSES.find((status) => status === event.target.value) })}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">{t.filters.anyStatus}</option>
            {ARTICLE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t.status[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={languageId} className="block text-xs font-semibold text-slate-700">
            {t.filters.language}
          </label>
          <select
            id={languageId}
            value={search.language ?? ''}
            onChange={(event) => filter({ language: event.target.value || undefined })}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">{t.filters.anyLanguage}</option>
            {[...new Set([...COMMON_LANGUAGES, ...(search.language ? [search.language] : [])])].map((tag) => (
              <option key={tag} value={tag}>
                {languageLabel(tag)}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={search.stale ?? false}
            onChange={(event) => filter({ stale: event.target.checked || undefined })}
            className="size-4"
          />
          {t.filters.staleMine}
        </label>
      </div>
      <QueryState query={list}>
        {() => {
          const articles = list.data?.pages.flatMap((page) => page.items) ?? [];
          if (articles.length === 0) return <p className="px-5 py-3 text-sm text-slate-700">{search.stale ? t.emptyStale : t.empty}</p>;
          return (
            <>
              <table className="w-full text-left text-sm" data-testid="kb-articles">
                <caption className="sr-only">{t.listCaption}</caption>
                <ListColumns
                  labels={[
                    t.columns.title,
                    t.columns.language,
                    t.columns.status,
                    t.columns.owner,
                    t.columns.review,
                    t.columns.updated,
                    t.columns.feedback,
                  ]}
                />
                <tbody>
                  {articles.map((article) => (
                    <ArticleRow
                      key={`${article.id}-${article.translation.language}`}
                      article={article}
                      ownerName={usersById.get(article.ownerId)?.name}
                      now={now}
                    />
                  ))}
                </tbody>
              </table>
              <LoadMore list={list} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function ArticleRow({ article, ownerName, now }: { article: ArticleSummary; ownerName?: string; now: number }) {
  const { translation } = article;
  return (
    <tr data-article={translation.title}>
      <th scope="row" className={`${cell} font-medium`}>
        <Link
          to="/kb/articles/$articleId"
          params={{ articleId: article.id }}
          search={{ language: translation.language }}
          className="text-blue-800 underline"
        >
          {translation.title}
        </Link>
        {article.visibility === 'internal' && (
          <span className="ml-2">
            <VisibilityBadge visibility="internal" />
          </span>
        )}
      </th>
      <td className={cell}>{languageLabel(translation.language)}</td>
      <td className={cell}>
        <ArticleStatusBadge status={translation.status} />
        {translation.publishedVersion !== null && translation.latestVersion > translation.publishedVersion && (
          <span className="ml-1">
            <Badge tone="amber">{t.newerDraft}</Badge>
          </span>
        )}
      </td>
      <td className={cell}>{ownerName ?? '—'}</td>
      <td className={cell}>
        {article.reviewAt ? formatRelative(article.reviewAt, now) : '—'}
        {article.stale && (
          <span className="ml-1">
            <Badge tone="red">{t.stale}</Badge>
          </span>
        )}
      </td>
      <td className={`${cell} whitespace-nowrap`}>{formatRelative(translation.updatedAt, now)}</td>
      <td className={`${cell} whitespace-nowrap tabular-nums`}>
        {t.feedbackCounts(translation.helpful, translation.notHelpful, translation.views)}
      </td>
    </tr>
  );
}
