import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES } from '../core/palette';
import { ChartEmpty } from './ChartEmpty';
import { AXIS_TICK, bySeriesOrder, CHART_MARGIN, metricScale, yLabel } from './chartTheme';
import { formatMetric } from './format';
import { innerTicks } from './scale';
import { batchRows, type Metric } from './series';
import './charts.css';

/** One training batch; accuracy is a 0..1 fraction. */
export interface BatchPoint {
  step: number;
  loss: number;
  accuracy: number;
}

export interface BatchChartProps {
  points: readonly BatchPoint[];
  metric: Metric;
  /** EMA weight in [0, 1); 0 draws the raw series only. */
  smoothing: number;
  title?: string;
}

const HEIGHT = 220;

/** Per-batch loss or accuracy: raw series faint, smoothed series solid. */
export function BatchChart({ points, metric, smoothing, title }: BatchChartProps) {
  const { rows, y, xTicks } = useMemo(() => {
    const rows = batchRows(points, metric, smoothing);
    return {
      rows,
      y: metricScale(rows.flatMap((r) => [r.raw, r.smoothed]), metric),
      xTicks: rows.length > 0 ? innerTicks(rows[0].step, rows[rows.length - 1].step) : [],
    };
  }, [points, metric, smoothing]);
  return (
    <div className="ts-chart" data-testid="batch-chart">
      {title !== undefined && <div className="ts-chart-title">{title}</div>}
      {rows.length === 0 ? (
        <ChartEmpty message="No batches yet — press Train" height={HEIGHT} />
      ) : (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={rows} margin={CHART_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              ticks={xTicks}
              tick={AXIS_TICK}
              label={{ value: 'batch', position: 'insideBottom', offset: -8 }}
            />
            <YAxis
              domain={y.domain}
              ticks={y.ticks}
              tick={AXIS_TICK}
              width={48}
              label={{ value: yLabel(metric), angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? formatMetric(v, metric) : String(v))}
              itemSorter={bySeriesOrder}
              labelFormatter={(step) => `batch ${String(step)}`}
            />
            <Legend verticalAlign="top" height={24} itemSorter={bySeriesOrder} />
            {smoothing > 0 && (
              <Line
                dataKey="raw"
                name="raw"
                stroke={SERIES.train}
                strokeOpacity={0.25}
                dot={false}
                isAnimationActive={false}
              />
            )}
            <Line
              dataKey="smoothed"
              name={smoothing > 0 ? 'smoothed' : 'raw'}
              stroke={SERIES.train}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
