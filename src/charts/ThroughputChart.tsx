import { memo, useMemo } from 'react';
import { CanvasPlot } from './CanvasPlot';
import type { PlotSpec } from './canvasPlot';
import { ChartEmpty } from './ChartEmpty';
import { compactCount, formatCount } from './format';
import { innerTicks, niceScale } from './scale';
import { throughputRows } from './series';
import { useChartColors } from './useThemeColors';
import type { ThroughputPoint } from './chartTypes';
import './charts.css';

export type { ThroughputPoint } from './chartTypes';

export interface ThroughputChartProps {
  points: readonly ThroughputPoint[];
}

const HEIGHT = 140;

/** Training speed (samples/s) per batch; small, unsmoothed, so stalls stay visible. */
function ThroughputChartImpl({ points }: ThroughputChartProps) {
  const palette = useChartColors();
  const spec = useMemo((): PlotSpec | null => {
    const rows = throughputRows(points);
    if (rows.length === 0) return null;
    let max = 0;
    for (const r of rows) if (r.samplesPerSec !== null && r.samplesPerSec > max) max = r.samplesPerSec;
    return {
      x: rows.map((r) => r.step),
      series: [{ name: 'samples/s', color: palette.sky, values: rows.map((r) => r.samplesPerSec), fill: true, width: 1.5 }],
      y: niceScale(0, max || 1, 4),
      xTicks: innerTicks(rows[0].step, rows[rows.length - 1].step),
      xLabel: 'batch',
      // The card title names the unit: a rotated label beside 4-digit ticks on a 140 px chart collided with them.
      yLabel: '',
      formatY: formatCount,
      formatTick: compactCount,
    };
  }, [points, palette]);
  return (
    <div className="ts-chart" data-testid="throughput-chart">
      {spec ? <CanvasPlot spec={spec} height={HEIGHT} ariaLabel="training throughput in samples per second" /> : <ChartEmpty message="No batches yet — press Train" height={HEIGHT} />}
    </div>
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const ThroughputChart = memo(ThroughputChartImpl);
