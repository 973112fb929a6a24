import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import type { Article } from './api.ts';
import { ArticleForm } from './ArticleForm.tsx';
import { ArticleSettings, AttachmentsPanel, FeedbackPanel } from './ArticleSidePanels.tsx';
import { isLanguageTag } from './kb-search.ts';
import { ArticleStatusBadge, COMMON_LANGUAGES, languageLabel, VisibilityBadge } from './parts.tsx';
import { useArticle } from './use-kb.ts';
import { kbKeys, useCanWriteKb } from './ticket-articles.ts';
import { VersionsPanel } from './VersionsPanel.tsx';

const t = messages.kb.article;

/**
 * An article in one language: the editor with the workflow, its versions (diff, restore), and
 * beside it the settings, files and readers' feedback. Tabs switch between its translations.
 */
export function ArticlePage({ articleId, language: asked }: { articleId: string; language?: string }) {
  const article = useArticle(articleId, asked);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // A new translation being written (not saved yet): its language.
  const [adding, setAdding] = useState<string | null>(null);
  // Bumped to start the editor afresh from the latest version (after a restore or a reload).
  const [edition, setEdition] = useState(0);
  const [dirty, setDirty] = useState(false);

  if (article.isPending)
    return (
      <div className="p-5">
        <Spinner label={messages.app.loading} />
      </div>
    );
  if (article.isError)
    return (
      <div className="p-5">
        <Alert
          action={
            <Button size="sm" onClick={() => void article.refetch()}>
              {messages.errors.retry}
            </Button>
          }
        >
          {article.error.message}
        </Alert>
      </div>
    );

  const data = article.data;
  const language = adding ?? data.translation.language;

  function openLanguage(next: string) {
    setAdding(null);
    setDirty(false);
    void navigate({ to: '/kb/articles/$articleId', params: { articleId }, search: { language: next } });
  }

  function restart(fresh: Article) {
    setDirty(false);
    setEdition((current) => current + 1);
    if (adding) openLanguage(fresh.translation.language);
  }

  // After a refused save: the latest version, its versions list and everything else afresh.
  async function reload() {
    await queryClient.invalidateQueries({ queryKey: kbKeys.article(articleId) });
    restart(data);
  }

  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <div className="space-y-4 p-4">
        <div>
          <Link to="/kb" className="text-xs text-blue-800 hover:underline">
            ← {t.back}
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold text-slate-900">
              {adding ? t.newTranslationTitle(languageLabel(adding)) : data.latest.title}
            </h1>
            {!adding && <ArticleStatusBadge status={data.translation.status} />}
            <VisibilityBadge visibility={data.visibility} />
            {data.stale && <Badge tone="red">{messages.kb.stale}</Badge>}
            {data.translation.publishedVersion !== null &&
              data.translation.publishedVersion !== data.translation.latestVersion &&
              !adding && <Badge tone="amber">{t.publishedIs(data.translation.publishedVersion)}</Badge>}
            {data.sourceTicketId && (
              <Link to="/tickets/$ticketId" params={{ ticketId: data.sourceTicketId }} className="text-sm text-blue-800 underline">
                {t.sourceTicket}
              </Link>
            )}
            {data.visibility === 'public' && data.translation.status === 'published' && (
              <a
                href={`/portal/kb/articles/${encodeURIComponent(data.id)}?lang=${encodeURIComponent(data.translation.language)}`}
                className="text-sm text-blue-800 underline"
                target="_blank"
                rel="noreferrer"
              >
                {t.openInPortal}
              </a>
            )}
          </div>
        </div>
        <LanguageTabs
          article={data}
          current={language}
          adding={adding}
          onOpen={openLanguage}
          onAdd={(tag) => {
            setAdding(tag);
            setDirty(false);
            setEdition((n) => n + 1);
          }}
        />
        <div className="grid grid-cols-[minmax(0,1fr)_20rem] items-start gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="min-w-0 space-y-4">
            <ArticleForm
              key={`${language}:${edition}`}
              article={data}
              language={language}
              isNewTranslation={adding !== null}
              onDirtyChange={setDirty}
              onSaved={(saved) => {
                if (adding) openLanguage(saved.translation.language);
              }}
              onReload={() => void reload()}
            />
            {!adding && <VersionsPanel key={language} article={data} language={language} restoreDisabled={dirty} onRestored={restart} />}
          </div>
          <aside aria-label={t.details} className="space-y-4">
            <ArticleSettings key={data.id} article={data} />
            <AttachmentsPanel article={data} />
            <FeedbackPanel article={data} />
          </aside>
        </div>
      </div>
    </div>
  );
}

/** The article's languages as tabs, and "Add translation" for writers. */
function LanguageTabs({
  article,
  current,
  adding,
  onOpen,
  onAdd,
}: {
  article: Article;
  current: string;
  adding: string | null;
  onOpen: (language: string) => void;
  onAdd: (language: string) => void;
}) {
  const canWrite = useCanWriteKb();
  const [choosing, setChoosing] = useState(false);
  const [tag, setTag] = useState('');
  const inputId = useId();
  const listId = useId();
  const existing = new Set(article.translations.map((translation) => translation.language));
  const valid = isLanguageTag(tag.trim()) && !existing.has(tag.trim());

  function handleAdd(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    onAdd(tag.trim());
    setChoosing(false);
    setTag('');
  }

  const tabs = [...article.translations.map((translation) => translation.language), ...(adding ? [adding] : [])];
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200">
      <div role="tablist" aria-label={t.languages} className="flex gap-1">
        {tabs.map((language) => (
          <button
            key={language}
            type="button"
            role="tab"
            aria-selected={language === current}
            onClick={() => language !== current && onOpen(language)}
            className={cn(
              '-mb-px rounded-t-md border px-3 py-1.5 text-sm',
              language === current
                ? 'border-slate-200 border-b-slate-50 bg-slate-50 font-semibold text-slate-900'
                : 'border-transparent text-blue-800 hover:bg-white',
            )}
          >
            {languageLabel(language)}
          </button>
        ))}
      </div>
      {canWrite && !adding && !choosing && (
        <Button size="sm" variant="ghost" className="mb-1" onClick={() => setChoosing(true)}>
          {t.addTranslation}
        </Button>
      )}
      {choosing && (
        <form onSubmit={handleAdd} aria-label={t.addTranslation} className="mb-1 flex items-end gap-2">
          <div>
            <label htmlFor={inputId} className="block text-xs font-semibold text-slate-700">
              {t.translationLanguage}
            </label>
            <input
              id={inputId}
              list={listId}
              value={tag}
              // biome-ignore lint/a11y/noAutofocus: the field opens because the writer asked to add a translation
              autoFocus
              placeholder="de"
              onChange={(event) => setTag(event.target.value)}
              className="mt-1 w-28 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            />
            <datalist id={listId}>
              {COMMON_LANGUAGES.filter((language) => !existing.has(language)).map((language) => (
                <option key={language} value={language}>
                  {languageLabel(language)}
                </option>
              ))}
            </datalist>
          </div>
          <Button type="submit" size="sm" disabled={!valid}>
            {t.startTranslation}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setChoosing(false)}>
            {messages.admin.cancel}
          </Button>
        </form>
      )}
    </div>
  );
}
