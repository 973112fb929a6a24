import { Badge } from '@rapport/ui/Badge.tsx';
import { CHANNELS } from '@server/modules/tickets/channels.ts';
import { useNavigate } from '@tanstack/react-router';
import { useId } from 'react';
import { messages } from '../../i18n/index.ts';
import { QueryState } from '../contacts/parts.tsx';
import type { StaffingView } from './api.ts';
import { PlanningHeader } from './PlanningHeader.tsx';
import { StaffingChart } from './StaffingChart.tsx';
import { StaffingSettingsForm } from './StaffingSettingsForm.tsx';
import { STAFFING_DAYS, type StaffingSearch } from './planning-search.ts';
import { useStaffing } from './use-planning.ts';

const t = messages.planning.staffing;
const cell = 'border-b border-slate-100 px-3 py-1.5 text-right tabular-nums';
const one = (value: number) => (Math.round(value * 10) / 10).toLocaleString(messages.locale);

export function StaffingBadge({ staffing }: { staffing: 'under' | 'over' | 'ok' | null }) {
  if (staffing === null) return <span className="text-slate-600">{t.none}</span>;
  return <Badge tone={staffing === 'under' ? 'red' : staffing === 'over' ? 'amber' : 'green'}>{t.staffing[staffing]}</Badge>;
}

/** Forecast, required and scheduled agents per hour for the next days, per channel or all together. */
export function StaffingPage({ search }: { search: StaffingSearch }) {
  const days = search.days ?? 7;
  const staffing = useStaffing({ days, ...(search.channel ? { channel: search.channel } : {}) });
  const navigate = useNavigate();
  const ids = { channel: useId(), days: useId() };
  const setSearch = (changes: Partial<StaffingSearch>) => void navigate({ to: '/planning/staffing', search: { ...search, ...changes } });

  return (
    <div className="flex h-full flex-col">
      <PlanningHeader title={t.title} intro={t.intro}>
        <form className="flex items-end gap-3 text-sm" aria-label={t.filters} onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={ids.channel} className="flex flex-col text-xs text-slate-700">
            {t.channel}
            <select
              id={ids.channel}
              value={search.channel ?? ''}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
              onChange={(event) => setSearch({ channel: (event.target.value || undefined) as StaffingSearch['channel'] })}
            >
              <option value="">{t.allChannels}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {channel}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.days} className="flex flex-col text-xs text-slate-700">
            {t.days}
            <select id={ids.days} value={days} className="rounded border border-slate-300 px-2 py-1 text-sm" onChange={(event) => setSearch({ days: Number(event.target.value) })}>
              {STAFFING_DAYS.map((count) => (
                <option key={count} value={count}>
                  {t.dayOptions(count)}
                </option>
              ))}
            </select>
          </label>
        </form>
      </PlanningHeader>
      <div className="min-h-0 flex-1 space-y-5 overflow-auto p-5">
        <QueryState query={staffing}>{() => <StaffingFigures view={staffing.data as StaffingView} />}</QueryState>
        <StaffingSettingsForm />
      </div>
    </div>
  );
}

function StaffingFigures({ view }: { view: StaffingView }) {
  const time = new Intl.DateTimeFormat(messages.locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: view.timeZone });
  const buffer = Math.round(view.settings.buffer * 100);
  return (
    <>
      <section aria-labelledby="staffing-summary" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="staffing-summary" className="text-base font-semibold text-slate-900">
          {t.period(view.from, view.to, view.timeZone)}
        </h2>
        <ul className="mt-2 flex flex-wrap gap-3 text-sm" data-testid="staffing-summary">
          <li>
            <Badge tone={view.summary.under > 0 ? 'red' : 'green'}>{t.underCount(view.summary.under, buffer)}</Badge>
          </li>
          <li>
            <Badge tone={view.summary.over > 0 ? 'amber' : 'green'}>{t.overCount(view.summary.over, buffer)}</Badge>
          </li>
          <li className="text-slate-700">{t.peak(one(view.summary.peakRequired))}</li>
        </ul>
        {view.channels.length === 0 ? (
          <p className="mt-3 text-sm text-slate-700">{t.nothing}</p>
        ) : (
          <StaffingChart intervals={view.intervals} timeZone={view.timeZone} />
        )}
      </section>

      {view.channels.length > 0 && (
        <section aria-labelledby="staffing-methods" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="staffing-methods" className="mb-2 text-base font-semibold text-slate-900">
            {t.methodsTitle}
          </h2>
          <table className="w-full text-left text-sm" data-testid="staffing-channels">
            <thead className="text-xs text-slate-600">
              <tr>
                {[t.columns.channel, t.columns.method, t.columns.aht, t.columns.occupancy, t.columns.firstResponse].map((label) => (
                  <th key={label} scope="col" className="border-b border-slate-200 py-1.5 pr-3 font-semibold">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.channels.map((channel) => (
                <tr key={channel.channel}>
                  <th scope="row" className="border-b border-slate-100 py-1.5 pr-3 font-medium">
                    {channel.channel}
                  </th>
                  <td className="border-b border-slate-100 py-1.5 pr-3">{t.methods[channel.method]}</td>
                  <td className="border-b border-slate-100 py-1.5 pr-3">
                    {t.aht(Math.round(channel.ahtSeconds))}{' '}
                    <span className="text-slate-600">{channel.ahtSource === 'measured' ? t.ahtMeasured(channel.ahtTickets) : t.ahtDefault}</span>
                  </td>
                  <td className="border-b border-slate-100 py-1.5 pr-3">{Math.round(channel.occupancy * 100)} %</td>
                  <td className="border-b border-slate-100 py-1.5 pr-3">{channel.firstResponseMinutes === null ? t.none : t.businessHours(channel.firstResponseMinutes / 60)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <details className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <summary className="cursor-pointer text-base font-semibold text-slate-900">{t.tableTitle}</summary>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable, so the figures scroll from the keyboard too */}
        <section className="mt-2 max-h-96 overflow-auto" tabIndex={0} aria-label={t.tableTitle}>
          <table className="w-full text-sm" data-testid="staffing-table">
            <caption className="sr-only">{t.tableTitle}</caption>
            <thead className="sticky top-0 bg-slate-100 text-xs text-slate-700">
              <tr>
                {[t.columns.hour, t.series.contacts, t.series.required, t.series.scheduled, t.series.gap, t.columns.staffing].map((label) => (
                  <th key={label} scope="col" className="px-3 py-1.5 text-right font-semibold first:text-left">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.intervals.map((interval) => (
                <tr key={interval.at}>
                  <th scope="row" className="border-b border-slate-100 px-3 py-1.5 text-left font-normal">
                    {time.format(new Date(interval.at))}
                  </th>
                  <td className={cell}>{one(interval.contacts)}</td>
                  <td className={cell}>{one(interval.required)}</td>
                  <td className={cell}>{one(interval.scheduled)}</td>
                  <td className={cell}>{one(interval.gap)}</td>
                  <td className={cell}>
                    <StaffingBadge staffing={interval.staffing} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </details>
    </>
  );
}
