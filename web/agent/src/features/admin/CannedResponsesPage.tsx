import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { renderCannedResponse, unknownVariables, VARIABLES } from '@server/modules/canned-responses/render.ts';
import { type FormEvent, useDeferredValue, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';
import type { CannedResponse, CannedResponseScope, CreateCannedResponseBody } from '../canned-responses/api.ts';
import { insertText } from '../canned-responses/insert-text.ts';
import { useCaretAfterRender } from '../canned-responses/use-caret-after-render.ts';
import { useArchiveCannedResponse, useCannedResponses, useSaveCannedResponse } from '../canned-responses/use-canned-responses.ts';
import { useTeams } from '../directory/use-directory.ts';
import { AdminList } from './AdminList.tsx';
import { FormActions, FormProblem, formProblem } from './admin-form.tsx';

const t = messages.cannedResponses;
const focusOnMount = (element: HTMLElement | null) => element?.focus();

/** Supervisors and admins manage shared and team responses; every agent manages their personal ones here. */
const useIsManager = () => ['admin', 'supervisor'].includes(useSession().user.role);

/**
 * Canned responses: a supervisor or admin sees the shared ones and every team's, plus their own
 * personal ones; an agent sees (and edits) only their personal ones. Read-only users have none.
 */
export function CannedResponsesPage() {
  const isManager = useIsManager();
  const canWrite = useSession().user.role !== 'read-only';
  const [query, setQuery] = useState('');
  const search = useDeferredValue(query);
  const { data: responses, error, isPending } = useCannedResponses('manage', search);
  const { teamsById } = useTeams();

  return (
    <AdminList
      title={t.title}
      intro={isManager ? t.intro : [t.intro, t.introAgent]}
      rows={responses}
      isPending={isPending}
      error={error}
      emptyText={t.emptyList}
      rowKey={(response) => response.id}
      rowAttributes={(response) => ({ 'data-canned-response': response.title })}
      columns={[
        {
          header: t.columns.title,
          isRowHeader: true,
          className: 'max-w-md',
          cell: (response) => (
            <>
              {response.title}
              <span className="block truncate text-xs font-normal text-slate-600">{response.body.split('\n')[0]}</span>
            </>
          ),
        },
        {
          header: t.columns.shortcut,
          cell: (response) =>
            response.shortcut && <code className="rounded bg-slate-100 px-1 text-xs text-slate-800">{response.shortcut}</code>,
        },
        {
          header: t.columns.scope,
          cell: (response) => (
            <Badge tone={response.scope === 'personal' ? 'neutral' : response.scope === 'team' ? 'violet' : 'blue'}>
              {t.scopeLabel(response.scope, response.teamId ? teamsById.get(response.teamId)?.name : undefined)}
            </Badge>
          ),
        },
        { header: t.columns.used, className: 'tabular-nums text-slate-700', cell: (response) => t.usedTimes(response.usageCount) },
      ]}
      actionsLabel={t.columns.actions}
      editLabel={(response) => t.editLabel(response.title)}
      renderEditor={(response, close) => (
        <CannedResponseForm response={response} onDone={() => close()} onArchived={() => close(t.archived(response.title))} />
      )}
      adding={
        canWrite
          ? {
              label: t.add,
              renderForm: (close) => <CannedResponseForm response={null} onDone={(saved) => close(saved && t.created(saved.title))} />,
            }
          : undefined
      }
    >
      <TextField
        label={t.filterLabel}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className="max-w-sm"
      />
    </AdminList>
  );
}

interface Draft {
  title: string;
  shortcut: string;
  body: string;
  scope: CannedResponseScope;
  teamId: string;
}

const toDraft = (response: CannedResponse | null, isManager: boolean): Draft => ({
  title: response?.title ?? '',
  shortcut: response?.shortcut ?? '',
  body: response?.body ?? '',
  scope: response?.scope ?? (isManager ? 'shared' : 'personal'),
  teamId: response?.teamId ?? '',
});

const toBody = (draft: Draft): CreateCannedResponseBody => ({
  title: draft.title.trim(),
  body: draft.body,
  shortcut: draft.shortcut.trim() || null,
  scope: draft.scope,
  teamId: draft.scope === 'team' ? draft.teamId || null : null,
});

function CannedResponseForm({
  response,
  onDone,
  onArchived,
}: {
  response: CannedResponse | null;
  onDone: (saved?: CannedResponse) => void;
  onArchived?: () => void;
}) {
  const isManager = useIsManager();
  const { user } = useSession();
  const { teams } = useTeams();
  const [draft, setDraft] = useState<Draft>(() => toDraft(response, isManager));
  const placeCaret = useCaretAfterRender();
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useSaveCannedResponse(response?.id ?? null);
  const archive = useArchiveCannedResponse(response?.id ?? '');
  const { fieldError } = formProblem(save.error);
  const formRef = useRef<HTMLFormElement>(null);
  const previewId = useId();
  const title = response ? t.editTitle(response.title) : t.newTitle;
  const unknown = unknownVariables(draft.body);
  const sample = renderCannedResponse(draft.body, {
    customer: { name: t.sample.customer, email: t.sample.email },
    organisation: { name: t.sample.organisation },
    ticket: { number: 1042, subject: t.sample.subject },
    agent: { name: user.name },
    workspace: { name: t.sample.workspace },
  });

  function edit(changes: Partial<Draft>) {
    setSaved(false);
    save.reset();
    archive.reset();
    setDraft((current) => ({ ...current, ...changes }));
  }

  /** Puts `{{name}}` at the text's caret and gives the focus back to the text. */
  function insertVariable(name: string) {
    const textarea = formRef.current?.querySelector<HTMLTextAreaElement>('textarea[data-canned-body]');
    const { value, caret } = insertText(
      draft.body,
      textarea?.selectionStart ?? draft.body.length,
      textarea?.selectionEnd ?? draft.body.length,
      `{{${name}}}`,
    );
    placeCaret(textarea, caret, { focus: true });
    edit({ body: value });
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    archive.reset();
    save.mutate(toBody(draft), { onSuccess: (result) => (response ? setSaved(true) : onDone(result)) });
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} aria-label={title} className="space-y-3" noValidate>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <FormProblem error={save.error ?? archive.error} testId="canned-response-error" />
      <div className="grid grid-cols-3 items-start gap-3">
        <TextField
          label={t.fields.title}
          value={draft.title}
          onChange={(e) => edit({ title: e.target.value })}
          error={fieldError('title')}
        />
        <TextField
          label={t.fields.shortcut}
          value={draft.shortcut}
          hint={t.fields.shortcutHint}
          autoComplete="off"
          onChange={(e) => edit({ shortcut: e.target.value })}
          error={fieldError('shortcut')}
        />
        <div className="space-y-3">
          <SelectField
            label={t.fields.scope}
            value={draft.scope}
            disabled={!isManager}
            onChange={(e) => edit({ scope: e.target.value as CannedResponseScope })}
            error={fieldError('scope')}
          >
            {(['shared', 'team', 'personal'] as const).map((scope) => (
              <option key={scope} value={scope}>
                {t.scopes[scope]}
              </option>
            ))}
          </SelectField>
          {draft.scope === 'team' && (
            <SelectField
              label={t.fields.team}
              value={draft.teamId}
              onChange={(e) => edit({ teamId: e.target.value })}
              error={fieldError('teamId')}
            >
              <option value="">{t.fields.chooseTeam}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </SelectField>
          )}
        </div>
      </div>
      <div className="grid grid-cols-2 items-start gap-3">
        <div className="space-y-2">
          <TextAreaField
            label={t.fields.body}
            rows={8}
            value={draft.body}
            hint={t.fields.bodyHint}
            data-canned-body
            onChange={(e) => edit({ body: e.target.value })}
            error={fieldError('body')}
          />
          <fieldset>
            <legend className="text-xs font-semibold text-slate-700">{t.variables}</legend>
            <div className="mt-1 flex flex-wrap gap-1">
              {VARIABLES.map((name) => (
                <button
                  key={name}
                  type="button"
                  aria-label={t.insertVariable(name)}
                  onClick={() => insertVariable(name)}
                  className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-xs text-slate-800 hover:bg-slate-100"
                >
                  {name}
                </button>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="space-y-1">
          <p id={previewId} className="text-xs font-semibold text-slate-700">
            {t.preview}
          </p>
          <output
            aria-labelledby={previewId}
            className="block min-h-40 whitespace-pre-wrap rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-sm text-slate-900"
            data-testid="canned-response-preview"
          >
            {sample}
          </output>
          {unknown.length > 0 && <p className="text-xs text-amber-800">{t.unknown(unknown.map((name) => `{{${name}}}`).join(', '))}</p>}
        </div>
      </div>
      <div className="flex items-center justify-between gap-3">
        <FormActions pending={save.isPending} saved={saved ? t.saved : null} onCancel={() => onDone()} />
        {response &&
          onArchived &&
          (confirming ? (
            <div className="flex items-center gap-2">
              <p className="rounded-md text-sm text-slate-800" tabIndex={-1} ref={focusOnMount}>
                {t.confirmArchive(response.title)}
              </p>
              <Button
                variant="danger"
                size="sm"
                disabled={archive.isPending}
                onClick={() => {
                  save.reset();
                  archive.mutate(undefined, { onSuccess: onArchived, onSettled: () => setConfirming(false) });
                }}
              >
                {t.confirm}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
                {t.keep}
              </Button>
            </div>
          ) : (
            <Button variant="ghost" aria-label={t.archiveLabel(response.title)} onClick={() => setConfirming(true)}>
              {t.archive}
            </Button>
          ))}
      </div>
    </form>
  );
}
