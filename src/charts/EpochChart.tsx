import { memo, useMemo } from 'react';
import { CanvasPlot } from './CanvasPlot';
import { shortNumber, type PlotSeries, type PlotSpec } from './canvasPlot';
import { ChartEmpty } from './ChartEmpty';
import { metricScale, yLabel } from './chartTheme';
import { useChartColors } from './useThemeColors';
import { seriesColors } from '../app/themeTokens';
import { formatMetric } from './format';
import type { EpochPoint, Metric } from './chartTypes';
import { epochSeries } from './series';
import { innerTicks } from './scale';
import './charts.css';

export type { EpochPoint } from './chartTypes';

export interface EpochChartProps {
  epochs: readonly EpochPoint[];
  metric: Metric;
  title?: string;
}

const HEIGHT = 220;

/** Train vs validation per epoch (plus test accuracy when known). */
function EpochChartImpl({ epochs, metric, title }: EpochChartProps) {
  const palette = useChartColors();
  const spec = useMemo((): PlotSpec | null => {
    const { rows, hasValidation, hasTest } = epochSeries(epochs, metric);
    if (rows.length === 0) return null;
    const colors = seriesColors(palette);
    const lines: PlotSeries[] = [{ name: 'train', color: colors.train, values: rows.map((r) => r.train), dots: true, width: 2 }];
    // Validation dashed and test dotted, on top of their own colours: the lines stay apart in grey print and for colour-blind eyes.
    if (hasValidation) lines.push({ name: 'validation', color: colors.validation, values: rows.map((r) => r.validation), dots: true, dashed: true, width: 2 });
    if (hasTest) lines.push({ name: 'test', color: colors.test, values: rows.map((r) => r.test), dots: true, dash: [2, 3], width: 2 });
    const first = rows[0].epoch;
    const last = rows[rows.length - 1].epoch;
    return {
      x: rows.map((r) => r.epoch),
      series: lines,
      y: metricScale(rows.flatMap((r) => [r.train, r.validation, r.test]), metric),
      // Whole epochs only.
      xTicks: last > first ? innerTicks(first, last, Math.min(8, last - first + 1)).filter((t) => Number.isInteger(t)) : [first],
      xLabel: 'epoch',
      yLabel: yLabel(metric),
      formatY: (v) => formatMetric(v, metric),
      formatTick: (v) => (metric === 'accuracy' ? `${shortNumber(v)}%` : shortNumber(v)),
    };
  }, [epochs, metric, palette]);
  return (
    <div className="ts-chart" data-testid="epoch-chart" data-points={epochs.length}>
      {title !== undefined && <div className="ts-chart-title">{title}</div>}
      {spec ? (
        <CanvasPlot spec={spec} height={HEIGHT} ariaLabel={`${yLabel(metric)} per epoch`} />
      ) : (
        <ChartEmpty message="No epochs yet — press Train" height={HEIGHT} />
      )}
    </div>
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const EpochChart = memo(EpochChartImpl);
