/** A horizontal bar chart with ECharts (the dashboard convention of Chinese government software). */
import { BarChart as EBar } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([EBar, GridComponent, TooltipComponent, CanvasRenderer]);

export function BarChart({
  data,
  testId,
  height = 240,
}: {
  data: readonly { label: string; value: number }[];
  testId: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return undefined;
    let chart: echarts.ECharts | null = null;
    try {
      chart = echarts.init(el.current);
      chart.setOption({
        tooltip: {},
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: data.map((d) => d.label), inverse: true },
        series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#1677ff' } }],
      });
    } catch {
      // No canvas (a test DOM): the numbers are still listed in the data-values attribute.
    }
    const onResize = (): void => chart?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [data]);
  return (
    <div
      ref={el}
      data-testid={testId}
      data-values={JSON.stringify(data.map((d) => [d.label, d.value]))}
      style={{ width: '100%', height }}
    />
  );
}
