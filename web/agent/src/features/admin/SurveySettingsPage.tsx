import { Alert } from '@rapport/ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { NPS_INTERVALS, type SurveySettings, type UpdateSurveySettingsBody } from '@server/modules/surveys/schema.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api } from '../../lib/api-client.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';

const t = messages.admin.surveySettings;
const settingsKey = ['surveys', 'settings'] as const;

interface Draft {
  csatEnabled: boolean;
  delayHours: string;
  cesEnabled: boolean;
  reasons: string;
  suppressionDays: string;
  linkBaseUrl: string;
  npsEnabled: boolean;
  npsIntervalMonths: SurveySettings['npsIntervalMonths'];
  npsSuppressionDays: string;
}

const toDraft = (settings: SurveySettings): Draft => ({
  csatEnabled: settings.csatEnabled,
  delayHours: String(settings.delayMinutes / 60),
  cesEnabled: settings.cesEnabled,
  reasons: settings.reasons.join('\n'),
  suppressionDays: String(settings.suppressionDays),
  linkBaseUrl: settings.linkBaseUrl ?? '',
  npsEnabled: settings.npsEnabled,
  npsIntervalMonths: settings.npsIntervalMonths,
  npsSuppressionDays: String(settings.npsSuppressionDays),
});

/** The body as typed: numbers that are not numbers go as NaN → null, which the API refuses naming the field. */
function toBody(draft: Draft): UpdateSurveySettingsBody {
  const whole = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    csatEnabled: draft.csatEnabled,
    delayMinutes: Math.round(whole(draft.delayHours) * 60),
    cesEnabled: draft.cesEnabled,
    reasons: draft.reasons
      .split('\n')
      .map((reason) => reason.trim())
      .filter(Boolean),
    suppressionDays: whole(draft.suppressionDays),
    linkBaseUrl: draft.linkBaseUrl.trim() || null,
    npsEnabled: draft.npsEnabled,
    npsIntervalMonths: draft.npsIntervalMonths,
    npsSuppressionDays: whole(draft.npsSuppressionDays),
  };
}

/** Admin → Survey settings: CSAT delay, CES, the reason list, suppression, and the NPS schedule. */
export function SurveySettingsPage() {
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => api.get<SurveySettings>('/api/v1/surveys/settings') });
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {t.title}
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">{t.intro}</p>
      {settings.isPending && <Spinner label={messages.app.loading} />}
      {settings.error && <Alert>{settings.error.message}</Alert>}
      {settings.data && <SettingsForm stored={settings.data} labelledBy={headingId} />}
    </section>
  );
}

function SettingsForm({ stored, labelledBy }: { stored: SurveySettings; labelledBy: string }) {
  const canEdit = useCanAdminister();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => toDraft(stored));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api.patch<SurveySettings>('/api/v1/surveys/settings', toBody(draft)),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      setDraft(toDraft(settings));
      setSaved(true);
    },
  });
  const { fieldError } = formProblem(save.error, { normalise: (field) => field.replace(/^\//, '').split('/')[0] });
  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    save.reset();
    setDraft((current) => ({ ...current, [key]: value }));
  };
  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const legend = 'pb-2 text-sm font-semibold text-slate-900';
  return (
    <form onSubmit={handleSubmit} aria-labelledby={labelledBy} noValidate>
      <fieldset disabled={!canEdit} className="space-y-5">
        <FormProblem error={save.error} testId="survey-settings-error" />
        <fieldset className="space-y-3">
          <legend className={legend}>{t.csat}</legend>
          <CheckboxField label={t.csatEnabled} checked={draft.csatEnabled} onChange={(checked) => change('csatEnabled', checked)} />
          <div className="grid max-w-2xl grid-cols-1 gap-3 sm:grid-cols-2">
            <TextField
              label={t.delayHours}
              type="number"
              min={0}
              step="0.5"
              value={draft.delayHours}
              error={fieldError('delayMinutes')}
              onChange={(event) => change('delayHours', event.target.value)}
            />
            <TextField
              label={t.suppressionDays}
              type="number"
              min={0}
              max={365}
              value={draft.suppressionDays}
              error={fieldError('suppressionDays')}
              onChange={(event) => change('suppressionDays', event.target.value)}
            />
          </div>
          <CheckboxField label={t.cesEnabled} checked={draft.cesEnabled} onChange={(checked) => change('cesEnabled', checked)} />
          <TextAreaField
            label={t.reasons}
            hint={t.reasonsHint}
            rows={5}
            className="max-w-md"
            value={draft.reasons}
            error={fieldError('reasons')}
            onChange={(event) => change('reasons', event.target.value)}
          />
        </fieldset>
        <fieldset className="space-y-3">
          <legend className={legend}>{t.nps}</legend>
          <p className="max-w-3xl text-sm text-slate-600">{t.npsHint}</p>
          <CheckboxField label={t.npsEnabled} checked={draft.npsEnabled} onChange={(checked) => change('npsEnabled', checked)} />
          <div className="grid max-w-2xl grid-cols-1 gap-3 sm:grid-cols-2">
            <SelectField
              label={t.npsInterval}
              value={String(draft.npsIntervalMonths)}
              error={fieldError('npsIntervalMonths')}
              onChange={(event) => change('npsIntervalMonths', Number(event.target.value) as Draft['npsIntervalMonths'])}
            >
              {NPS_INTERVALS.map((months) => (
                <option key={months} value={months}>
                  {t.intervals[months]}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t.npsSuppressionDays}
              type="number"
              min={0}
              max={365}
              value={draft.npsSuppressionDays}
              error={fieldError('npsSuppressionDays')}
              onChange={(event) => change('npsSuppressionDays', event.target.value)}
            />
          </div>
        </fieldset>
        <TextField
          label={t.linkBaseUrl}
          hint={t.linkBaseUrlHint}
          className="max-w-md"
          value={draft.linkBaseUrl}
          error={fieldError('linkBaseUrl')}
          onChange={(event) => change('linkBaseUrl', event.target.value)}
        />
        {canEdit && <FormActions pending={save.isPending} saved={saved ? t.saved : null} />}
      </fieldset>
    </form>
  );
}
