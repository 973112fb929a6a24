import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Charts for the dashboard and reports: ECharts through its tree-shaken core, with only bar and
// line charts and the SVG renderer. Only the lazily loaded report screens import this file, so
// ECharts never joins the inbox's bundle.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** The palette: dark enough on white for the contrast that text and thin lines need. */
export const CHART_COLORS = ['#1d4ed8', '#b45309', '#15803d', '#b91c1c', '#6d28d9', '#0f766e'];

/**
 * One chart. `label` names it for assistive technology (the figures themselves are in the tables
 * beside every chart); it redraws when `option` changes and follows its box's size.
 */
export function Chart({ option, label, height = 220, testId }: { option: ChartOption; label: string; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = init(box.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        color: CHART_COLORS,
        aria: { enabled: true, label: { description: label } },
        // The app's own font stack (Tailwind's sans): ECharts measures legend text with it.
        textStyle: { fontFamily: 'ui-sans-serif, system-ui, sans-serif', color: '#334155' },
        tooltip: { trigger: 'axis' },
        grid: { left: 48, right: 16, top: 36, bottom: 28 },
        ...option,
      },
      true,
    );
  }, [option, label]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ height }} className="w-full" />;
}
