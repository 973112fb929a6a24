import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { sanitizeArticleHtml } from '../../lib/safe-html.ts';
import type { Article, WorkflowAction } from './api.ts';
import { useSaveVersion, useWorkflow } from './use-kb.ts';
import { useCanWriteKb, useIsKbManager } from './ticket-articles.ts';

const t = messages.kb.article;

// The editor (TipTap, ProseMirror) loads only when an article is edited: readers never download it.
export const RichTextEditor = lazy(() => import('./RichTextEditor.tsx').then((module) => ({ default: module.RichTextEditor })));

export function EditorFallback() {
  return (
    <div className="min-h-72 rounded-md border border-slate-300 bg-white p-3">
      <Spinner label={t.loadingEditor} />
    </div>
  );
}

/** The workflow moves the API allows from each status, and who may make them. */
function workflowActions(article: Article, isManager: boolean, canWrite: boolean): WorkflowAction[] {
  const { status, publishedVersion, latestVersion } = article.translation;
  const actions: WorkflowAction[] = [];
  if (status === 'draft' && canWrite) actions.push('submit');
  if (isManager) {
    if (status === 'draft' || status === 'in-review' || (status === 'published' && publishedVersion !== latestVersion))
      actions.push('publish');
    if (status === 'in-review') actions.push('reject');
    if (status === 'published') actions.push('unpublish');
    if (status !== 'archived') actions.push('archive');
  }
  return actions;
}

/**
 * One language of an article: its title and text in the editor, saved as a new version over the
 * version it started from (`baseVersion`: someone else's newer save answers 412, shown with a
 * reload), and the workflow buttons of the agent's role. Read-only users see the text.
 */
export function ArticleForm({
  article,
  language,
  isNewTranslation,
  onDirtyChange,
  onSaved,
  onReload,
}: {
  article: Article;
  language: string;
  /** A first version in `language`, started from the article's current text. */
  isNewTranslation: boolean;
  onDirtyChange: (dirty: boolean) => void;
  onSaved: (article: Article) => void;
  onReload: () => void;
}) {
  const canWrite = useCanWriteKb();
  const isManager = useIsKbManager();
  const [title, setTitle] = useState(article.latest.title);
  const [html, setHtml] = useState(article.latest.bodyHtml);
  const [note, setNote] = useState('');
  const [bodyChanged, setBodyChanged] = useState(false);
  const [baseVersion, setBaseVersion] = useState(isNewTranslation ? 0 : article.latest.number);
  const [done, setDone] = useState('');
  const save = useSaveVersion(article.id, language);
  const workflow = useWorkflow(article.id, language);
  const dirty = isNewTranslation || bodyChanged || title !== article.latest.title || note !== '';
  const conflict = save.error instanceof ApiError && save.error.isStaleWrite;

  if (!canWrite) {
    return (
      <article className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 className="mb-2 text-base font-semibold">{article.latest.title}</h2>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server when saved and again by DOMPurify */}
        <div className="article-html text-sm" dangerouslySetInnerHTML={{ __html: sanitizeArticleHtml(article.latest.bodyHtml) }} />
      </article>
    );
  }

  function change(apply: () => void) {
    apply();
    setDone('');
    save.reset();
    workflow.reset();
    onDirtyChange(true);
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { title: title.trim(), body: html, baseVersion, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (saved) => {
          setBaseVersion(saved.latest.number);
          setBodyChanged(false);
          setNote('');
          setTitle(saved.latest.title);
          setDone(t.saved(saved.latest.number));
          onDirtyChange(false);
          onSaved(saved);
        },
      },
    );
  }

  function handleWorkflow(action: WorkflowAction) {
    setDone('');
    save.reset();
    workflow.mutate(action, {
      onSuccess: (changed) => setDone(t.workflowDone[action](changed.translation.publishedVersion ?? changed.latest.number)),
    });
  }

  const actions = isNewTranslation ? [] : workflowActions(article, isManager, canWrite);
  return (
    <form
      onSubmit={handleSubmit}
      aria-label={t.formLabel}
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      noValidate
    >
      {conflict && (
        <Alert
          tone="warning"
          action={
            <Button size="sm" onClick={onReload}>
              {t.reload}
            </Button>
          }
        >
          <p className="font-semibold">{t.conflictTitle}</p>
          <p>{t.conflict}</p>
        </Alert>
      )}
      {save.error && !conflict && <Alert>{save.error.message}</Alert>}
      {workflow.error && <Alert>{workflow.error.message}</Alert>}
      <TextField label={t.title} value={title} maxLength={250} required onChange={(event) => change(() => setTitle(event.target.value))} />
      <div>
        <span className="mb-1 block text-xs font-semibold text-slate-700">{t.body}</span>
        <Suspense fallback={<EditorFallback />}>
          <RichTextEditor
            initialHtml={article.latest.bodyHtml}
            label={t.body}
            onChange={(value) =>
              change(() => {
                setHtml(value);
                setBodyChanged(true);
              })
            }
          />
        </Suspense>
      </div>
      <TextField
        label={t.note}
        hint={t.noteHint}
        value={note}
        maxLength={500}
        onChange={(event) => change(() => setNote(event.target.value))}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={!dirty || !title.trim() || save.isPending || conflict}>
          {save.isPending ? t.saving : isNewTranslation ? t.saveTranslation : t.save}
        </Button>
        {actions.length > 0 && <span className="mx-1 h-6 w-px bg-slate-200" aria-hidden="true" />}
        {actions.map((action) => (
          <Button
            key={action}
            variant={action === 'publish' ? 'primary' : action === 'archive' ? 'danger' : 'secondary'}
            disabled={dirty || workflow.isPending}
            title={dirty ? t.saveFirst : undefined}
            onClick={() => handleWorkflow(action)}
          >
            {action === 'publish' ? t.publishVersion(article.translation.latestVersion) : t.workflow[action]}
          </Button>
        ))}
        <span role="status" className="text-sm text-green-800">
          {done}
        </span>
      </div>
      {dirty && actions.length > 0 && <p className="text-xs text-slate-600">{t.saveFirst}</p>}
    </form>
  );
}
