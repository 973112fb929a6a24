import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { CHANNELS, type Channel } from '@server/modules/tickets/channels.ts';
import type { CreateAbsenceBody, CreateShiftBody } from '@server/modules/wfm/schema.ts';
import { ABSENCE_REASONS, WEEK_ORDER } from '@server/modules/wfm/vocabulary.ts';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { ScheduledShift } from './api.ts';
import { useAbsences, useAssignAgents, useCreateAbsence, useCreateShift, useDeleteAbsence, useDeleteShift } from './use-planning.ts';
import { addDays } from './week.ts';

const t = messages.planning.schedule;
type Weekday = (typeof WEEK_ORDER)[number];

function CheckboxGroup<Value extends string>({ legend, values, checked, label, onChange }: { legend: string; values: readonly Value[]; checked: Value[]; label: (value: Value) => string; onChange: (next: Value[]) => void }) {
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-semibold text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
        {values.map((value) => (
          <label key={value} className="flex items-center gap-1">
            <input type="checkbox" checked={checked.includes(value)} onChange={(event) => onChange(event.target.checked ? [...checked, value] : checked.filter((each) => each !== value))} />
            {label(value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A new shift: name, days, local start and end, channels. */
export function NewShiftForm() {
  const empty = { name: '', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[], start: '09:00', end: '17:00', channels: ['email'] as Channel[] };
  const [draft, setDraft] = useState(empty);
  const create = useCreateShift();
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(draft satisfies CreateShiftBody, { onSuccess: () => setDraft(empty) });
  };
  return (
    <section aria-labelledby="new-shift" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="new-shift" className="mb-2 text-base font-semibold text-slate-900">
        {t.newShift}
      </h2>
      <form aria-label={t.newShift} onSubmit={handleSubmit} className="space-y-3">
        <div className="grid grid-cols-3 gap-3">
          <TextField label={t.name} value={draft.name} maxLength={80} required onChange={(event) => setDraft({ ...draft, name: event.target.value })} error={fields.name} />
          <TextField label={t.start} type="time" value={draft.start} required onChange={(event) => setDraft({ ...draft, start: event.target.value })} error={fields.start} />
          <TextField label={t.end} hint={t.endHint} type="time" value={draft.end} required onChange={(event) => setDraft({ ...draft, end: event.target.value })} error={fields.end} />
        </div>
        <CheckboxGroup legend={t.days} values={WEEK_ORDER} checked={draft.days} label={(day) => t.weekdays[day]} onChange={(days) => setDraft({ ...draft, days })} />
        <CheckboxGroup legend={t.channels} values={CHANNELS} checked={draft.channels} label={(channel) => channel} onChange={(channels) => setDraft({ ...draft, channels })} />
        {create.error && <Alert>{create.error.message}</Alert>}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t.addShift}
        </Button>
      </form>
    </section>
  );
}

/** Who works a shift this week: every active staff member who takes tickets, seniors marked. */
export function AssignDialog({ shift, week, onClose }: { shift: ScheduledShift; week: string; onClose: () => void }) {
  const { users } = useUsers();
  const staff = users.filter((user) => user.isActive && user.role !== 'read-only').sort((a, b) => a.name.localeCompare(b.name));
  const [chosen, setChosen] = useState(() => shift.agents.map((agent) => agent.userId));
  const assign = useAssignAgents();
  const remove = useDeleteShift();
  const [isRemoving, setRemoving] = useState(false);
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate({ shiftId: shift.id, week, body: { userIds: chosen } }, { onSuccess: onClose });
  };
  const seniors = staff.filter((user) => user.isSenior && chosen.includes(user.id)).length;
  return (
    <Dialog open title={t.assignTitle(shift.name)} onClose={onClose} closeLabel={t.close}>
      <form onSubmit={handleSubmit} className="space-y-3" aria-label={t.assignTitle(shift.name)}>
        <fieldset>
          <legend className="mb-1 text-sm text-slate-700">{t.assignIntro}</legend>
          <ul className="max-h-72 space-y-1 overflow-auto text-sm">
            {staff.map((user) => (
              <li key={user.id}>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={chosen.includes(user.id)} onChange={(event) => setChosen(event.target.checked ? [...chosen, user.id] : chosen.filter((id) => id !== user.id))} />
                  {user.name}
                  {user.isSenior && <span className="text-xs text-violet-800">({t.senior})</span>}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p className={seniors < 2 ? 'text-sm font-semibold text-red-800' : 'text-sm text-green-800'} role="status">
          {t.seniorsChosen(seniors)}
        </p>
        {(assign.error ?? remove.error) && <Alert>{(assign.error ?? remove.error)?.message}</Alert>}
        <div className="flex justify-between gap-2">
          {/* Two steps: a shift's assignments of every week go with it. */}
          <Button variant="danger" onClick={() => (isRemoving ? remove.mutate(shift.id, { onSuccess: onClose }) : setRemoving(true))} disabled={remove.isPending}>
            {isRemoving ? t.confirmRemoveShift : t.removeShift}
          </Button>
          <Button type="submit" variant="primary" disabled={assign.isPending}>
            {t.saveAgents}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The week's absences, and a form to record one. */
export function AbsencesPanel({ week }: { week: string }) {
  const period = { from: week, to: addDays(week, 6) };
  const absences = useAbsences(period);
  const { users, usersById } = useUsers();
  const staff = users.filter((user) => user.isActive && user.role !== 'read-only').sort((a, b) => a.name.localeCompare(b.name));
  const empty = { userId: '', fromDay: week, toDay: week, reason: 'vacation' as CreateAbsenceBody['reason'] };
  const [draft, setDraft] = useState(empty);
  const create = useCreateAbsence();
  const remove = useDeleteAbsence();
  const fields = create.error instanceof ApiError ? create.error.fields : {};
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(draft, { onSuccess: () => setDraft(empty) });
  };
  return (
    <section aria-labelledby="absences" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="absences" className="mb-2 text-base font-semibold text-slate-900">
        {t.absencesTitle}
      </h2>
      {(absences.data?.items.length ?? 0) === 0 ? (
        <p className="mb-3 text-sm text-slate-700">{t.noAbsences}</p>
      ) : (
        <ul className="mb-3 space-y-1 text-sm" data-testid="absences">
          {absences.data?.items.map((absence) => (
            <li key={absence.id} className="flex items-center gap-3">
              <span>{t.absence(absence.userName, absence.fromDay, absence.toDay, t.reasons[absence.reason])}</span>
              <Button size="sm" variant="ghost" onClick={() => remove.mutate(absence.id)} aria-label={t.removeAbsenceOf(usersById.get(absence.userId)?.name ?? absence.userName)}>
                {t.removeAbsence}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form aria-label={t.addAbsence} onSubmit={handleSubmit} className="grid grid-cols-5 items-end gap-3">
        <SelectField label={t.agent} value={draft.userId} required onChange={(event) => setDraft({ ...draft, userId: event.target.value })} error={fields.userId}>
          <option value="">{t.chooseAgent}</option>
          {staff.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t.from} type="date" value={draft.fromDay} required onChange={(event) => setDraft({ ...draft, fromDay: event.target.value })} error={fields.fromDay} />
        <TextField label={t.to} type="date" value={draft.toDay} required onChange={(event) => setDraft({ ...draft, toDay: event.target.value })} error={fields.toDay} />
        <SelectField label={t.reason} value={draft.reason} onChange={(event) => setDraft({ ...draft, reason: event.target.value as CreateAbsenceBody['reason'] })}>
          {ABSENCE_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t.reasons[reason]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t.addAbsence}
        </Button>
      </form>
      {create.error && !Object.keys(fields).length && <Alert>{create.error.message}</Alert>}
    </section>
  );
}
