import { memo, useMemo, useState } from 'react';
import { yLabel } from './chartTheme';
import type { BatchPoint, Metric } from './chartTypes';
import { LiveChart } from './live/LiveChart';
import { batchPlot } from './live/liveData';
import { batchCsv } from './live/liveExport';
import { availableXModes, usableXMode, X_MODES, type XMode } from './live/xAxis';
import { useChartColors } from './useThemeColors';

export type { BatchPoint } from './chartTypes';

export interface BatchChartProps {
  points: readonly BatchPoint[];
  metric: Metric;
  /** EMA weight in [0, 1); 0 draws the raw series only. */
  smoothing: number;
  title?: string;
  /** Vertical markers at batch steps (e.g. learning-rate changes). */
  markers?: readonly { x: number; label: string }[];
  /** Needed for the epoch x axis (and epoch lines on batches without an epoch field). */
  batchesPerEpoch?: number;
}

const HEIGHT = 220;
const EMPTY: readonly { x: number; label: string }[] = [];

/** Per-batch loss or metric on uPlot: raw series faint, smoothed solid; x as step, epoch or training time. */
function BatchChartImpl({ points, metric, smoothing, title, markers = EMPTY, batchesPerEpoch }: BatchChartProps) {
  const palette = useChartColors();
  const [wantedX, setWantedX] = useState<XMode>('step');
  const [logWanted, setLogWanted] = useState(false);
  const modes = useMemo(() => availableXModes(points, batchesPerEpoch), [points, batchesPerEpoch]);
  const xMode = usableXMode(wantedX, modes);
  const canLog = metric !== 'accuracy';
  const plot = useMemo(
    () => (points.length ? batchPlot(points, palette, { metric, smoothing, xMode, batchesPerEpoch, logY: logWanted && canLog, markers }) : null),
    [points, palette, metric, smoothing, xMode, batchesPerEpoch, logWanted, canLog, markers],
  );
  const id = metric === 'loss' ? 'loss' : 'metric';
  const name = `${yLabel(metric).replace(' (%)', '')} per batch`;
  return (
    <LiveChart
      testId="batch-chart"
      chartId={id}
      name={name}
      title={title}
      plot={plot}
      height={HEIGHT}
      // Charts with the same x choice move their cursors together; a key per mode keeps mismatched axes apart.
      syncKey={`ts-batch-${xMode}`}
      emptyMessage="No batches yet — press Train"
      csv={() => batchCsv(points, metric, smoothing, batchesPerEpoch)}
      dataAttrs={{ 'data-points': points.length, 'data-markers': markers.length, 'data-x-mode': xMode, 'data-epoch-lines': plot?.boundaries.length ?? 0, 'data-log-y': String(plot?.logY ?? false) }}
      logY={canLog ? { on: logWanted, set: setLogWanted } : null}
      controls={
        <label className="ts-live-xaxis">
          <span>x</span>
          <select value={xMode} data-testid={`x-axis-${id}`} aria-label={`X axis of the ${name} chart`} onChange={(e) => setWantedX(e.target.value as XMode)}>
            {X_MODES.filter((m) => modes.includes(m.mode)).map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      }
    />
  );
}

/** Memoised: its parent defers the data (useDeferredValue), and the urgent re-render with the old value must bail out here. */
export const BatchChart = memo(BatchChartImpl);
