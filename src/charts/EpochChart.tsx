import { memo, useMemo, useState } from 'react';
import { yLabel } from './chartTheme';
import type { EpochPoint, Metric } from './chartTypes';
import { LiveChart } from './live/LiveChart';
import { epochPlot } from './live/liveData';
import { epochCsv } from './live/liveExport';
import { useChartColors } from './useThemeColors';

export type { EpochPoint } from './chartTypes';

export interface EpochChartProps {
  epochs: readonly EpochPoint[];
  metric: Metric;
  title?: string;
}

const HEIGHT = 220;

/** Train vs validation (dashed) per epoch, plus test (dotted) when known; on uPlot. */
function EpochChartImpl({ epochs, metric, title }: EpochChartProps) {
  const palette = useChartColors();
  const [logWanted, setLogWanted] = useState(false);
  const canLog = metric !== 'accuracy';
  const plot = useMemo(() => (epochs.length ? epochPlot(epochs, palette, metric, logWanted && canLog) : null), [epochs, palette, metric, logWanted, canLog]);
  const name = `${yLabel(metric).replace(' (%)', '')} per epoch`;
  return (
    <LiveChart
      testId="epoch-chart"
      chartId={`epoch-${metric === 'loss' ? 'loss' : 'metric'}`}
      name={name}
      title={title}
      plot={plot}
      height={HEIGHT}
      syncKey="ts-epoch"
      emptyMessage="No epochs yet — press Train"
      csv={() => epochCsv(epochs, metric)}
      dataAttrs={{ 'data-points': epochs.length }}
      logY={canLog ? { on: logWanted, set: setLogWanted } : null}
    />
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const EpochChart = memo(EpochChartImpl);
