import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { HistogramChart } from './HistogramChart';
import { binRows, totalCount } from './inspectMath';
import './inspect.css';

export interface ResidualHistogramProps {
  /** n + 1 bin edges over the residuals. */
  edges: number[];
  counts: number[];
  /** Axis caption; say which way the residual is taken, and its unit. */
  xLabel?: string;
  height?: number;
}

/** Histogram of regression residuals with x = 0 marked; a well-fit model is centred and narrow. */
export function ResidualHistogram({ edges, counts, xLabel = 'residual (predicted − actual)', height = 220 }: ResidualHistogramProps) {
  const rows = useMemo(() => binRows(edges, counts), [edges, counts]);
  const c = useChartColors();
  return (
    <div className="ts-chart ts-insp" data-testid="residual-histogram">
      {rows.length === 0 || totalCount(counts) === 0 ? (
        <ChartEmpty message="No residuals yet — evaluate the model" height={height} />
      ) : (
        <HistogramChart rows={rows} height={height} xLabel={xLabel} yLabel="samples" color={c.blue} zeroLine />
      )}
    </div>
  );
}
