import { addDays } from '@server/modules/metrics/report-periods.ts';
import { useMemo } from 'react';
import { messages } from '../../i18n/index.ts';
import { Chart } from '../../lib/chart.tsx';
import type { KpiReport } from './api.ts';

// The period day by day: how many tickets came and went, and how good the service was. ECharts,
// loaded with the reports screen only.

const t = messages.reports;

/** Every day of the period, in order: a day without tickets is a zero, not a gap in the axis. */
function everyDay(from: string, to: string) {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 800; day = addDays(day, 1)) days.push(day);
  return days;
}

export function ReportTrends({ report }: { report: KpiReport }) {
  const days = useMemo(() => everyDay(report.from, report.to), [report.from, report.to]);
  const byDay = useMemo(() => {
    const rows = new Map(report.byDay.map((row) => [row.day, row]));
    return days.map((day) => rows.get(day) ?? null);
  }, [report.byDay, days]);
  const volume = useMemo(
    () => ({
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category' as const, data: days },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t.trends.created, type: 'bar' as const, data: byDay.map((row) => row?.created ?? 0) },
        { name: t.trends.solved, type: 'bar' as const, data: byDay.map((row) => row?.solved ?? 0) },
      ],
    }),
    [byDay, days],
  );
  const quality = useMemo(
    () => ({
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 76 },
      xAxis: { type: 'category' as const, data: days },
      yAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        { name: t.trends.fcr, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row?.fcrPercent ?? null) },
        { name: t.trends.csat, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row?.csat.percent ?? null) },
        { name: t.trends.slaFirstResponse, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row?.slaAdherence.firstResponse.percent ?? null) },
      ],
    }),
    [byDay, days],
  );
  if (report.byDay.length === 0) return null;
  return (
    <section className="grid gap-6 lg:grid-cols-2" data-testid="report-trends">
      <div>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.trends.volumeTitle}</h2>
        <Chart option={volume} label={t.trends.volumeLabel(days[0], days[days.length - 1])} testId="report-trend-volume" />
      </div>
      <div>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.trends.qualityTitle}</h2>
        <Chart option={quality} label={t.trends.qualityLabel(days[0], days[days.length - 1])} height={240} testId="report-trend-quality" />
      </div>
    </section>
  );
}
