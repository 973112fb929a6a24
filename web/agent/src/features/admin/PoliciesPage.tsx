import { Badge } from '@rapport/ui/Badge.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { type FormEvent, Fragment, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { channelLabel, priorityLabel, typeLabel } from '../tickets/ticket-options.ts';
import { AdminList } from './AdminList.tsx';
import { useCanAdminister } from './AdminLayout.tsx';
import type { Calendar, SlaPolicy } from './api.ts';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import { useCalendars, usePolicies, useUpdatePolicy } from './use-admin.ts';

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
  const calendarName = (id: string | null) => (id ? (calendars?.find((c) => c.id === id)?.name ?? '…') : tp.noCalendar);
  const sorted = policies && [...policies].sort((a, b) => a.position - b.position);

  return (
    <AdminList
      title={tp.title}
      intro={tp.intro}
      rows={sorted}
      isPending={isPending}
      error={error}
      emptyText={tp.none}
      rowKey={(policy) => policy.id}
      rowAttributes={(policy) => ({ 'data-policy': policy.name })}
      columns={[
        { header: tp.columns.order, className: 'tabular-nums text-slate-600', cell: (_policy, index) => index + 1 },
        { header: tp.columns.name, isRowHeader: true, cell: (policy) => policy.name },
        { header: tp.columns.conditions, className: 'text-slate-700', cell: (policy) => conditionsSummary(policy.conditions) },
        {
          header: tp.columns.calendar,
          className: 'text-slate-700',
          cell: (policy) => (
            <>
              {calendarName(policy.calendarId)}
              {policy.problem && <ProblemNote problem={policy.problem} />}
            </>
          ),
        },
        { header: tp.columns.targets, cell: (policy) => <Targets policy={policy} /> },
        {
          header: tp.columns.active,
          cell: (policy) => <Badge tone={policy.isActive ? 'green' : 'neutral'}>{policy.isActive ? tp.yes : tp.no}</Badge>,
        },
      ]}
      actionsLabel={tp.columns.actions}
      editLabel={(policy) => tp.editLabel(policy.name)}
      renderEditor={
        canEdit ? (policy, close) => <PolicyForm policy={policy} calendars={calendars ?? []} onDone={() => close()} /> : undefined
      }
    />
  );
}

/** A configuration fault on a policy or calendar: its clocks get no due time until an admin fixes it. */
export function ProblemNote({ problem }: { problem: string }) {
  return (
    <p className="mt-1 max-w-xs text-xs text-amber-900" data-testid="config-problem">
      <Badge tone="amber">{tp.problem}</Badge> {problem}
    </p>
  );
}

function Targets({ policy }: { policy: SlaPolicy }) {
  return (
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
