import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import type { Calendar, CalendarDefinition } from './api.ts';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import { useSaveCalendar } from './use-admin.ts';

const t = messages.admin;
const tc = messages.admin.calendars;

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
type Interval = [string, string];

interface Draft {
  name: string;
  timezone: string;
  alwaysOpen: boolean;
  hours: Record<Day, Interval[]>;
  holidays: string[];
}

function toDraft(calendar: Calendar | null): Draft {
  const definition: CalendarDefinition = calendar?.definition ?? { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  const hours = Object.fromEntries(
    DAYS.map((day) => [day, (definition.hours?.[day] ?? (calendar ? [] : day === 'sat' || day === 'sun' ? [] : [['09:00', '17:00']])).map(([a, b]) => [a, b])]),
  ) as Record<Day, Interval[]>;
  return {
    name: calendar?.name ?? '',
    timezone: definition.timezone,
    alwaysOpen: definition.alwaysOpen ?? false,
    hours,
    holidays: [...(definition.holidays ?? [])].sort(),
  };
}

function toDefinition(draft: Draft): CalendarDefinition {
  const hours = Object.fromEntries(DAYS.filter((day) => draft.hours[day].length > 0).map((day) => [day, draft.hours[day]]));
  return draft.alwaysOpen
    ? { timezone: draft.timezone, alwaysOpen: true, holidays: draft.holidays }
    : { timezone: draft.timezone, hours, holidays: draft.holidays };
}

function timeZones(current: string) {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  // UTC and the calendar's own zone are always offered, even where the browser lists them differently.
  return [...new Set(['UTC', current, ...zones])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

/** Create or edit a business-hours calendar: name, time zone, weekly intervals per day, holidays. */
export function CalendarEditor({ calendar, canEdit }: { calendar: Calendar | null; canEdit: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(calendar));
  const [newHoliday, setNewHoliday] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useSaveCalendar(calendar?.id ?? null);
  const navigate = useNavigate();
  const zones = useMemo(() => timeZones(draft.timezone), [draft.timezone]);
  const headingId = useId();
  const hoursHintId = useId();
  // Problem fields name the place ("timezone", or "definition.hours.mon.0" from schema checks); the detail says what is wrong.
  const { fieldError } = formProblem(save.error, { normalise: (field) => field.replace(/^(body\.)?definition\./, ''), show: 'detail' });

  function edit(changes: Partial<Draft>) {
    setSaved(false);
    save.reset();
    setDraft((current) => ({ ...current, ...changes }));
  }
  const setDay = (day: Day, intervals: Interval[]) => edit({ hours: { ...draft.hours, [day]: intervals } });

  function addHoliday() {
    if (!newHoliday || draft.holidays.includes(newHoliday)) return;
    edit({ holidays: [...draft.holidays, newHoliday].sort() });
    setNewHoliday('');
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { name: draft.name, definition: toDefinition(draft) },
      {
        onSuccess: (result) => {
          setSaved(true);
          if (!calendar) void navigate({ to: '/admin/calendars/$calendarId', params: { calendarId: result.id } });
        },
      },
    );
  }

  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="mb-3 text-base font-semibold text-slate-900">
        {calendar ? tc.editTitle(calendar.name) : tc.newTitle}
      </h2>
      <form onSubmit={handleSubmit} aria-labelledby={headingId} noValidate>
        <fieldset disabled={!canEdit} className="space-y-4">
          <FormProblem error={save.error} testId="calendar-error" />
          {calendar?.problem && (
            <Alert tone="warning">
              <span data-testid="calendar-problem">{calendar.problem}</span>
            </Alert>
          )}
          <div className="grid grid-cols-2 gap-3">
            <TextField label={tc.name} value={draft.name} required maxLength={100} onChange={(e) => edit({ name: e.target.value })} error={fieldError('name')} />
            <SelectField label={tc.timezone} value={draft.timezone} onChange={(e) => edit({ timezone: e.target.value })} error={fieldError('timezone')}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </SelectField>
          </div>
          <CheckboxField label={tc.alwaysOpen} checked={draft.alwaysOpen} onChange={(alwaysOpen) => edit({ alwaysOpen })} />
          {!draft.alwaysOpen && (
            <fieldset className="space-y-2" aria-describedby={hoursHintId}>
              <legend className="text-sm font-semibold text-slate-900">{tc.hours}</legend>
              <p id={hoursHintId} className="text-xs text-slate-600">
                {tc.hoursHint}
              </p>
              {fieldError('hours') && <p className="text-xs text-red-700">{fieldError('hours')}</p>}
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {DAYS.map((day) => (
                  <DayRow key={day} day={day} intervals={draft.hours[day]} onChange={(intervals) => setDay(day, intervals)} />
                ))}
              </ul>
            </fieldset>
          )}
          <fieldset className="space-y-2">
            <legend className="text-sm font-semibold text-slate-900">{tc.holidays}</legend>
            <p className="text-xs text-slate-600">{tc.holidaysHint}</p>
            {fieldError('holidays') && <p className="text-xs text-red-700">{fieldError('holidays')}</p>}
            {draft.holidays.length === 0 ? (
              <p className="text-sm text-slate-600">{tc.noHolidays}</p>
            ) : (
              <ul className="flex flex-wrap gap-2" aria-label={tc.holidays}>
                {draft.holidays.map((date) => (
                  <li key={date} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 text-sm tabular-nums" data-holiday={date}>
                    {date}
                    <Button size="sm" variant="ghost" aria-label={tc.removeHoliday(date)} onClick={() => edit({ holidays: draft.holidays.filter((d) => d !== date) })}>
                      ×
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <div className="flex items-end gap-2">
              <TextField
                type="date"
                label={tc.holidayDate}
                value={newHoliday}
                onChange={(e) => setNewHoliday(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addHoliday();
                  }
                }}
              />
              <Button onClick={addHoliday} disabled={!newHoliday}>
                {tc.addHoliday}
              </Button>
            </div>
          </fieldset>
          <FormActions pending={save.isPending} saved={saved ? t.saved : null} />
        </fieldset>
      </form>
    </section>
  );
}

function DayRow({ day, intervals, onChange }: { day: Day; intervals: Interval[]; onChange: (intervals: Interval[]) => void }) {
  const dayName = tc.days[day];
  const set = (index: number, position: 0 | 1, value: string) =>
    onChange(intervals.map((interval, i) => (i === index ? (position === 0 ? [value, interval[1]] : [interval[0], value]) : interval)));
  return (
    <li className="flex items-start gap-3 px-3 py-2" data-day={day}>
      <span className="w-24 shrink-0 pt-1.5 text-sm font-medium text-slate-800">{dayName}</span>
      <div className="flex flex-1 flex-wrap items-center gap-2">
        {intervals.length === 0 && <span className="pt-1 text-sm text-slate-600">{tc.closed}</span>}
        {intervals.map(([open, close], index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity beyond their place in the day
          <span key={index} className="flex items-center gap-1" data-interval={index}>
            <input
              aria-label={tc.opens(dayName, index + 1)}
              value={open}
              onChange={(e) => set(index, 0, e.target.value)}
              inputMode="numeric"
              placeholder="09:00"
              className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums"
            />
            <span className="text-sm text-slate-600">{tc.until}</span>
            <input
              aria-label={tc.closes(dayName, index + 1)}
              value={close}
              onChange={(e) => set(index, 1, e.target.value)}
              inputMode="numeric"
              placeholder="17:00"
              className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums"
            />
            <Button size="sm" variant="ghost" aria-label={tc.removeInterval(dayName, index + 1)} onClick={() => onChange(intervals.filter((_, i) => i !== index))}>
              ×
            </Button>
          </span>
        ))}
      </div>
      <Button size="sm" aria-label={tc.addInterval(dayName)} onClick={() => onChange([...intervals, ['09:00', '17:00']])}>
        {tc.addIntervalShort}
      </Button>
    </li>
  );
}
