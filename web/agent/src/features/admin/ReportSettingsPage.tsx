import { Alert } from '@rapport/ui/Alert.tsx';
import { DEFAULT_COST_PER_CONTACT, DEFAULT_REPORT_TARGETS } from '@server/modules/metrics/report-defaults.ts';
import { CHANNELS } from '@server/modules/tickets/channels.ts';
import { TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api } from '../../lib/api-client.ts';
import { reportKeys } from '../reports/report-keys.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import { FormActions, FormProblem, formProblem } from './admin-form.tsx';
import type { Workspace } from './api.ts';

const t = messages.admin.reportSettings;

type Draft = Record<string, string>;
const workspaceKey = ['workspace'] as const;

function toDraft(workspace: Workspace): Draft {
  const settings = workspace.settings;
  const targets = settings.reportTargets ?? {};
  return {
    currency: settings.currency ?? 'USD',
    ...Object.fromEntries(CHANNELS.map((channel) => [`cost.${channel}`, String(settings.costPerContact?.[channel] ?? DEFAULT_COST_PER_CONTACT[channel])])),
    fcrMin: String(targets.fcrPercent?.min ?? DEFAULT_REPORT_TARGETS.fcrPercent.min),
    fcrMax: String(targets.fcrPercent?.max ?? DEFAULT_REPORT_TARGETS.fcrPercent.max),
    csat: String(targets.csatPercent ?? DEFAULT_REPORT_TARGETS.csatPercent),
    csatPremium: String(targets.csatPercentPremium ?? DEFAULT_REPORT_TARGETS.csatPercentPremium),
    nps: String(targets.nps ?? DEFAULT_REPORT_TARGETS.nps),
  };
}

/** The settings body: numbers as typed (the API refuses what is out of range, naming the field). */
function toSettings(draft: Draft, stored: Workspace) {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    currency: draft.currency.trim().toUpperCase(),
    costPerContact: Object.fromEntries(CHANNELS.map((channel) => [channel, number(draft[`cost.${channel}`])])),
    reportTargets: {
      ...stored.settings.reportTargets,
      fcrPercent: { min: number(draft.fcrMin), max: number(draft.fcrMax) },
      csatPercent: number(draft.csat),
      csatPercentPremium: number(draft.csatPremium),
      nps: number(draft.nps),
    },
  };
}

/** Reports: the currency and cost of a contact per channel, and the targets shown beside the figures. */
export function ReportSettingsPage() {
  const workspace = useQuery({ queryKey: workspaceKey, queryFn: () => api.get<Workspace>('/api/v1/workspace') });
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {t.title}
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">{t.intro}</p>
      {workspace.isPending && <Spinner label={messages.app.loading} />}
      {workspace.error && <Alert>{workspace.error.message}</Alert>}
      {workspace.data && <SettingsForm key={workspace.data.id} stored={workspace.data} labelledBy={headingId} />}
    </section>
  );
}

function SettingsForm({ stored, labelledBy }: { stored: Workspace; labelledBy: string }) {
  const canEdit = useCanAdminister();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => toDraft(stored));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api.patch<Workspace>('/api/v1/workspace', { settings: toSettings(draft, stored) }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKey, workspace);
      void queryClient.invalidateQueries({ queryKey: reportKeys.all });
      setSaved(true);
    },
  });
  // Schema checks name "settings.costPerContact.phone"; show each beside its field.
  const { fieldError } = formProblem(save.error, { normalise: (field) => field.replace(/^settings\./, '').replace(/^\//, '').replaceAll('/', '.') });
  const field = (name: string, label: string, apiField: string, props: { step?: string; min?: number; max?: number } = {}) => (
    <TextField
      label={label}
      type="number"
      inputMode="decimal"
      value={draft[name]}
      error={fieldError(apiField)}
      onChange={(event) => {
        setSaved(false);
        save.reset();
        setDraft((current) => ({ ...current, [name]: event.target.value }));
      }}
      {...props}
    />
  );

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={handleSubmit} aria-labelledby={labelledBy} noValidate>
      <fieldset disabled={!canEdit} className="space-y-4">
        <FormProblem error={save.error} testId="report-settings-error" />
        <TextField
          label={t.currency}
          hint={t.currencyHint}
          value={draft.currency}
          maxLength={3}
          className="w-40"
          error={fieldError('currency')}
          onChange={(event) => {
            setSaved(false);
            setDraft((current) => ({ ...current, currency: event.target.value }));
          }}
        />
        <fieldset>
          <legend className="pb-2 text-sm font-semibold text-slate-900">{t.costs}</legend>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {CHANNELS.map((channel) => field(`cost.${channel}`, channel, `costPerContact.${channel}`, { step: '0.01', min: 0 }))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="pb-2 text-sm font-semibold text-slate-900">{t.targets}</legend>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
            {field('fcrMin', t.fcrMin, 'reportTargets.fcrPercent.min', { min: 0, max: 100 })}
            {field('fcrMax', t.fcrMax, 'reportTargets.fcrPercent.max', { min: 0, max: 100 })}
            {field('csat', t.csat, 'reportTargets.csatPercent', { min: 0, max: 100 })}
            {field('csatPremium', t.csatPremium, 'reportTargets.csatPercentPremium', { min: 0, max: 100 })}
            {field('nps', t.nps, 'reportTargets.nps', { min: -100, max: 100 })}
          </div>
        </fieldset>
        {canEdit && <FormActions pending={save.isPending} saved={saved ? t.saved : null} />}
      </fieldset>
    </form>
  );
}
