import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, Suspense, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { createArticle } from './api.ts';
import { EditorFallback, RichTextEditor } from './ArticleForm.tsx';
import { SectionOptions } from './ArticleSidePanels.tsx';
import { COMMON_LANGUAGES, languageLabel } from './parts.tsx';
import { useCategories } from './use-kb.ts';
import { kbKeys } from './ticket-articles.ts';

const t = messages.kb.article;

/** A new article: a draft at version 1, owned by its writer. */
export function NewArticlePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: categories = [] } = useCategories();
  const [title, setTitle] = useState('');
  const [html, setHtml] = useState('');
  const [language, setLanguage] = useState('en');
  const [sectionId, setSectionId] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const create = useMutation({
    mutationFn: createArticle,
    onSuccess: (article) => {
      queryClient.setQueryData(kbKeys.translation(article.id, article.translation.language), article);
      void queryClient.invalidateQueries({ queryKey: kbKeys.all });
      void navigate({
        to: '/kb/articles/$articleId',
        params: { articleId: article.id },
        search: { language: article.translation.language },
      });
    },
  });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ title: title.trim(), body: html, language, visibility, sectionId: sectionId || null });
  }

  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <form onSubmit={handleSubmit} aria-label={t.newTitle} className="mx-auto max-w-5xl space-y-4 p-4" noValidate>
        <div>
          <Link to="/kb" className="text-xs text-blue-800 hover:underline">
            ← {t.back}
          </Link>
          <h1 className="mt-1 text-lg font-semibold text-slate-900">{t.newTitle}</h1>
        </div>
        {create.error && <Alert>{create.error.message}</Alert>}
        <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <TextField label={t.title} value={title} maxLength={250} required onChange={(event) => setTitle(event.target.value)} />
          <div className="grid grid-cols-3 gap-3">
            <SelectField label={t.language} value={language} onChange={(event) => setLanguage(event.target.value)}>
              {COMMON_LANGUAGES.map((tag) => (
                <option key={tag} value={tag}>
                  {languageLabel(tag)}
                </option>
              ))}
            </SelectField>
            <SelectField label={messages.kb.settings.section} value={sectionId} onChange={(event) => setSectionId(event.target.value)}>
              <SectionOptions categories={categories} />
            </SelectField>
            <SelectField
              label={messages.kb.settings.visibility}
              value={visibility}
              onChange={(event) => setVisibility(event.target.value as typeof visibility)}
            >
              <option value="public">{messages.kb.visibility.public}</option>
              <option value="internal">{messages.kb.visibility.internal}</option>
            </SelectField>
          </div>
          <div>
            <span className="mb-1 block text-xs font-semibold text-slate-700">{t.body}</span>
            <Suspense fallback={<EditorFallback />}>
              <RichTextEditor initialHtml="" label={t.body} onChange={setHtml} />
            </Suspense>
          </div>
          <Button type="submit" variant="primary" disabled={!title.trim() || create.isPending}>
            {create.isPending ? t.saving : t.createDraft}
          </Button>
        </div>
      </form>
    </div>
  );
}
