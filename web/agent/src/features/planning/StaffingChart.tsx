import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { messages } from '../../i18n/index.ts';

// Only the charts and components drawn here are bundled (echarts/core), in the planning screens' chunk.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

const t = messages.planning.staffing;

export interface ChartInterval {
  at: string;
  contacts: number;
  required: number;
  scheduled: number;
  gap: number;
  staffing: 'under' | 'over' | 'ok';
}

// Colours pass 3:1 against white for the lines; the gap bars carry their sign in the tooltip too.
const COLOURS = { contacts: '#94a3b8', required: '#1d4ed8', scheduled: '#047857', under: '#b91c1c', over: '#b45309' };

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Forecast contacts (grey area, right axis), required and scheduled agents (steps, left axis) and,
 * below, the gap per hour (red under-staffed, amber over-staffed beyond the buffer). Times are shown in the workspace's time zone, as the server planned them.
 */
export function StaffingChart({ intervals, timeZone }: { intervals: ChartInterval[]; timeZone: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const format = new Intl.DateTimeFormat(messages.locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    const labels = intervals.map((interval) => format.format(new Date(interval.at)));
    const axisLabel = { color: '#334155' };
    const every = Math.max(0, Math.floor(intervals.length / 12) - 1);
    chart.current?.setOption(
      {
        animation: false,
        aria: { enabled: true, label: { description: t.chartDescription(intervals.length) } },
        legend: { top: 0, textStyle: { color: '#334155' } },
        tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => String(round(Number(value))) },
        axisPointer: { link: [{ xAxisIndex: 'all' }] },
        // Agents above, the gap below: each with its own zero.
        grid: [
          { left: 56, right: 56, top: 40, height: '52%' },
          { left: 56, right: 56, top: '72%', bottom: 40 },
        ],
        xAxis: [
          { type: 'category', gridIndex: 0, data: labels, axisLabel: { show: false }, axisTick: { show: false } },
          { type: 'category', gridIndex: 1, data: labels, axisLabel: { ...axisLabel, interval: every, hideOverlap: true } },
        ],
        yAxis: [
          { type: 'value', gridIndex: 0, name: t.axisAgents, nameTextStyle: axisLabel, axisLabel },
          { type: 'value', gridIndex: 0, name: t.axisContacts, nameTextStyle: axisLabel, axisLabel, splitLine: { show: false } },
          { type: 'value', gridIndex: 1, name: t.series.gap, nameTextStyle: axisLabel, axisLabel, splitNumber: 2 },
        ],
        series: [
          {
            name: t.series.contacts,
            type: 'line',
            xAxisIndex: 0,
            yAxisIndex: 1,
            step: 'start',
            symbol: 'none',
            data: intervals.map((interval) => round(interval.contacts)),
            lineStyle: { width: 1, color: COLOURS.contacts },
            itemStyle: { color: COLOURS.contacts },
            areaStyle: { color: '#e2e8f0' },
          },
          { name: t.series.required, type: 'line', xAxisIndex: 0, yAxisIndex: 0, step: 'start', symbol: 'none', data: intervals.map((interval) => round(interval.required)), lineStyle: { width: 2, color: COLOURS.required }, itemStyle: { color: COLOURS.required } },
          { name: t.series.scheduled, type: 'line', xAxisIndex: 0, yAxisIndex: 0, step: 'start', symbol: 'none', data: intervals.map((interval) => round(interval.scheduled)), lineStyle: { width: 2, color: COLOURS.scheduled, type: 'dashed' }, itemStyle: { color: COLOURS.scheduled } },
          {
            name: t.series.gap,
            type: 'bar',
            xAxisIndex: 1,
            yAxisIndex: 2,
            data: intervals.map((interval) => ({
              value: round(interval.gap),
              itemStyle: { color: interval.staffing === 'under' ? COLOURS.under : interval.staffing === 'over' ? COLOURS.over : '#94a3b8' },
            })),
            itemStyle: { color: COLOURS.under },
          },
        ],
      },
      { notMerge: true },
    );
  }, [intervals, timeZone]);

  return <div ref={element} className="h-96 w-full" data-testid="staffing-chart" />;
}
