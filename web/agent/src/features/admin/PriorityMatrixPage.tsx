import { Alert } from '@rapport/ui/Alert.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { PRIORITIES, priorityLabel } from '../tickets/ticket-options.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import type { PriorityMatrix } from './api.ts';
import { FormActions, FormProblem, formProblem } from './admin-form.tsx';
import { useEscalationSettings, useSavePriorityMatrix } from './use-admin.ts';

const tm = messages.admin.matrix;

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
type Level = (typeof LEVELS)[number];
const TIERS = ['standard', 'premium', 'enterprise'] as const;

/** Impact × urgency → priority, as in force (defaults included); an admin changes cells and saves the whole matrix. */
export function PriorityMatrixPage() {
  const { data: settings, error, isPending } = useEscalationSettings();
  const headingId = useId();
  const raises = settings
    ? TIERS.filter((tier) => settings.tierRaise[tier] > 0).map((tier) =>
        tm.tierRaisePart(messages.customer.tier[tier] ?? tier, settings.tierRaise[tier]),
      )
    : [];
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {tm.title}
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">{tm.intro}</p>
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error.message}</Alert>}
      {settings && <MatrixForm stored={settings.priorityMatrix} labelledBy={headingId} />}
      {raises.length > 0 && <p className="mt-3 text-xs text-slate-600">{tm.tierRaise(raises.join(', '))}</p>}
    </section>
  );
}

const copy = (matrix: PriorityMatrix): PriorityMatrix => JSON.parse(JSON.stringify(matrix));

function MatrixForm({ stored, labelledBy }: { stored: PriorityMatrix; labelledBy: string }) {
  const canEdit = useCanAdminister();
  const [draft, setDraft] = useState(() => copy(stored));
  const [saved, setSaved] = useState(false);
  const save = useSavePriorityMatrix();
  const errorIdPrefix = useId();
  // The service names cells "priorityMatrix.high.low"; schema checks prefix them with "settings.".
  const { fieldError } = formProblem(save.error, { normalise: (field) => field.replace(/^settings\./, '') });
  const changed = JSON.stringify(draft) !== JSON.stringify(stored);

  function setCell(impact: Level, urgency: Level, priority: string) {
    setSaved(false);
    save.reset();
    setDraft((current) => ({ ...current, [impact]: { ...current[impact], [urgency]: priority } }));
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(draft, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={handleSubmit} aria-labelledby={labelledBy} noValidate>
      <fieldset disabled={!canEdit} className="space-y-3">
        <FormProblem error={save.error} testId="matrix-error" />
        <table className="text-sm">
          <caption className="sr-only">{tm.caption}</caption>
          <thead>
            <tr>
              <td />
              <th scope="colgroup" colSpan={LEVELS.length} className="pb-1 text-center text-xs font-semibold text-slate-600">
                {tm.urgency}
              </th>
            </tr>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 pr-4 text-left text-xs font-semibold text-slate-600">
                {tm.impact}
              </th>
              {LEVELS.map((urgency) => (
                <th key={urgency} scope="col" className="px-2 py-2 text-left text-xs font-semibold text-slate-700">
                  {tm.levels[urgency]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((impact) => (
              <tr key={impact} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-800">
                  {tm.levels[impact]}
                </th>
                {LEVELS.map((urgency) => {
                  const problem = fieldError(`priorityMatrix.${impact}.${urgency}`);
                  const errorId = `${errorIdPrefix}-${impact}-${urgency}`;
                  const edited = draft[impact][urgency] !== stored[impact][urgency];
                  return (
                    <td key={urgency} className="w-44 px-2 py-2" data-cell={`${impact}.${urgency}`}>
                      <select
                        aria-label={tm.cell(tm.levels[impact], tm.levels[urgency])}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? errorId : undefined}
                        value={draft[impact][urgency]}
                        onChange={(e) => setCell(impact, urgency, e.target.value)}
                        className={cn(
                          'block w-full rounded-md border bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm disabled:bg-slate-100',
                          problem ? 'border-red-600 ring-1 ring-red-600' : edited ? 'border-blue-600' : 'border-slate-300',
                        )}
                      >
                        {PRIORITIES.map((priority) => (
                          <option key={priority} value={priority}>
                            {priorityLabel(priority)}
                          </option>
                        ))}
                      </select>
                      {problem && (
                        <p id={errorId} className="mt-1 text-xs text-red-700">
                          {problem}
                        </p>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit && (
          <FormActions
            pending={save.isPending}
            disabled={!changed}
            saved={saved ? tm.saved : null}
            cancelLabel={tm.undo}
            onCancel={() => {
              save.reset();
              setDraft(copy(stored));
            }}
          />
        )}
      </fieldset>
    </form>
  );
}
