import { memo, useMemo } from 'react';
import type { ThroughputPoint } from './chartTypes';
import { LiveChart } from './live/LiveChart';
import { throughputPlot } from './live/liveData';
import { throughputCsv } from './live/liveExport';
import { useChartColors } from './useThemeColors';

export type { ThroughputPoint } from './chartTypes';

export interface ThroughputChartProps {
  points: readonly ThroughputPoint[];
}

const HEIGHT = 150;

/** Training speed (samples/s) per batch; small, unsmoothed, so stalls stay visible. */
function ThroughputChartImpl({ points }: ThroughputChartProps) {
  const palette = useChartColors();
  const plot = useMemo(() => (points.length ? throughputPlot(points, palette) : null), [points, palette]);
  return (
    <LiveChart
      testId="throughput-chart"
      chartId="throughput"
      name="throughput in samples per second"
      title={undefined}
      plot={plot}
      height={HEIGHT}
      syncKey={null}
      emptyMessage="No batches yet — press Train"
      csv={() => throughputCsv(points)}
      dataAttrs={{ 'data-points': points.length }}
    />
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const ThroughputChart = memo(ThroughputChartImpl);
