import { Link } from '@tanstack/react-router';
import { type ReactNode, useMemo } from 'react';
import { messages } from '../../i18n/index.ts';
import { Chart } from '../../lib/chart.tsx';
import { formatDuration, formatShortDateTime } from '../../lib/format.ts';
import { useSession } from '../auth/use-session.ts';
import { ListColumns, QueryState } from '../contacts/parts.tsx';
import type { ReportTicketsSearch } from '../reports/report-search.ts';
import { type Dashboard, type SlaState, useDashboard } from './api.ts';
import type { DashboardTicketsSearch } from './dashboard-search.ts';
import { DashboardTicketsPage } from './DashboardTicketsPage.tsx';

export { DashboardTicketsPage };

const t = messages.dashboard;
const r = messages.reports;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const STATES: SlaState[] = ['breached', 'warning', 'ok', 'none'];
const STATE_COLORS: Record<SlaState, string> = { breached: '#b91c1c', warning: '#b45309', ok: '#15803d', none: '#64748b' };
const SLA_CLOCKS = ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'] as const;
const percent = (value: number | null) => (value === null ? t.none : `${value.toFixed(1)} %`);
const linkClass = 'text-blue-800 tabular-nums hover:underline';

const openLink = (figure: string, search: Omit<DashboardTicketsSearch, 'figure'> = {}) => ({ to: '/dashboard/tickets' as const, search: { ...search, figure } });
const reportLink = (figure: string, search: Omit<ReportTicketsSearch, 'figure'>) => ({ to: '/reports/tickets' as const, search: { ...search, figure } });

function Tile({ label, children, detail, tone = 'text-blue-800', testId }: { label: string; children: ReactNode; detail?: string; tone?: string; testId?: string }) {
  return (
    <li className="rounded border border-slate-200 bg-white p-3" data-figure={label} data-testid={testId}>
      <div className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{children}</div>
      {detail && <div className="text-xs text-slate-700">{detail}</div>}
    </li>
  );
}

/** The live operations dashboard: every number opens exactly the tickets it counts. */
export function DashboardPage() {
  const dashboard = useDashboard();
  const { user } = useSession();
  const isManager = user.role === 'admin' || user.role === 'supervisor';
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-baseline justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.title}</h1>
        {dashboard.data && <p className="text-sm text-slate-700">{t.asOf(formatShortDateTime(dashboard.data.asOf))}</p>}
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-5">
        {!isManager && <p className="mb-3 text-sm text-slate-700">{t.yours}</p>}
        <QueryState query={dashboard}>{() => <DashboardBody data={dashboard.data!} />}</QueryState>
      </div>
    </div>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const { open, csat, followUps, agents, today } = data;
  const warningLabel = t.warning(data.warningMinutes);
  return (
    <div className="space-y-6">
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4 xl:grid-cols-7" aria-label={t.title} data-testid="dashboard-figures">
        <Tile label={t.open}>
          <Link {...openLink(t.open)} className="hover:underline" aria-label={t.openTickets(`${t.open}: ${open.total}`)}>
            {open.total}
          </Link>
        </Tile>
        <Tile label={t.breached} tone={open.breached > 0 ? 'text-red-800' : 'text-blue-800'}>
          <Link {...openLink(t.breached, { sla: 'breached' })} className="hover:underline" aria-label={t.openTickets(`${t.breached}: ${open.breached}`)}>
            {open.breached}
          </Link>
        </Tile>
        <Tile label={warningLabel} tone={open.warning > 0 ? 'text-amber-800' : 'text-blue-800'}>
          <Link {...openLink(warningLabel, { sla: 'warning' })} className="hover:underline" aria-label={t.openTickets(`${warningLabel}: ${open.warning}`)}>
            {open.warning}
          </Link>
        </Tile>
        <Tile label={t.agentsOnline} tone="text-slate-900" detail={t.agentsDetail(agents.away, agents.offline)}>
          {agents.online}
        </Tile>
        <Tile label={t.csatToday} detail={t.csatDetail(csat.today.satisfied, csat.today.answers)}>
          <Link {...reportLink(t.csatToday, { on: 'surveyed', from: today, to: today })} className="hover:underline" aria-label={t.openTickets(`${t.csatToday}: ${percent(csat.today.percent)}`)}>
            {percent(csat.today.percent)}
          </Link>
        </Tile>
        <Tile label={t.csat30} detail={t.csatDetail(csat.last30Days.satisfied, csat.last30Days.answers)}>
          <Link
            {...reportLink(t.csat30, { on: 'surveyed', from: csat.last30Days.from, to: today })}
            className="hover:underline"
            aria-label={t.openTickets(`${t.csat30}: ${percent(csat.last30Days.percent)}`)}
          >
            {percent(csat.last30Days.percent)}
          </Link>
        </Tile>
        <Tile
          label={t.followUps}
          tone={followUps.overdue > 0 ? 'text-red-800' : 'text-blue-800'}
          detail={t.followUpsDetail(followUps.overdue, followUps.oldestAgeMinutes === null ? null : formatDuration(followUps.oldestAgeMinutes * 60_000))}
        >
          <Link to="/follow-ups" className="hover:underline" aria-label={`${t.followUps}: ${followUps.open}`}>
            {followUps.open}
          </Link>
        </Tile>
      </ul>
      <OpenByStatus data={data} />
      <VolumeToday data={data} />
      <SlaToday data={data} />
    </div>
  );
}

