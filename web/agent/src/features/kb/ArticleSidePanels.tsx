import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type ChangeEvent, type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatFileSize, formatShortDateTime } from '../../lib/format.ts';
import { useUsers } from '../directory/use-directory.ts';
import { MAX_FILE_BYTES, toBase64 } from '../tickets/AttachmentPicker.tsx';
import { type Article, attachmentUrl, type Category } from './api.ts';
import { languageLabel } from './parts.tsx';
import { useCategories, useDeleteAttachment, useFeedback, useUpdateArticle, useUploadAttachment } from './use-kb.ts';
import { useCanWriteKb, useIsKbManager } from './ticket-articles.ts';

const t = messages.kb;

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The section options, grouped by category. */
export function SectionOptions({ categories }: { categories: Category[] }) {
  return (
    <>
      <option value="">{t.settings.noSection}</option>
      {categories.map((category) => (
        <optgroup key={category.id} label={category.name}>
          {category.sections.map((section) => (
            <option key={section.id} value={section.id}>
              {section.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

const dateOnly = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

interface Settings {
  sectionId: string;
  visibility: Article['visibility'];
  ownerId: string;
  /** yyyy-mm-dd, or empty for none. */
  reviewAt: string;
}

const settingsOf = (article: Article): Settings => ({
  sectionId: article.sectionId ?? '',
  visibility: article.visibility,
  ownerId: article.ownerId,
  reviewAt: dateOnly(article.reviewAt),
});

/** Where the article is filed, who reads it, who owns it and when it is due for review. */
export function ArticleSettings({ article }: { article: Article }) {
  const isManager = useIsKbManager();
  const canWrite = useCanWriteKb();
  const { data: categories = [] } = useCategories();
  const { users } = useUsers();
  const update = useUpdateArticle(article.id);
  // What the writer changed; every other field shows the article as the server has it now.
  const [changes, setChanges] = useState<Partial<Settings>>({});
  const { sectionId, visibility, ownerId, reviewAt } = { ...settingsOf(article), ...changes };
  const [saved, setSaved] = useState('');

  function edit(change: Partial<Settings>) {
    setChanges((current) => ({ ...current, ...change }));
    setSaved('');
    update.reset();
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        sectionId: sectionId || null,
        ownerId,
        reviewAt: reviewAt ? new Date(`${reviewAt}T00:00:00Z`).toISOString() : null,
        ...(visibility !== article.visibility ? { visibility } : {}),
      },
      {
        onSuccess: () => {
          setChanges({});
          setSaved(t.settings.saved);
        },
      },
    );
  }

  return (
    <Panel title={t.settings.title}>
      <form onSubmit={handleSubmit} aria-label={t.settings.title} className="space-y-3">
        {update.error && <Alert>{update.error.message}</Alert>}
        <SelectField
          label={t.settings.section}
          value={sectionId}
          disabled={!canWrite}
          onChange={(event) => edit({ sectionId: event.target.value })}
        >
          <SectionOptions categories={categories} />
        </SelectField>
        <SelectField
          label={t.settings.visibility}
          value={visibility}
          disabled={!isManager}
          hint={isManager ? t.settings.visibilityHint : t.settings.visibilityManagers}
          onChange={(event) => edit({ visibility: event.target.value as Article['visibility'] })}
        >
          <option value="public">{t.visibility.public}</option>
          <option value="internal">{t.visibility.internal}</option>
        </SelectField>
        <SelectField
          label={t.settings.owner}
          value={ownerId}
          disabled={!canWrite}
          onChange={(event) => edit({ ownerId: event.target.value })}
        >
          {users
            .filter((user) => user.isActive || user.id === article.ownerId)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </SelectField>
        <TextField
          label={t.settings.reviewAt}
          type="date"
          value={reviewAt}
          disabled={!canWrite}
          hint={article.stale ? t.settings.overdue : t.settings.reviewHint}
          onChange={(event) => edit({ reviewAt: event.target.value })}
        />
        {canWrite && (
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? t.article.saving : t.settings.save}
            </Button>
            <span role="status" className="text-sm text-green-800">
              {saved}
            </span>
          </div>
        )}
      </form>
    </Panel>
  );
}

/** Files attached to the article: PDF and text ones are searched with it. */
export function AttachmentsPanel({ article }: { article: Article }) {
  const canWrite = useCanWriteKb();
  const upload = useUploadAttachment(article.id);
  const remove = useDeleteAttachment();
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  async function handleFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    setProblem(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setProblem(t.attachments.tooLarge(file.name));
      return;
    }
    try {
      const data = await toBase64(file);
      upload.mutate({ filename: file.name, contentType: file.type || 'application/octet-stream', data });
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  return (
    <Panel title={t.attachments.title}>
      {(problem || upload.error || remove.error) && <Alert>{problem ?? upload.error?.message ?? remove.error?.message}</Alert>}
      {article.attachments.length === 0 ? (
        <p className="text-slate-700">{t.attachments.none}</p>
      ) : (
        <ul className="space-y-1.5" data-testid="kb-attachments">
          {article.attachments.map((file) => (
            <li key={file.id} className="flex items-center justify-between gap-2">
              <span className="min-w-0">
                <a href={attachmentUrl(file.id)} className="break-all text-blue-800 underline">
                  {file.filename}
                </a>{' '}
                <span className="text-xs text-slate-600">{formatFileSize(file.size)}</span>{' '}
                {file.searchable && <Badge tone="blue">{t.attachments.searched}</Badge>}
              </span>
              {canWrite && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t.attachments.removeLabel(file.filename)}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(file.id)}
                >
                  {t.attachments.remove}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <div>
          <label htmlFor={inputId} className="sr-only">
            {t.attachments.add}
          </label>
          <input id={inputId} ref={input} type="file" className="sr-only" onChange={(event) => void handleFile(event)} />
          <Button size="sm" onClick={() => input.current?.click()} disabled={upload.isPending}>
            {upload.isPending ? t.attachments.uploading : t.attachments.add}
          </Button>
          <p className="mt-1 text-xs text-slate-600">{t.attachments.hint}</p>
        </div>
      )}
    </Panel>
  );
}

/** Helpful / not helpful per language, and what readers wrote. */
export function FeedbackPanel({ article }: { article: Article }) {
  const feedback = useFeedback(article.id);
  const items = feedback.data?.items ?? [];
  return (
    <Panel title={t.feedback.title}>
      <ul className="space-y-0.5" data-testid="kb-feedback-counts">
        {article.translations.map((translation) => (
          <li key={translation.language}>
            <span className="font-medium">{languageLabel(translation.language)}:</span>{' '}
            {t.feedbackCounts(translation.helpful, translation.notHelpful, translation.views)}
          </li>
        ))}
      </ul>
      {feedback.isPending && <Spinner label={messages.app.loading} />}
      {feedback.isError && <Alert>{feedback.error.message}</Alert>}
      {feedback.data && items.length === 0 && <p className="text-slate-700">{t.feedback.none}</p>}
      <ul className="divide-y divide-slate-100" data-testid="kb-feedback">
        {items.map((item) => (
          <li key={item.id} className="py-1.5">
            <Badge tone={item.helpful ? 'green' : 'red'}>{item.helpful ? t.feedback.helpful : t.feedback.notHelpful}</Badge>{' '}
            <span className="text-xs text-slate-600">
              {t.feedback.meta(formatShortDateTime(item.createdAt), t.feedback.source[item.source] ?? item.source, item.language)}
            </span>
            {item.comment && <p className="mt-0.5 whitespace-pre-wrap text-slate-900">{item.comment}</p>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
