import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type FormEvent, Fragment, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { channelLabel, priorityLabel, typeLabel } from '../tickets/ticket-options.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import type { Calendar, SlaPolicy } from './api.ts';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import { useCalendars, usePolicies, useUpdatePolicy } from './use-admin.ts';

const t = messages.admin;
const tp = messages.admin.policies;

const CLOCKS = ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'] as const;
type ClockName = (typeof CLOCKS)[number];

export function conditionsSummary(conditions: SlaPolicy['conditions']) {
  const parts = tp.conditionParts;
  const list = (values: string[] | undefined, label: (v: string) => string) => (values?.length ? values.map(label).join(', ') : null);
  const summary = [
    list(conditions.channels, channelLabel) && parts.channels(list(conditions.channels, channelLabel) as string),
    list(conditions.priorities, priorityLabel) && parts.priorities(list(conditions.priorities, priorityLabel) as string),
    list(conditions.tiers, (tier) => messages.customer.tier[tier] ?? tier) &&
      parts.tiers(list(conditions.tiers, (tier) => messages.customer.tier[tier] ?? tier) as string),
    list(conditions.types, typeLabel) && parts.types(list(conditions.types, typeLabel) as string),
    conditions.organisationIds?.length ? parts.organisations(conditions.organisationIds.length) : null,
  ].filter(Boolean);
  return summary.length ? summary.join(' · ') : tp.anyTicket;
}

/** The SLA policies in the order they are tried; an admin edits targets, calendar and whether a policy is active. */
export function PoliciesPage() {
  const canEdit = useCanAdminister();
  const { data: policies, error, isPending } = usePolicies();
  const { data: calendars } = useCalendars();
  const [editing, setEditing] = useState<string | null>(null);
  const calendarName = (id: string | null) => (id ? (calendars?.find((c) => c.id === id)?.name ?? '…') : tp.noCalendar);
  const sorted = [...(policies ?? [])].sort((a, b) => a.position - b.position);

  return (
    <section aria-labelledby="policies-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="policies-title" className="text-base font-semibold text-slate-900">
        {tp.title}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{tp.intro}</p>
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error.message}</Alert>}
      {policies?.length === 0 && <p className="text-sm text-slate-600">{tp.none}</p>}
      {sorted.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.order}
              </th>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.name}
              </th>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.conditions}
              </th>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.calendar}
              </th>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.targets}
              </th>
              <th scope="col" className="py-2 pr-2 font-semibold">
                {tp.columns.active}
              </th>
              {canEdit && (
                <th scope="col" className="py-2 font-semibold">
                  <span className="sr-only">{tp.columns.actions}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sorted.map((policy, index) => (
              <Fragment key={policy.id}>
                <tr className="border-b border-slate-100 align-top" data-policy={policy.name}>
                  <td className="py-2 pr-2 tabular-nums text-slate-600">{index + 1}</td>
                  <th scope="row" className="py-2 pr-2 font-medium text-slate-900">
                    {policy.name}
                  </th>
                  <td className="py-2 pr-2 text-slate-700">{conditionsSummary(policy.conditions)}</td>
                  <td className="py-2 pr-2 text-slate-700">{calendarName(policy.calendarId)}</td>
                  <td className="py-2 pr-2">
                    <dl className="grid grid-cols-[auto_auto] gap-x-2 text-xs">
                      {CLOCKS.map((clock) => (
                        <Fragment key={clock}>
                          <dt className="text-slate-600">{tp.targets[clock]}</dt>
                          <dd className="tabular-nums text-slate-900" data-target={clock}>
                            {policy.targets[clock] ?? tp.notTracked}
                          </dd>
                        </Fragment>
                      ))}
                    </dl>
                  </td>
                  <td className="py-2 pr-2">
                    <Badge tone={policy.isActive ? 'green' : 'neutral'}>{policy.isActive ? tp.yes : tp.no}</Badge>
                  </td>
                  {canEdit && (
                    <td className="py-2 text-right">
                      <Button
                        size="sm"
                        aria-label={tp.editLabel(policy.name)}
                        aria-expanded={editing === policy.id}
                        onClick={() => setEditing(editing === policy.id ? null : policy.id)}
                      >
                        {t.edit}
                      </Button>
                    </td>
                  )}
                </tr>
                {editing === policy.id && (
                  <tr className="border-b border-slate-200 bg-slate-50">
                    <td colSpan={7} className="p-3">
                      <PolicyForm policy={policy} calendars={calendars ?? []} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PolicyForm({ policy, calendars, onDone }: { policy: SlaPolicy; calendars: Calendar[]; onDone: () => void }) {
  const [targets, setTargets] = useState<Record<ClockName, string>>(
    () => Object.fromEntries(CLOCKS.map((clock) => [clock, policy.targets[clock] == null ? '' : String(policy.targets[clock])])) as Record<ClockName, string>,
  );
  const [calendarId, setCalendarId] = useState(policy.calendarId ?? '');
  const [isActive, setIsActive] = useState(policy.isActive);
  const update = useUpdatePolicy(policy.id);
  const { fieldError } = formProblem(update.error, { show: 'detail' });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        calendarId: calendarId || null,
        isActive,
        targets: Object.fromEntries(CLOCKS.map((clock) => [clock, targets[clock].trim() === '' ? null : Number(targets[clock])])),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={handleSubmit} aria-label={tp.editTitle(policy.name)} className="space-y-3" noValidate>
      <FormProblem error={update.error} />
      <div className="grid grid-cols-4 gap-3">
        {CLOCKS.map((clock) => (
          <TextField
            key={clock}
            type="number"
            min={0}
            step={1}
            label={tp.targets[clock]}
            value={targets[clock]}
            onChange={(e) => setTargets((current) => ({ ...current, [clock]: e.target.value }))}
            error={fieldError(`targets.${clock}`) ?? fieldError('targets')}
          />
        ))}
      </div>
      <p className="text-xs text-slate-600">{tp.targetHint}</p>
      <div className="flex items-end gap-4">
        <SelectField label={tp.columns.calendar} value={calendarId} onChange={(e) => setCalendarId(e.target.value)} error={fieldError('calendarId')} className="w-72">
          <option value="">{tp.noCalendar}</option>
          {calendars.map((calendar) => (
            <option key={calendar.id} value={calendar.id}>
              {calendar.name}
            </option>
          ))}
        </SelectField>
        <CheckboxField label={tp.active} checked={isActive} onChange={setIsActive} className="pb-2" />
      </div>
      <FormActions pending={update.isPending} onCancel={onDone} />
    </form>
  );
}
