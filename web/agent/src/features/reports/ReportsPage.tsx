import { lastWholePeriod, REPORT_PRESETS } from '@server/modules/metrics/report-periods.ts';
import { CHANNELS } from '@server/modules/tickets/channels.ts';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId } from 'react';
import { messages } from '../../i18n/index.ts';
import { withQuery } from '../../lib/api-client.ts';
import { useSession } from '../auth/use-session.ts';
import { QueryState } from '../contacts/parts.tsx';
import type { DrillDown, ReportFilter, ReportRetention } from './api.ts';
import { ComplaintsSection, ContactReasons, TimesTable } from './ReportDetails.tsx';
import { AverageFigure, BacklogTable, Breakdown, CostSection, Figure, minutes, percent, VolumeCharts } from './ReportSections.tsx';
import { ReportTrends } from './ReportTrends.tsx';
import type { ReportSearch, ReportTicketsSearch } from './report-search.ts';
import { daysBefore, isoDay, useReportFilter } from './use-report-filter.ts';
import { useKpis } from './use-reports.ts';

const t = messages.reports;
const PRESETS = [7, 30, 90, 365];
const SLA_CLOCKS = ['acknowledgement', 'firstResponse', 'nextResponse', 'resolution'] as const;
const presetButton = (active: boolean) =>
  `rounded border px-2 py-1 ${active ? 'border-blue-700 bg-blue-50 font-semibold text-blue-900' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`;

/** Says which part of the period is served from summaries, or has no figures left, after data retention. */
function RetentionNote({ retention }: { retention: ReportRetention }) {
  if (!retention.fromSummaries) return null;
  return (
    <div role="note" data-testid="retention-note" className="space-y-1 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      {retention.rawDataRemovedBefore && <p>{t.retention.fromSummaries(retention.rawDataRemovedBefore)}</p>}
      {retention.partlyRemoved && retention.summariesRemovedBefore && <p>{t.retention.removed(retention.summariesRemovedBefore)}</p>}
    </div>
  );
}


/** The service report of a period: each figure links to exactly the tickets it counts. */
export function ReportsPage({ search }: { search: ReportSearch }) {
  const filter = useReportFilter(search);
  const report = useKpis(filter);
  const { user } = useSession();
  const isManager = user.role === 'admin' || user.role === 'supervisor';
  const today = isoDay(new Date());
  // A whole week, month or quarter names the report (its PDF's title).
  const preset = REPORT_PRESETS.find((name) => {
    const period = lastWholePeriod(name, today);
    return period.from === filter.from && period.to === filter.to;
  });
  const navigate = useNavigate();
  const ids = { from: useId(), to: useId(), channel: useId(), sla: useId() };
  const setSearch = (changes: Partial<ReportSearch>) => void navigate({ to: '/reports', search: { ...search, ...changes } });
  const drill = (figure: string, drillDown: Omit<DrillDown, keyof ReportFilter>, scope: Partial<ReportFilter> = {}) => ({
    to: '/reports/tickets' as const,
    search: { from: filter.from, to: filter.to, channel: filter.channel, ...scope, ...drillDown, figure } satisfies ReportTicketsSearch,
  });

  return (
    <div className="flex h-full flex-col">
      <div className="space-y-2 border-b border-slate-200 bg-white px-5 py-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">{t.title}</h1>
          <div className="flex items-center gap-3 text-sm">
            <a
              href={withQuery('/api/v1/reports/service-report.pdf', { ...filter, preset })}
              download
              className="rounded border border-slate-300 bg-white px-2.5 py-1 font-medium text-slate-800 hover:bg-slate-50"
            >
              {t.downloadPdf}
            </a>
            {isManager && (
              <Link to="/reports/schedules" className="text-blue-800 hover:underline">
                {t.schedules.link}
              </Link>
            )}
          </div>
        </div>
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
                  className={presetButton(active)}
                  onClick={() => setSearch({ from: daysBefore(days - 1), to: isoDay(new Date()) })}
                >
                  {t.presets[days]}
                </button>
              );
            })}
          </fieldset>
          <fieldset className="flex gap-1">
            <legend className="sr-only">{t.wholePeriods}</legend>
            {REPORT_PRESETS.map((name) => {
              const period = lastWholePeriod(name, today);
              return (
                <button key={name} type="button" aria-pressed={preset === name} className={presetButton(preset === name)} onClick={() => setSearch(period)}>
                  {t.wholePresets[name]}
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
        {!isManager && <p className="mb-3 text-sm text-slate-700">{t.yours}</p>}
        <QueryState query={report}>
          {() => {
            const { totals, byChannel, byDay, targets, retention } = report.data!;
            return (
              <div className="space-y-6">
                <RetentionNote retention={retention} />
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
                <TimesTable report={report.data!} fileName={`report-times-${filter.from}-${filter.to}`} />
                <ReportTrends report={report.data!} />
                <ContactReasons filter={filter} drill={drill} total={totals.created} />
                {isManager && <ComplaintsSection filter={filter} />}
                <BacklogTable agentId={filter.agentId} />
                {isManager && (
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

