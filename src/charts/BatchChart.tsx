import { useMemo } from 'react';
import { CanvasPlot } from './CanvasPlot';
import { shortNumber, type PlotSpec } from './canvasPlot';
import { ChartEmpty } from './ChartEmpty';
import { metricScale, yLabel } from './chartTheme';
import { useChartColors } from './useThemeColors';
import { formatMetric } from './format';
import { innerTicks } from './scale';
import type { BatchPoint, Metric } from './chartTypes';
import { batchSeries } from './series';
import './charts.css';

export type { BatchPoint } from './chartTypes';

export interface BatchChartProps {
  points: readonly BatchPoint[];
  metric: Metric;
  /** EMA weight in [0, 1); 0 draws the raw series only. */
  smoothing: number;
  title?: string;
  /** Vertical markers at batch steps (e.g. learning-rate changes). */
  markers?: readonly { x: number; label: string }[];
}

const HEIGHT = 220;

/** Per-batch loss or accuracy: raw series faint, smoothed series solid. Canvas-drawn: it updates several times a second. */
export function BatchChart({ points, metric, smoothing, title, markers }: BatchChartProps) {
  const palette = useChartColors();
  const spec = useMemo((): PlotSpec | null => {
    const { rows, rawStats, smoothedStats } = batchSeries(points, metric, smoothing);
    if (rows.length === 0) return null;
    const smoothed = rows.map((r) => r.smoothed);
    return {
      x: rows.map((r) => r.step),
      series:
        smoothing > 0
          ? [
              { name: 'raw', color: palette.blue, values: rows.map((r) => r.raw), alpha: 0.35, width: 1, stats: rawStats, alphaInLegend: true },
              { name: `smoothed (EMA ${smoothing.toFixed(2)})`, color: palette.blue, values: smoothed, width: 2, stats: smoothedStats },
            ]
          : [{ name: 'raw', color: palette.blue, values: smoothed, width: 1.5, stats: rawStats }],
      y: metricScale(rows.flatMap((r) => [r.raw, r.smoothed]), metric),
      xTicks: innerTicks(rows[0].step, rows[rows.length - 1].step),
      xLabel: 'batch',
      yLabel: yLabel(metric),
      formatY: (v) => formatMetric(v, metric),
      formatTick: (v) => (metric === 'accuracy' ? `${shortNumber(v)}%` : shortNumber(v)),
      markers,
    };
  }, [points, metric, smoothing, markers, palette]);
  return (
    <div className="ts-chart" data-testid="batch-chart" data-points={points.length} data-markers={markers?.length ?? 0}>
      {title !== undefined && <div className="ts-chart-title">{title}</div>}
      {spec ? (
        <CanvasPlot spec={spec} height={HEIGHT} ariaLabel={`${yLabel(metric)} per batch, ${points.length} batches`} />
      ) : (
        <ChartEmpty message="No batches yet — press Train" height={HEIGHT} />
      )}
    </div>
  );
}
