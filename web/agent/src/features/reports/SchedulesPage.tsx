import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { REPORT_PRESETS, WEEKDAYS } from '@server/modules/metrics/report-periods.ts';
import { CHANNELS } from '@server/modules/tickets/channels.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ListColumns, lines, QueryState, useFormProblem } from '../contacts/parts.tsx';
import { useUsers } from '../directory/use-directory.ts';
import { createSchedule, deleteSchedule, listSchedules, type ReportSchedule, updateSchedule } from './api.ts';
import { reportKeys } from './report-keys.ts';

const t = messages.reports.schedules;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const FIELDS = ['name', 'preset', 'weekday', 'time', 'recipientUserIds', 'recipientEmails', 'channel'] as const;

/** Supervisors and admins schedule the service report to people, by e-mail. */
export function SchedulesPage() {
  const schedules = useQuery({ queryKey: reportKeys.schedules, queryFn: ({ signal }) => listSchedules(signal) });
  const queryClient = useQueryClient();
  const { usersById } = useUsers();
  const refresh = () => queryClient.invalidateQueries({ queryKey: reportKeys.schedules });
  const toggle = useMutation({ mutationFn: (schedule: ReportSchedule) => updateSchedule(schedule.id, { isActive: !schedule.isActive }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: string) => deleteSchedule(id), onSuccess: refresh });
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <div>
          <h1 className="text-lg font-semibold">{t.title}</h1>
          <p className="max-w-3xl text-sm text-slate-700">{t.intro}</p>
        </div>
        <Link to="/reports" className="text-sm text-blue-800 hover:underline">
          {messages.reports.back}
        </Link>
      </div>
      <div className="min-h-0 flex-1 space-y-6 overflow-auto p-5">
        <QueryState query={schedules}>
          {() =>
            schedules.data!.items.length === 0 ? (
              <p className="text-sm text-slate-700">{t.empty}</p>
            ) : (
              <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-schedules" aria-label={t.title}>
                <ListColumns labels={[t.columns.name, t.columns.report, t.columns.when, t.columns.recipients, t.columns.lastSent, t.columns.actions]} />
                <tbody>
                  {schedules.data!.items.map((schedule) => (
                    <tr key={schedule.id} className="bg-white">
                      <td className={cell}>
                        {schedule.name}
                        {!schedule.isActive && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">{t.paused}</span>}
                      </td>
                      <td className={cell}>
                        {t.presets[schedule.preset]}
                        {schedule.channel ? ` · ${schedule.channel}` : ''}
                      </td>
                      <td className={cell}>{t.when(schedule.preset, t.weekdays[schedule.weekday], schedule.time)}</td>
                      <td className={cell}>{[...schedule.recipientUserIds.map((id) => usersById.get(id)?.name ?? id), ...schedule.recipientEmails].join(', ')}</td>
                      <td className={cell}>{schedule.lastSent ? t.lastSent(schedule.lastSent.from, schedule.lastSent.to, schedule.lastSent.recipients) : t.never}</td>
                      <td className={`${cell} space-x-2 whitespace-nowrap`}>
                        <Button size="sm" onClick={() => toggle.mutate(schedule)}>
                          {schedule.isActive ? t.pause : t.resume}
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => remove.mutate(schedule.id)} aria-label={t.removeLabel(schedule.name)}>
                          {t.remove}
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
        <ScheduleForm onCreated={refresh} />
      </div>
    </div>
  );
}

function ScheduleForm({ onCreated }: { onCreated: () => unknown }) {
  const { users } = useUsers();
  const blank = { name: '', preset: 'weekly' as ReportSchedule['preset'], weekday: 'mon' as ReportSchedule['weekday'], time: '08:00', userIds: [] as string[], emails: '', channel: '' };
  const [draft, setDraft] = useState(blank);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      createSchedule({
        name: draft.name,
        preset: draft.preset,
        weekday: draft.weekday,
        time: draft.time,
        recipientUserIds: draft.userIds,
        recipientEmails: lines(draft.emails),
        channel: draft.channel || null,
      }),
    onSuccess: () => {
      setDraft(blank);
      setDone(true);
      void onCreated();
    },
  });
  const { error, summary } = useFormProblem(save.error, FIELDS);
  const set = (changes: Partial<typeof draft>) => {
    setDone(false);
    setDraft({ ...draft, ...changes });
  };
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4" aria-label={t.formTitle} onSubmit={handleSubmit}>
      <h2 className="text-sm font-semibold text-slate-900">{t.formTitle}</h2>
      {summary}
      {done && <Alert tone="success">{t.created}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t.name} value={draft.name} required maxLength={120} error={error('name')} onChange={(event) => set({ name: event.target.value })} />
        <SelectField label={t.preset} value={draft.preset} error={error('preset')} onChange={(event) => set({ preset: event.target.value as typeof draft.preset })}>
          {REPORT_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t.presets[preset]}
            </option>
          ))}
        </SelectField>
        <SelectField label={t.weekday} value={draft.weekday} error={error('weekday')} onChange={(event) => set({ weekday: event.target.value as typeof draft.weekday })}>
          {WEEKDAYS.map((weekday) => (
            <option key={weekday} value={weekday}>
              {t.weekdays[weekday]}
            </option>
          ))}
        </SelectField>
        <TextField label={t.time} type="time" value={draft.time} required error={error('time')} onChange={(event) => set({ time: event.target.value })} />
        <SelectField label={t.channel} value={draft.channel} error={error('channel')} onChange={(event) => set({ channel: event.target.value })}>
          <option value="">{t.allChannels}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-xs font-semibold text-slate-700">{t.users}</legend>
        <div className="grid max-h-40 gap-1 overflow-auto sm:grid-cols-2">
          {users
            .filter((user) => user.isActive)
            .map((user) => (
              <label key={user.id} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  checked={draft.userIds.includes(user.id)}
                  onChange={(event) => set({ userIds: event.target.checked ? [...draft.userIds, user.id] : draft.userIds.filter((id) => id !== user.id) })}
                />
                {user.name}
              </label>
            ))}
        </div>
        {error('recipientUserIds') && <p className="text-xs text-red-700">{error('recipientUserIds')}</p>}
      </fieldset>
      <TextAreaField label={t.emails} rows={3} value={draft.emails} error={error('recipientEmails')} onChange={(event) => set({ emails: event.target.value })} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        {t.create}
      </Button>
    </form>
  );
}
