import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { QueryState } from '../contacts/parts.tsx';
import type { Schedule, ScheduledShift } from './api.ts';
import { PlanningHeader } from './PlanningHeader.tsx';
import type { ScheduleSearch } from './planning-search.ts';
import { AbsencesPanel, AssignDialog, NewShiftForm } from './ScheduleForms.tsx';
import { useSchedule } from './use-planning.ts';
import { addDays, daysOf, mondayOf, today } from './week.ts';

const t = messages.planning.schedule;
const dayLabel = new Intl.DateTimeFormat(messages.locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** A week's shifts with who works them, the two-seniors check, and scheduled against required per hour. */
export function SchedulePage({ search }: { search: ScheduleSearch }) {
  const week = mondayOf(search.week ?? today());
  const schedule = useSchedule(week);
  const navigate = useNavigate();
  const goTo = (target: string) => void navigate({ to: '/planning/schedule', search: { week: target } });

  return (
    <div className="flex h-full flex-col">
      <PlanningHeader title={t.title} intro={t.intro}>
        <nav aria-label={t.weeks} className="flex items-center gap-2 text-sm">
          <Button size="sm" onClick={() => goTo(addDays(week, -7))}>
            {t.previous}
          </Button>
          <span className="font-semibold" data-testid="schedule-week">
            {t.weekOf(formatDay(week))}
          </span>
          <Button size="sm" onClick={() => goTo(addDays(week, 7))}>
            {t.next}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => goTo(mondayOf(today()))}>
            {t.thisWeek}
          </Button>
        </nav>
      </PlanningHeader>
      <div className="min-h-0 flex-1 space-y-5 overflow-auto p-5">
        <QueryState query={schedule}>{() => <ScheduleWeek schedule={schedule.data as Schedule} />}</QueryState>
        <NewShiftForm />
      </div>
    </div>
  );
}

