import { Button } from '@rapport/ui/Button.tsx';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { downloadCsv, toCsv } from '../../lib/csv.ts';
import { ListColumns, QueryState } from '../contacts/parts.tsx';
import type { DrillDown, HistogramMeasure, KpiReport, ReportFilter } from './api.ts';
import { cell, type DrillLink, minutes, percent } from './ReportSections.tsx';
import { useComplaintSummary, useContactReasons } from './use-reports.ts';

// Report tables beyond the tiles: times with medians and p90s on both clocks, top contact reasons,
// complaints by root cause. Each has its CSV; each count opens its tickets.

const t = messages.reports;
const TIMES: Array<{ measure: HistogramMeasure; key: 'firstReply' | 'firstResolution' | 'fullResolution' | 'requesterWait' | 'agentWait' }> = [
  { measure: 'first_reply', key: 'firstReply' },
  { measure: 'first_resolution', key: 'firstResolution' },
  { measure: 'full_resolution', key: 'fullResolution' },
  { measure: 'requester_wait', key: 'requesterWait' },
  { measure: 'agent_wait', key: 'agentWait' },
];
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function SectionHeader({ title, onCsv }: { title: string; onCsv?: () => void }) {
  return (
    <div className="flex items-center gap-3 pb-2">
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {onCsv && (
        <Button size="sm" onClick={onCsv} aria-label={`${t.downloadCsv}: ${title}`}>
          {t.downloadCsv}
        </Button>
      )}
    </div>
  );
}

/** Average, median and p90 of each duration, in business and in calendar hours. */
export function TimesTable({ report, fileName }: { report: KpiReport; fileName: string }) {
  const rows = TIMES.flatMap(({ measure, key }) =>
    (['business', 'calendar'] as const).map((clock) => {
      const average = report.totals[key];
      const shares = report.percentiles[measure][clock];
      return {
        key: `${measure}-${clock}`,
        label: `${t.times.measures[key]} · ${t.times.clocks[clock]}`,
        count: average.count,
        average: clock === 'business' ? average.averageBusinessMinutes : average.averageCalendarMinutes,
        median: shares.medianMinutes,
        p90: shares.p90Minutes,
      };
    }),
  );
  const labels = [t.times.measure, t.times.tickets, t.times.average, t.times.median, t.times.p90];
  const exportCsv = () =>
    downloadCsv(
      `${fileName}.csv`,
      toCsv([
        [t.times.measure, t.times.tickets, `${t.times.average} (min)`, `${t.times.median} (min)`, `${t.times.p90} (min)`],
        ...rows.map((row) => [row.label, row.count, round(row.average), round(row.median), round(row.p90)]),
      ]),
    );
  return (
    <section>
      <SectionHeader title={t.times.title} onCsv={exportCsv} />
      <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-times" aria-label={t.times.title}>
        <ListColumns labels={labels} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="bg-white">
              <th scope="row" className={`${cell} font-normal`}>
                {row.label}
              </th>
              <td className={`${cell} tabular-nums`}>{row.count}</td>
              <td className={`${cell} tabular-nums`}>{minutes(row.average)}</td>
              <td className={`${cell} tabular-nums`}>{minutes(row.median)}</td>
              <td className={`${cell} tabular-nums`}>{minutes(row.p90)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="pt-1 text-xs text-slate-600">{t.times.note}</p>
    </section>
  );
}

/** The tags of the period's new tickets, most frequent first; each count opens its tickets. */
export function ContactReasons({
  filter,
  total,
  drill,
}: {
  filter: ReportFilter;
  total: number;
  drill: (figure: string, drillDown: Omit<DrillDown, keyof ReportFilter>) => DrillLink;
}) {
  const reasons = useContactReasons(filter);
  return (
    <section>
      <QueryState query={reasons}>
        {() => {
          const tags = reasons.data!.tags;
          const exportCsv = () =>
            downloadCsv(`report-contact-reasons-${filter.from}-${filter.to}.csv`, toCsv([[t.reasons.tag, t.reasons.tickets, `${t.reasons.share} (%)`], ...tags.map((row) => [row.tag, row.created, total ? round((100 * row.created) / total) : null])]));
          return (
            <>
              <SectionHeader title={t.reasons.title} onCsv={tags.length ? exportCsv : undefined} />
              {tags.length === 0 ? (
                <p className="text-sm text-slate-700">{t.reasons.empty}</p>
              ) : (
                <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-contact-reasons" aria-label={t.reasons.title}>
                  <ListColumns labels={[t.reasons.tag, t.reasons.tickets, t.reasons.share]} />
                  <tbody>
                    {tags.map((row) => (
                      <tr key={row.tag} className="bg-white">
                        <td className={cell}>{row.tag}</td>
                        <td className={cell}>
                          <Link {...drill(`${t.reasons.title} · ${row.tag}`, { on: 'created', tag: row.tag })} className="text-blue-800 tabular-nums hover:underline">
                            {row.created}
                          </Link>
                        </td>
                        <td className={`${cell} tabular-nums`}>{percent(total ? (100 * row.created) / total : null)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

/** Complaints opened in the period by root cause, and the latest root causes found. */
export function ComplaintsSection({ filter }: { filter: ReportFilter }) {
  const summary = useComplaintSummary({ from: filter.from, to: filter.to });
  return (
    <section>
      <QueryState query={summary}>
        {() => {
          const { total, byRootCause, latestRootCauses } = summary.data!;
          const exportCsv = () =>
            downloadCsv(
              `report-complaints-${filter.from}-${filter.to}.csv`,
              toCsv([[t.complaints.rootCause, t.complaints.count], ...byRootCause.map((row) => [row.name ?? t.complaints.notFound, row.complaints])]),
            );
          return (
            <>
              <SectionHeader title={t.complaints.title(total)} onCsv={total ? exportCsv : undefined} />
              {total === 0 ? (
                <p className="text-sm text-slate-700">{t.complaints.empty}</p>
              ) : (
                <div className="grid gap-6 lg:grid-cols-2">
                  <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="report-complaints" aria-label={t.complaints.byRootCause}>
                    <ListColumns labels={[t.complaints.rootCause, t.complaints.count]} />
                    <tbody>
                      {byRootCause.map((row) => (
                        <tr key={row.name ?? ''} className="bg-white">
                          <td className={cell}>{row.name ?? t.complaints.notFound}</td>
                          <td className={`${cell} tabular-nums`}>{row.complaints}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <ul className="space-y-2 text-sm" aria-label={t.complaints.latest}>
                    {latestRootCauses.map((complaint) => (
                      <li key={complaint.ticketId} className="rounded border border-slate-200 bg-white p-2">
                        <Link to="/tickets/$ticketId" params={{ ticketId: complaint.ticketId }} className="font-medium text-blue-800 hover:underline">
                          #{complaint.number} {complaint.subject}
                        </Link>
                        <div className="text-slate-800">
                          {complaint.rootCauseCategory && <span className="font-semibold">{complaint.rootCauseCategory}: </span>}
                          {complaint.rootCause}
                        </div>
                        {complaint.correctiveAction && <div className="text-xs text-slate-700">{t.complaints.action(complaint.correctiveAction)}</div>}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
