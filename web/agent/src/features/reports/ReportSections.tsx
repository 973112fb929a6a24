import { Button } from '@rapport/ui/Button.tsx';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { messages } from '../../i18n/index.ts';
import { downloadCsv, toCsv } from '../../lib/csv.ts';
import { formatDuration } from '../../lib/format.ts';
import { ListColumns, QueryState } from '../contacts/parts.tsx';
import { type Average, BACKLOG_AGE_KEYS, type ContactCost, type DrillDown, type Kpis, type ReportFilter } from './api.ts';
import type { FeedbackSearch } from '../surveys/feedback-search.ts';
import type { ReportTicketsSearch } from './report-search.ts';
import { useBacklog, useCostTrend, useVolume } from './use-reports.ts';

// The parts of the service report: figure tiles, breakdown tables, backlog, cost and volume.

const t = messages.reports;
export const cell = 'border-b border-slate-100 px-3 py-2 align-top';
export const percent = (value: number | null) => (value === null ? t.none : `${value.toFixed(1)} %`);
export const minutes = (value: number | null) => (value === null ? t.none : formatDuration(value * 60_000));

export type DrillLink = { to: '/reports/tickets'; search: ReportTicketsSearch };
/** NPS counts answers, not tickets: its figure opens the feedback list of the period's NPS answers. */
type AnswersLink = { to: '/feedback'; search: FeedbackSearch };

export function Figure({
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

export function AverageFigure({ label, average, link }: { label: string; average: Average; link: DrillLink }) {
  return (
    <Figure
      label={label}
      value={minutes(average.averageBusinessMinutes)}
      link={link}
      detail={`${t.detail.average(average.count)} · ${t.detail.calendar(minutes(average.averageCalendarMinutes))}`}
    />
  );
}

export function Breakdown({
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

export function BacklogTable({ agentId }: { agentId?: string }) {
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
export function CostSection({ cost }: { cost: ContactCost }) {
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
export function VolumeCharts({ filter }: { filter: ReportFilter }) {
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