function ScheduleWeek({ schedule }: { schedule: Schedule }) {
  const [assigning, setAssigning] = useState<ScheduledShift | null>(null);
  const days = daysOf(schedule.week);
  const { warnings } = schedule;
  return (
    <>
      <ul className="flex flex-wrap gap-2 text-sm" aria-label={t.warningsLabel} data-testid="schedule-warnings">
        <li>
          <Badge tone={warnings.shiftsWithTooFewSeniors > 0 ? 'red' : 'green'}>{t.tooFewSeniorsCount(warnings.shiftsWithTooFewSeniors)}</Badge>
        </li>
        <li>
          <Badge tone={warnings.understaffedIntervals > 0 ? 'red' : 'green'}>{t.understaffedCount(warnings.understaffedIntervals)}</Badge>
        </li>
        <li>
          <Badge tone={warnings.overstaffedIntervals > 0 ? 'amber' : 'green'}>{t.overstaffedCount(warnings.overstaffedIntervals)}</Badge>
        </li>
        <li className="text-slate-700">{t.timeZone(schedule.timeZone)}</li>
      </ul>

      <section aria-labelledby="schedule-shifts" className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <h2 id="schedule-shifts" className="px-4 pt-3 text-base font-semibold text-slate-900">
          {t.shiftsTitle}
        </h2>
        {schedule.shifts.length === 0 ? (
          <p className="p-4 text-sm text-slate-700">{t.noShifts}</p>
        ) : (
          <div className="overflow-x-auto p-2">
            <table className="w-full table-fixed border-separate border-spacing-1 text-left text-sm" data-testid="schedule-grid">
              <caption className="sr-only">{t.gridCaption}</caption>
              <thead className="text-xs text-slate-700">
                <tr>
                  <th scope="col" className="w-44 px-2 font-semibold">
                    {t.shift}
                  </th>
                  {days.map((day) => (
                    <th key={day} scope="col" className="px-2 font-semibold">
                      {formatDay(day)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {schedule.shifts.map((shift) => (
                  <tr key={shift.id} data-shift={shift.name}>
                    <th scope="row" className="rounded bg-slate-50 p-2 align-top font-normal">
                      <div className="font-semibold text-slate-900">{shift.name}</div>
                      <div className="text-xs text-slate-700">
                        {t.hours(shift.start, shift.end)} · {shift.channels.join(', ')}
                      </div>
                      {shift.hasTooFewSeniors && (
                        <Badge tone="red" className="mt-1">
                          {t.tooFewSeniors}
                        </Badge>
                      )}
                      <Button size="sm" className="mt-2" onClick={() => setAssigning(shift)} aria-label={t.assignOf(shift.name)}>
                        {t.assign}
                      </Button>
                    </th>
                    {days.map((day) => (
                      <ShiftDay key={day} shift={shift} day={day} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CoverageTable schedule={schedule} />
      <AbsencesPanel week={schedule.week} />
      {assigning && <AssignDialog shift={assigning} week={schedule.week} onClose={() => setAssigning(null)} />}
    </>
  );
}

function ShiftDay({ shift, day }: { shift: ScheduledShift; day: string }) {
  const coverage = shift.byDay.find((each) => each.day === day);
  if (!coverage) return <td className="rounded bg-slate-50/50" />;
  return (
    <td className={cn('rounded p-2 align-top ring-1 ring-inset', coverage.hasTooFewSeniors ? 'bg-red-50 ring-red-200' : 'bg-green-50/60 ring-green-200')}>
      <ul className="space-y-0.5">
        {shift.agents.map((agent) => {
          const isAway = agent.absentDays.includes(day);
          return (
            <li key={agent.userId} className={cn('flex items-center gap-1', isAway && 'text-slate-600 line-through')}>
              <span className="truncate" title={agent.skills.length ? t.skills(agent.skills.join(', ')) : undefined}>
                {agent.name}
              </span>
              {agent.isSenior && <Badge tone="violet">{t.senior}</Badge>}
              {isAway && <span className="sr-only">{t.away}</span>}
            </li>
          );
        })}
      </ul>
      <p className={cn('mt-1 text-xs', coverage.hasTooFewSeniors ? 'font-semibold text-red-800' : 'text-green-800')}>{t.seniorsOn(coverage.seniors, coverage.agents)}</p>
    </td>
  );
}

const COVERAGE_TONES = { under: 'bg-red-100 text-red-900', over: 'bg-amber-100 text-amber-900', ok: 'bg-green-100 text-green-900' } as const;

/** Per day and local hour: scheduled agents, coloured by the buffer check against the required. */
function CoverageTable({ schedule }: { schedule: Schedule }) {
  const days = daysOf(schedule.week);
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  const at = new Map(schedule.intervals.map((interval) => [`${interval.day} ${interval.hour}`, interval]));
  return (
    <section aria-labelledby="schedule-coverage" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="schedule-coverage" className="text-base font-semibold text-slate-900">
        {t.coverageTitle}
      </h2>
      <p className="mb-2 text-sm text-slate-700">{t.coverageIntro}</p>
      <div className="overflow-x-auto">
        <table className="border-separate border-spacing-0.5 text-center text-xs tabular-nums" data-testid="schedule-coverage">
          <caption className="sr-only">{t.coverageTitle}</caption>
          <thead>
            <tr>
              <td />
              {hours.map((hour) => (
                <th key={hour} scope="col" className="w-8 font-semibold text-slate-700">
                  {String(hour).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day}>
                <th scope="row" className="pr-2 text-left font-semibold whitespace-nowrap text-slate-700">
                  {formatDay(day)}
                </th>
                {hours.map((hour) => {
                  const interval = at.get(`${day} ${hour}`);
                  const label = interval ? t.coverageCell(interval.scheduled, interval.required, interval.staffing) : '';
                  return (
                    <td key={hour} title={label} className={cn('h-7 w-8 rounded', interval?.staffing ? COVERAGE_TONES[interval.staffing] : 'bg-slate-100 text-slate-700')}>
                      <span aria-hidden="true">{interval && (interval.scheduled > 0 || (interval.required ?? 0) > 0) ? Math.round(interval.scheduled * 10) / 10 : ''}</span>
                      <span className="sr-only">{label}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="mt-2 flex flex-wrap gap-3 text-xs text-slate-700" aria-label={t.legend}>
        <li className="flex items-center gap-1">
          <span className={cn('inline-block size-3 rounded', COVERAGE_TONES.under)} /> {t.staffingLegend.under}
        </li>
        <li className="flex items-center gap-1">
          <span className={cn('inline-block size-3 rounded', COVERAGE_TONES.over)} /> {t.staffingLegend.over}
        </li>
        <li className="flex items-center gap-1">
          <span className={cn('inline-block size-3 rounded', COVERAGE_TONES.ok)} /> {t.staffingLegend.ok}
        </li>
        <li className="flex items-center gap-1">
          <span className="inline-block size-3 rounded bg-slate-100" /> {t.staffingLegend.none}
        </li>
      </ul>
    </section>
  );
}
