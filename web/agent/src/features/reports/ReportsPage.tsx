import { Button } from '@rapport/ui/Button.tsx';
import { CHANNELS } from '@server/modules/tickets/channels.ts';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useId } from 'react';
import { messages } from '../../i18n/index.ts';
import { downloadCsv, toCsv } from '../../lib/csv.ts';
import { formatDuration, formatShortDateTime } from '../../lib/format.ts';
import { useSession } from '../auth/use-session.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';
import { type Average, BACKLOG_AGE_KEYS, type ContactCost, type DrillDown, type Kpis, type ReportFilter } from './api.ts';
import type { FeedbackSearch } from '../surveys/feedback-search.ts';
import type { ReportSearch, ReportTicketsSearch } from './report-search.ts';
import { useBacklog, useCostTrend, useKpis, useReportTickets, useVolume } from './use-reports.ts';

const t = messages.reports;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const PRESETS = [7, 30, 90, 365];
const SLA_CLOCKS = ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'] as const;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysBefore = (days: number) => isoDay(new Date(Date.now() - days * 86_400_000));

/** The filter the API gets: the URL's period (last 30 days by default); agents their own tickets. */
function useReportFilter(search: ReportSearch): ReportFilter {
  const { user } = useSession();
  const isManager = user.role === 'admin' || user.role === 'supervisor';
  return {
    from: search.from ?? daysBefore(29),
    to: search.to ?? isoDay(new Date()),
    ...(search.channel ? { channel: search.channel } : {}),
    ...(isManager ? {} : { agentId: user.id }),
  };
}

const percent = (value: number | null) => (value === null ? t.none : `${value.toFixed(1)} %`);
const minutes = (value: number | null) => (value === null ? t.none : formatDuration(value * 60_000));

