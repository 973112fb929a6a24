import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { highlightText } from '../../lib/safe-html.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { fetchPublishedText, portalArticleUrl, type SearchHit } from './api.ts';
import { Highlighted, SearchNotices, VisibilityBadge } from './parts.tsx';
import type { useArticleSuggestions } from './ticket-articles.ts';
import { useArticleSearch } from './use-kb.ts';

const t = messages.kb.suggestions;

/**
 * The articles for a ticket, or any found by typing: "Insert link" gives `onInsert` the portal
 * address of a public article (customers cannot open an internal one), "Insert text" its published text.
 */
export function ArticleSuggestionsPanel({
  suggestions,
  onInsert,
}: {
  suggestions: ReturnType<typeof useArticleSuggestions>;
  onInsert: (snippet: string, announcement: string) => void;
}) {
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const q = useDebounced(query.trim(), 200);
  const search = useArticleSearch(q);
  const inputId = useId();
  const hits = q ? (search.data?.items ?? []) : (suggestions.data ?? []);
  const isPending = q ? search.isPending : suggestions.isPending;
  const error = problem ?? (q ? search.error : suggestions.error)?.message;

  function insertLink(hit: SearchHit) {
    const title = highlightText(hit.title);
    onInsert(`${title}: ${portalArticleUrl(hit.articleId, hit.language)}`, t.linkInserted(title));
  }

  async function insertArticleText(hit: SearchHit) {
    setBusy(hit.articleId);
    setProblem(null);
    try {
      onInsert(await fetchPublishedText(hit.articleId, hit.language), t.textInserted(highlightText(hit.title)));
    } catch (failure) {
      setProblem((failure as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <label htmlFor={inputId} className="block text-xs font-semibold text-slate-700">
        {t.searchLabel}
      </label>
      <input
        id={inputId}
        type="search"
        value={query}
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the panel opens because the agent asked for it
        autoFocus
        placeholder={t.searchPlaceholder}
        onChange={(event) => setQuery(event.target.value)}
        className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm placeholder:text-slate-500"
      />
      <p className="text-xs font-semibold text-slate-700">{q ? t.found : t.suggested}</p>
      {q && search.data && <SearchNotices query={q} result={search.data} />}
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error}</Alert>}
      {hits.length === 0 && !isPending && <p className="text-sm text-slate-700">{q ? t.noMatch : t.none}</p>}
      <ul className="max-h-80 space-y-2 overflow-y-auto" data-testid="kb-suggestions">
        {hits.map((hit) => {
          const title = highlightText(hit.title);
          return (
            <li key={`${hit.articleId}-${hit.language}`} className="rounded-md p-2 ring-1 ring-slate-200" data-suggestion={title}>
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  to="/kb/articles/$articleId"
                  params={{ articleId: hit.articleId }}
                  search={{ language: hit.language }}
                  className="text-sm font-medium text-blue-800 underline"
                >
                  <Highlighted html={hit.title} />
                </Link>
                {hit.visibility === 'internal' && <VisibilityBadge visibility="internal" />}
              </div>
              <p className="mt-0.5 line-clamp-2 text-xs text-slate-700">
                <Highlighted html={hit.excerpt} />
              </p>
              <div className="mt-1 flex gap-2">
                {hit.visibility === 'public' ? (
                  <Button size="sm" aria-label={t.insertLinkLabel(title)} onClick={() => insertLink(hit)}>
                    {t.insertLink}
                  </Button>
                ) : (
                  <span className="self-center text-xs text-slate-600">{t.internalNoLink}</span>
                )}
                <Button
                  size="sm"
                  aria-label={t.insertTextLabel(title)}
                  disabled={busy !== null}
                  onClick={() => void insertArticleText(hit)}
                >
                  {busy === hit.articleId ? t.inserting : t.insertText}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
