import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { HistogramChart } from './HistogramChart';
import { binRows, formatValue, totalCount, type BinRow } from './inspectMath';
import './inspect.css';

export interface WeightHistogramEntry {
  layer: string;
  /** Which variable of the layer, e.g. "kernel" or "bias". */
  weight: string;
  edges: number[];
  counts: number[];
  mean: number;
  std: number;
}

export interface WeightHistogramProps {
  histograms: WeightHistogramEntry[];
  /** Height of each small panel's plot. */
  panelHeight?: number;
}

/** Small multiples: the distribution of each layer's weights, one panel per variable, x = 0 marked. */
export function WeightHistogram({ histograms, panelHeight = 130 }: WeightHistogramProps) {
  const c = useChartColors();
  const panels = useMemo(
    () =>
      histograms
        .map((h) => ({ h, rows: binRows(h.edges, h.counts) }))
        .filter((p): p is { h: WeightHistogramEntry; rows: BinRow[] } => p.rows.length > 0 && totalCount(p.h.counts) > 0),
    [histograms],
  );
  return (
    <div className="ts-chart ts-insp" data-testid="weight-histograms">
      {panels.length === 0 ? (
        <ChartEmpty message="No weights to show — build or train a model" height={panelHeight + 40} />
      ) : (
        <>
          <div className="ts-insp-note">x: weight value · y: number of weights · dashed line: 0</div>
          <div className="ts-insp-multiples">
            {panels.map(({ h, rows }) => (
              <figure
                className="ts-insp-panel"
                key={`${h.layer}/${h.weight}`}
                data-layer={h.layer}
                data-weight={h.weight}
                aria-label={`${h.layer} / ${h.weight}: μ ${formatValue(h.mean)}, σ ${formatValue(h.std)}`}
              >
                <HistogramChart
                  rows={rows}
                  height={panelHeight}
                  xLabel="weight value"
                  yLabel="weights"
                  color={c.blue}
                  zeroLine
                  compact
                  title={{ name: `${h.layer} / ${h.weight}`, detail: `μ ${formatValue(h.mean)} · σ ${formatValue(h.std)}` }}
                />
              </figure>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