/** The service report of a period: each figure links to exactly the tickets it counts. */
export function ReportsPage({ search }: { search: ReportSearch }) {
  const filter = useReportFilter(search);
  const report = useKpis(filter);
  const { user } = useSession();
  const navigate = useNavigate();
  const ids = { from: useId(), to: useId(), channel: useId(), sla: useId() };
  const setSearch = (changes: Partial<ReportSearch>) => void navigate({ to: '/reports', search: { ...search, ...changes } });
  const drill = (figure: string, drillDown: Omit<DrillDown, keyof ReportFilter>, scope: Partial<ReportFilter> = {}) => ({
    to: '/reports/tickets' as const,
    search: { from: filter.from, to: filter.to, channel: filter.channel, ...scope, ...drillDown, figure } satisfies ReportTicketsSearch,
  });

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.title}</h1>
        <form className="flex flex-wrap items-end gap-3 text-sm" aria-label={t.filters} onSubmit={(event) => event.preventDefault()}>
          <fieldset className="flex gap-1">
            <legend className="sr-only">{t.period}</legend>
            {PRESETS.map((days) => {
              const active = filter.from === daysBefore(days - 1) && filter.to === isoDay(new Date());
              return (
                <button
                  key={days}
                  type="button"
                  aria-pressed={active}
                  className={`rounded border px-2 py-1 ${active ? 'border-blue-700 bg-blue-50 font-semibold text-blue-900' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
                  onClick={() => setSearch({ from: daysBefore(days - 1), to: isoDay(new Date()) })}
                >
                  {t.presets[days]}
                </button>
              );
            })}
          </fieldset>
          <label htmlFor={ids.from} className="flex flex-col text-xs text-slate-700">
            {t.from}
            <input
              id={ids.from}
              type="date"
              value={filter.from}
              max={filter.to}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
              onChange={(event) => event.target.value && setSearch({ from: event.target.value })}
            />
          </label>
          <label htmlFor={ids.to} className="flex flex-col text-xs text-slate-700">
            {t.to}
            <input
              id={ids.to}
              type="date"
              value={filter.to}
              min={filter.from}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
              onChange={(event) => event.target.value && setSearch({ to: event.target.value })}
            />
          </label>
          <label htmlFor={ids.channel} className="flex flex-col text-xs text-slate-700">
            {t.channel}
            <select
              id={ids.channel}
              value={filter.channel ?? ''}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
              onChange={(event) => setSearch({ channel: event.target.value || undefined })}
            >
              <option value="">{t.allChannels}</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {channel}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-5">
        {user.role !== 'admin' && user.role !== 'supervisor' && <p className="mb-3 text-sm text-slate-700">{t.yours}</p>}
        <QueryState query={report}>
          {() => {
            const { totals, byChannel, byDay, targets } = report.data!;
            return (
              <div className="space-y-6">
                <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label={t.title} data-testid="report-figures">
                  <Figure label={t.figures.created} link={drill(t.figures.created, { on: 'created' })} value={String(totals.created)} />
                  <Figure label={t.figures.solved} link={drill(t.figures.solved, { on: 'solved' })} value={String(totals.solved)} />
                  <Figure
                    label={t.figures.fcr}
                    link={drill(t.figures.fcr, { on: 'solved', oneTouch: true })}
                    value={percent(totals.fcrPercent)}
                    detail={t.detail.fcr(totals.oneTouch, totals.solved)}
                    target={t.target(t.targets.range(targets.fcrPercent.min, targets.fcrPercent.max))}
                  />
                  <Figure
                    label={t.figures.reopened}
                    link={drill(t.figures.reopened, { on: 'first-resolved', reopened: true })}
                    value={percent(totals.reopenedPercent)}
                    detail={t.detail.reopened(totals.reopened, totals.firstResolved)}
                  />
                  <Figure
                    label={t.figures.handleTime}
                    link={drill(t.figures.handleTime, { on: 'solved' })}
                    value={minutes(totals.handleTime.averageMinutes)}
                    detail={t.detail.handleTime(totals.handleTime.tickets)}
                    target={t.target(
                      Object.entries(targets.ahtMinutes)
                        .map(([channel, range]) => t.targets.ahtRange(channel, range.min, range.max))
                        .join(', '),
                    )}
                  />
                  <Figure
                    label={t.figures.escalated}
                    link={drill(t.figures.escalated, { on: 'created', escalated: true })}
                    value={percent(totals.escalationRatePercent)}
                    detail={t.detail.escalated(totals.escalated, totals.created)}
                  />
                  <Figure
                    label={t.figures.csat}
                    link={drill(t.figures.csat, { on: 'surveyed' })}
                    value={percent(totals.csat.percent)}
                    detail={t.detail.csat(totals.csat.satisfied, totals.csat.answers)}
                    target={t.target(t.targets.csat(targets.csatPercent, targets.csatPercentPremium))}
                  />
                  <Figure
                    label={t.figures.ces}
                    link={drill(t.figures.ces, { on: 'surveyed' })}
                    value={totals.ces.averageScore === null ? t.none : totals.ces.averageScore.toFixed(1)}
                    detail={t.detail.ces(totals.ces.answers)}
                  />
                  <Figure
                    label={t.figures.nps}
                    link={{ to: '/feedback', search: { type: 'nps', from: filter.from, to: filter.to } }}
                    value={report.data!.nps.score === null ? t.none : report.data!.nps.score.toFixed(0)}
                    detail={`${t.detail.nps(report.data!.nps.promoters, report.data!.nps.detractors, report.data!.nps.answers)}${filter.channel ? ` · ${t.detail.npsWhole}` : ''}`}
                    target={t.target(t.targets.nps(targets.nps))}
                  />
                  <AverageFigure
                    label={t.figures.firstReply}
                    average={totals.firstReply}
                    link={drill(t.figures.firstReply, { on: 'created', replied: true })}
                  />
                  <AverageFigure
                    label={t.figures.fullResolution}
                    average={totals.fullResolution}
                    link={drill(t.figures.fullResolution, { on: 'solved' })}
                  />
                  <AverageFigure
                    label={t.figures.requesterWait}
                    average={totals.requesterWait}
                    link={drill(t.figures.requesterWait, { on: 'solved' })}
                  />
                  <AverageFigure
                    label={t.figures.agentWait}
                    average={totals.agentWait}
                    link={drill(t.figures.agentWait, { on: 'solved' })}
                  />
                </ul>
                <section aria-labelledby={ids.sla}>
                  <h2 id={ids.sla} className="pb-2 text-sm font-semibold text-slate-900">
                    {t.sla.title}
                  </h2>
                  <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="report-sla">
                    {SLA_CLOCKS.map((clock) => {
                      const { due, met, percent: share } = totals.slaAdherence[clock];
                      return (
                        <li key={clock} className="rounded border border-slate-200 bg-white p-3" data-figure={t.sla.clocks[clock]}>
                          <div className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t.sla.clocks[clock]}</div>
                          <Link
                            {...drill(t.sla.clocks[clock], { on: 'created', slaClock: clock })}
                            className="mt-1 block text-2xl font-semibold text-blue-800 tabular-nums hover:underline"
                            aria-label={t.openTickets(`${t.sla.clocks[clock]}: ${percent(share)}`)}
                          >
                            {percent(share)}
                          </Link>
                          <div className="text-xs text-slate-700">{t.sla.met(met, due)}</div>
                          {due > met && (
                            <Link
                              {...drill(`${t.sla.clocks[clock]} · ${t.sla.missed}`, {
                                on: 'created',
                                slaClock: clock,
                                slaResult: 'breached',
                              })}
                              className="text-xs text-red-800 hover:underline"
                            >
                              {t.sla.missedCount(due - met)}
                            </Link>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </section>
                <BacklogTable agentId={filter.agentId} />
                {(user.role === 'admin' || user.role === 'supervisor') && (
                  <>
                    <VolumeCharts filter={filter} />
                    <CostSection cost={report.data!.cost} />
                  </>
                )}
                {totals.created === 0 && totals.solved === 0 ? (
                  <p className="text-sm text-slate-700">{t.empty}</p>
                ) : (
                  <>
                    <Breakdown
                      caption={t.byChannel}
                      first={t.columns.channel}
                      fileName={`report-by-channel-${filter.from}-${filter.to}`}
                      rows={byChannel.map((row) => ({ key: row.channel, label: row.channel, kpis: row, scope: { channel: row.channel } }))}
                      drill={drill}
                    />
                    <Breakdown
                      caption={t.byDay}
                      first={t.columns.day}
                      fileName={`report-by-day-${filter.from}-${filter.to}`}
                      rows={byDay.map((row) => ({ key: row.day, label: row.day, kpis: row, scope: { from: row.day, to: row.day } }))}
                      drill={drill}
                    />
                  </>
                )}
              </div>
            );
          }}
        </QueryState>
      </div>
    </div>
  );
}

type DrillLink = { to: '/reports/tickets'; search: ReportTicketsSearch };
/** NPS counts answers, not tickets: its figure opens the feedback list of the period's NPS answers. */
type AnswersLink = { to: '/feedback'; search: FeedbackSearch };

function Figure({
  label,
  value,
  link,
  detail,
  target,
}: {
  label: string;
  value: string;
  link: DrillLink | AnswersLink;
  detail?: string;
  target?: string;
}) {
  const valueClass = 'mt-1 block text-2xl font-semibold text-blue-800 tabular-nums hover:underline';
  return (
    <li className="rounded border border-slate-200 bg-white p-3" data-figure={label}>
      <div className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</div>
      {link.to === '/feedback' ? (
        <Link to="/feedback" search={link.search} className={valueClass} aria-label={t.openAnswers(`${label}: ${value}`)}>
          {value}
        </Link>
      ) : (
        <Link {...link} className={valueClass} aria-label={t.openTickets(`${label}: ${value}`)}>
          {value}
        </Link>
      )}
      {detail && <div className="text-xs text-slate-700">{detail}</div>}
      {target && <div className="text-xs text-slate-600">{target}</div>}
    </li>
  );
}

function AverageFigure({ label, average, link }: { label: string; average: Average; link: DrillLink }) {
  return (
    <Figure
      label={label}
      value={minutes(average.averageBusinessMinutes)}
      link={link}
      detail={`${t.detail.average(average.count)} · ${t.detail.calendar(minutes(average.averageCalendarMinutes))}`}
    />
  );
}

function Breakdown({
  caption,
  first,
  fileName,
  rows,
  drill,
}: {
  caption: string;
  first: string;
  /** The CSV download's name, without extension. */
  fileName: string;
  rows: Array<{ key: string; label: string; kpis: Kpis; scope: Partial<ReportFilter> }>;
  drill: (figure: string, drillDown: Omit<DrillDown, keyof ReportFilter>, scope?: Partial<ReportFilter>) => DrillLink;
}) {
  const linkTo = (figure: string, drillDown: Omit<DrillDown, keyof ReportFilter>, scope: Partial<ReportFilter>, text: ReactNode) => (
    <Link {...drill(figure, drillDown, scope)} className="text-blue-800 tabular-nums hover:underline">
      {text}
    </Link>
  );
  const labels = [first, t.columns.created, t.columns.solved, t.columns.fcr, t.columns.firstReply, t.columns.resolution, t.columns.handleTime];
  const exportCsv = () =>
    downloadCsv(
      `${fileName}.csv`,
      toCsv([
        [...labels.slice(0, 4), `${t.columns.firstReply} (min)`, `${t.columns.resolution} (min)`, `${t.columns.handleTime} (min)`],
        ...rows.map(({ label, kpis }) => [
          label,
          kpis.created,
          kpis.solved,
          kpis.fcrPercent,
          kpis.firstReply.averageBusinessMinutes,
          kpis.fullResolution.averageBusinessMinutes,
          kpis.handleTime.averageMinutes,
        ]),
      ]),
    );
  return (
    <section>
      <div className="flex items-center gap-3 pb-2">
        <h2 className="text-sm font-semibold text-slate-900">{caption}</h2>
        <Button size="sm" onClick={exportCsv} aria-label={`${t.downloadCsv}: ${caption}`}>
          {t.downloadCsv}
        </Button>
      </div>
      <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid={`report-${caption}`} aria-label={caption}>
        <ListColumns labels={labels} />
        <tbody>
          {rows.map(({ key, label, kpis, scope }) => (
            <tr key={key} className="bg-white">
              <td className={cell}>{label}</td>
              <td className={cell}>{linkTo(`${t.figures.created} · ${label}`, { on: 'created' }, scope, kpis.created)}</td>
              <td className={cell}>{linkTo(`${t.figures.solved} · ${label}`, { on: 'solved' }, scope, kpis.solved)}</td>
              <td className={cell}>
                {linkTo(`${t.figures.fcr} · ${label}`, { on: 'solved', oneTouch: true }, scope, percent(kpis.fcrPercent))}
              </td>
              <td className={cell}>{minutes(kpis.firstReply.averageBusinessMinutes)}</td>
              <td className={cell}>{minutes(kpis.fullResolution.averageBusinessMinutes)}</td>
              <td className={cell}>{minutes(kpis.handleTime.averageMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BacklogTable({ agentId }: { agentId?: string }) {
  const backlog = useBacklog(agentId ? { agentId } : {});
  return (
    <section>
      <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.backlog.title}</h2>
      <QueryState query={backlog}>
        {() => (
          <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-backlog" aria-label={t.backlog.title}>
            <ListColumns labels={[t.backlog.status, ...BACKLOG_AGE_KEYS.map((key) => t.backlog.ages[key]), t.backlog.total]} />
            <tbody>
              {backlog.data!.byStatus.map((row) => (
                <tr key={row.status} className="bg-white">
                  <td className={cell}>{row.status}</td>
                  {BACKLOG_AGE_KEYS.map((key) => (
                    <td key={key} className={`${cell} tabular-nums ${key === 'over30d' && row.byAge[key] > 0 ? 'font-semibold text-red-800' : ''}`}>
                      {row.byAge[key]}
                    </td>
                  ))}
                  <td className={`${cell} font-semibold tabular-nums`}>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

const money = (currency: string, value: number | null) =>
  value === null ? t.none : new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);

/** What the period's contacts cost by channel, and the blended cost per contact month by month. */
function CostSection({ cost }: { cost: ContactCost }) {
  const trend = useCostTrend();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">
          {t.cost.title}: {money(cost.currency, cost.perContact)} {t.cost.perContact}
        </h2>
        <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-cost" aria-label={t.cost.title}>
          <ListColumns labels={[t.columns.channel, t.cost.contacts, t.cost.unitCost, t.cost.total]} />
          <tbody>
            {cost.byChannel.map((row) => (
              <tr key={row.channel} className="bg-white">
                <td className={cell}>{row.channel}</td>
                <td className={`${cell} tabular-nums`}>{row.contacts}</td>
                <td className={`${cell} tabular-nums`}>{money(cost.currency, row.unitCost)}</td>
                <td className={`${cell} tabular-nums`}>{money(cost.currency, row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="pt-1 text-xs text-slate-600">{t.cost.note}</p>
      </section>
      <section>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.cost.trend}</h2>
        <QueryState query={trend}>
          {() => (
            <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-cost-trend" aria-label={t.cost.trend}>
              <ListColumns labels={[t.cost.month, t.cost.contacts, t.cost.perContactColumn]} />
              <tbody>
                {trend.data!.months.map((month) => (
                  <tr key={month.month} className="bg-white">
                    <td className={cell}>{month.month}</td>
                    <td className={`${cell} tabular-nums`}>{month.contacts}</td>
                    <td className={`${cell} tabular-nums`}>{money(trend.data!.currency, month.perContact)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </div>
  );
}

/** When new tickets arrive: by hour of day and by weekday, bars scaled to the busiest. */
function VolumeCharts({ filter }: { filter: ReportFilter }) {
  const volume = useVolume({ from: filter.from, to: filter.to, ...(filter.channel ? { channel: filter.channel } : {}) }, true);
  return (
    <QueryState query={volume}>
      {() => {
        const { byHour, byWeekday } = volume.data!;
        const busiestHour = Math.max(1, ...byHour.map((h) => h.created));
        const busiestDay = Math.max(1, ...byWeekday.map((d) => d.created));
        return (
          <div className="grid gap-6 lg:grid-cols-2">
            <section>
              <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.volume.byHour}</h2>
              <ol className="flex h-32 items-end gap-0.5 border-b border-slate-300" data-testid="report-volume-hours">
                {byHour.map(({ hour, created }) => (
                  <li key={hour} className="flex h-full flex-1 flex-col justify-end" title={t.volume.hourTitle(hour, created)}>
                    <span className="sr-only">{t.volume.hourTitle(hour, created)}</span>
                    <span aria-hidden="true" className="block bg-blue-700" style={{ height: `${(100 * created) / busiestHour}%` }} />
                  </li>
                ))}
              </ol>
              <div aria-hidden="true" className="flex justify-between text-xs text-slate-600">
                <span>0:00</span>
                <span>12:00</span>
                <span>23:00</span>
              </div>
            </section>
            <section>
              <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.volume.byWeekday}</h2>
              <table className="w-full text-left text-sm" data-testid="report-volume-weekdays" aria-label={t.volume.byWeekday}>
                <tbody>
                  {byWeekday.map(({ weekday, created, days }) => (
                    <tr key={weekday}>
                      <th scope="row" className="w-12 py-0.5 pr-2 font-normal text-slate-700">
                        {t.volume.weekdays[weekday as keyof typeof t.volume.weekdays]}
                      </th>
                      <td className="py-0.5">
                        <span aria-hidden="true" className="inline-block h-3 bg-blue-700 align-middle" style={{ width: `${(70 * created) / busiestDay}%` }} />
                        <span className="ml-2 tabular-nums">{t.volume.weekdayValue(created, days)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        );
      }}
    </QueryState>
  );
}

/** Exactly the tickets a report figure counts. */
export function ReportTicketsPage({ search }: { search: ReportTicketsSearch }) {
  const filter = useReportFilter(search);
  const drillDown: DrillDown = {
    ...filter,
    on: search.on ?? 'created',
    ...(search.oneTouch !== undefined ? { oneTouch: search.oneTouch } : {}),
    ...(search.reopened !== undefined ? { reopened: search.reopened } : {}),
    ...(search.replied !== undefined ? { replied: search.replied } : {}),
    ...(search.satisfied !== undefined ? { satisfied: search.satisfied } : {}),
    ...(search.escalated !== undefined ? { escalated: search.escalated } : {}),
    ...(search.slaClock ? { slaClock: search.slaClock } : {}),
    ...(search.slaResult ? { slaResult: search.slaResult } : {}),
  };
  const list = useReportTickets(drillDown);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">
          {search.figure ?? t.ticketsTitle}
          <span className="ml-2 text-sm font-normal text-slate-700">
            {filter.from} – {filter.to}
            {filter.channel ? ` · ${filter.channel}` : ''}
          </span>
        </h1>
        <Link
          to="/reports"
          search={{ from: search.from, to: search.to, channel: search.channel }}
          className="text-sm text-blue-800 hover:underline"
        >
          {t.back}
        </Link>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={list}>
          {() =>
            tickets.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{t.noTickets}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-tickets">
                  <caption className="sr-only">{search.figure ?? t.ticketsTitle}</caption>
                  <ListColumns
                    labels={[t.ticketColumns.ticket, t.ticketColumns.status, t.ticketColumns.channel, t.ticketColumns.created]}
                  />
                  <tbody>
                    {tickets.map((ticket) => (
                      <tr key={ticket.id} data-ticket={ticket.id} className="bg-white hover:bg-blue-50">
                        <td className={cell}>
                          <Link
                            to="/tickets/$ticketId"
                            params={{ ticketId: ticket.id }}
                            className="font-medium text-blue-800 hover:underline"
                          >
                            <span className="mr-1 font-normal text-slate-600 tabular-nums">#{ticket.number}</span>
                            {ticket.subject}
                          </Link>
                        </td>
                        <td className={cell}>{ticket.status}</td>
                        <td className={cell}>{ticket.channel}</td>
                        <td className={`${cell} whitespace-nowrap text-slate-700`}>
                          <time dateTime={ticket.createdAt}>{formatShortDateTime(ticket.createdAt)}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <LoadMore list={list} />
              </>
            )
          }
        </QueryState>
      </div>
    </div>
  );
}