function OpenByStatus({ data }: { data: Dashboard }) {
  const { open } = data;
  const option = useMemo(
    () => ({
      legend: { top: 0 },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: open.byStatus.map((row) => row.status) },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: STATES.map((state) => ({
        name: t.states[state],
        type: 'bar' as const,
        stack: 'sla',
        color: STATE_COLORS[state],
        data: open.byStatus.map((row) => row[state]),
      })),
    }),
    [open],
  );
  return (
    <section className="grid gap-6 lg:grid-cols-2">
      <div>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.byStatus}</h2>
        <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="dashboard-open" aria-label={t.byStatus}>
          <ListColumns labels={[t.status, ...STATES.map((state) => t.states[state]), t.total]} />
          <tbody>
            {open.byStatus.map((row) => (
              <tr key={row.status} className="bg-white">
                <th scope="row" className={`${cell} font-normal`}>
                  {row.status}
                </th>
                {STATES.map((state) => (
                  <td key={state} className={cell}>
                    <Link {...openLink(`${row.status} · ${t.states[state]}`, { status: row.status, sla: state })} className={linkClass}>
                      {row[state]}
                    </Link>
                  </td>
                ))}
                <td className={`${cell} font-semibold`}>
                  <Link {...openLink(row.status, { status: row.status })} className={linkClass}>
                    {row.total}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h2 className="sr-only">{t.chartByStatus}</h2>
        <Chart option={option} label={t.chartByStatus} height={240} testId="dashboard-open-chart" />
      </div>
    </section>
  );
}

function VolumeToday({ data }: { data: Dashboard }) {
  const { volume, today } = data;
  const byHour = volume.byHour;
  const option = useMemo(
    () =>
      byHour && {
        legend: { top: 0 },
        xAxis: { type: 'category' as const, data: byHour.map((row) => `${row.hour}:00`) },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: [
          { name: t.today, type: 'bar' as const, data: byHour.map((row) => row.today) },
          { name: t.average, type: 'line' as const, data: byHour.map((row) => row.average), symbol: 'none' },
        ],
      },
    [byHour],
  );
  const created = (figure: string, day: string, channel: string) => reportLink(figure, { on: 'created', from: day, to: day, channel });
  return (
    <section className="grid gap-6 lg:grid-cols-2">
      <div>
        <h2 className="pb-1 text-sm font-semibold text-slate-900">{t.volume}</h2>
        <p className="pb-2 text-xs text-slate-700">{t.volumeNote(volume.sameWeekdays.join(', '))}</p>
        <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="dashboard-volume" aria-label={t.volume}>
          <ListColumns labels={[t.volumeColumns.channel, t.volumeColumns.today, t.volumeColumns.soFar, t.volumeColumns.average, t.volumeColumns.weeks]} />
          <tbody>
            {volume.byChannel.map((row) => (
              <tr key={row.channel} className="bg-white">
                <th scope="row" className={`${cell} font-normal`}>
                  {row.channel}
                </th>
                <td className={cell}>
                  <Link {...created(`${r.figures.created} · ${row.channel}`, today, row.channel)} className={`${linkClass} font-semibold`}>
                    {row.today}
                  </Link>
                </td>
                <td className={`${cell} tabular-nums`}>{row.averageSoFar === null ? t.none : row.averageSoFar.toFixed(1)}</td>
                <td className={`${cell} tabular-nums`}>{row.average.toFixed(1)}</td>
                <td className={`${cell} space-x-2`}>
                  {row.sameWeekday.map((count, index) => (
                    <Link key={volume.sameWeekdays[index]} {...created(`${r.figures.created} · ${row.channel}`, volume.sameWeekdays[index], row.channel)} className={linkClass} title={volume.sameWeekdays[index]}>
                      {count}
                    </Link>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {option && (
        <div>
          <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.volumeByHour}</h2>
          <Chart option={option} label={t.chartByHour} height={240} testId="dashboard-volume-chart" />
        </div>
      )}
    </section>
  );
}

function SlaToday({ data }: { data: Dashboard }) {
  const { today } = data;
  const slaLink = (figure: string, clock: (typeof SLA_CLOCKS)[number], result?: 'breached') =>
    reportLink(figure, { on: 'created', from: today, to: today, slaClock: clock, ...(result ? { slaResult: result } : {}) });
  return (
    <section>
      <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.slaToday}</h2>
      <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="dashboard-sla" aria-label={t.slaToday}>
        <ListColumns labels={[t.slaColumns.target, t.slaColumns.due, t.slaColumns.met, t.slaColumns.breached, t.slaColumns.percent]} />
        <tbody>
          {SLA_CLOCKS.map((clock) => {
            const { due, met, breached, percent: share } = data.slaToday[clock];
            const name = r.sla.clocks[clock];
            return (
              <tr key={clock} className="bg-white">
                <th scope="row" className={`${cell} font-normal`}>
                  {name}
                </th>
                <td className={cell}>
                  <Link {...slaLink(name, clock)} className={linkClass}>
                    {due}
                  </Link>
                </td>
                <td className={`${cell} tabular-nums`}>{met}</td>
                <td className={cell}>
                  <Link {...slaLink(`${name} · ${r.sla.missed}`, clock, 'breached')} className={`${linkClass} ${breached > 0 ? 'font-semibold text-red-800' : ''}`}>
                    {breached}
                  </Link>
                </td>
                <td className={`${cell} tabular-nums`}>{percent(share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
