import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES } from '../core/palette';
import { ChartEmpty } from './ChartEmpty';
import { AXIS_TICK, bySeriesOrder, CHART_MARGIN, metricScale, yLabel } from './chartTheme';
import { formatMetric } from './format';
import { epochSeries, type Metric } from './series';
import './charts.css';

/** End-of-epoch metrics; accuracies are 0..1 fractions, null where not measured. */
export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  testAccuracy?: number | null;
}

export interface EpochChartProps {
  epochs: readonly EpochPoint[];
  metric: Metric;
  title?: string;
}

const HEIGHT = 220;

/** Train vs validation per epoch (plus test accuracy when known). */
export function EpochChart({ epochs, metric, title }: EpochChartProps) {
  const { rows, hasValidation, hasTest, y } = useMemo(() => {
    const series = epochSeries(epochs, metric);
    return { ...series, y: metricScale(series.rows.flatMap((r) => [r.train, r.validation, r.test]), metric) };
  }, [epochs, metric]);
  return (
    <div className="ts-chart" data-testid="epoch-chart">
      {title !== undefined && <div className="ts-chart-title">{title}</div>}
      {rows.length === 0 ? (
        <ChartEmpty message="No epochs yet — press Train" height={HEIGHT} />
      ) : (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={rows} margin={CHART_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {/* A category axis gives one integer tick per epoch and copes with a single epoch. */}
            <XAxis
              dataKey="epoch"
              type="category"
              tick={AXIS_TICK}
              label={{ value: 'epoch', position: 'insideBottom', offset: -8 }}
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
              labelFormatter={(epoch) => `epoch ${String(epoch)}`}
            />
            <Legend verticalAlign="top" height={24} itemSorter={bySeriesOrder} />
            <Line
              dataKey="train"
              name="train"
              stroke={SERIES.train}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
            {hasValidation && (
              <Line
                dataKey="validation"
                name="validation"
                stroke={SERIES.validation}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            )}
            {hasTest && (
              <Line
                dataKey="test"
                name="test"
                stroke={SERIES.test}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
