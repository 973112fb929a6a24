import { useMemo } from 'react';
import { messages } from '../../i18n/index.ts';
import { Chart } from '../../lib/chart.tsx';
import type { KpiReport } from './api.ts';

// The period day by day: how many tickets came and went, and how good the service was. ECharts,
// loaded with the reports screen only.

const t = messages.reports;

export function ReportTrends({ byDay }: { byDay: KpiReport['byDay'] }) {
  const days = byDay.map((row) => row.day);
  const volume = useMemo(
    () => ({
      legend: { top: 0 },
      xAxis: { type: 'category' as const, data: days },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t.trends.created, type: 'bar' as const, data: byDay.map((row) => row.created) },
        { name: t.trends.solved, type: 'bar' as const, data: byDay.map((row) => row.solved) },
      ],
    }),
    [byDay, days],
  );
  const quality = useMemo(
    () => ({
      legend: { top: 0 },
      xAxis: { type: 'category' as const, data: days },
      yAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        { name: t.trends.fcr, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row.fcrPercent) },
        { name: t.trends.csat, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row.csat.percent) },
        { name: t.trends.slaFirstResponse, type: 'line' as const, connectNulls: true, data: byDay.map((row) => row.slaAdherence.firstResponse.percent) },
      ],
    }),
    [byDay, days],
  );
  if (byDay.length === 0) return null;
  return (
    <section className="grid gap-6 lg:grid-cols-2" data-testid="report-trends">
      <div>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.trends.volumeTitle}</h2>
        <Chart option={volume} label={t.trends.volumeLabel(days[0], days[days.length - 1])} testId="report-trend-volume" />
      </div>
      <div>
        <h2 className="pb-2 text-sm font-semibold text-slate-900">{t.trends.qualityTitle}</h2>
        <Chart option={quality} label={t.trends.qualityLabel(days[0], days[days.length - 1])} testId="report-trend-quality" />
      </div>
    </section>
  );
}
