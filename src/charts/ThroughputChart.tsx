import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PALETTE } from '../core/palette';
import { ChartEmpty } from './ChartEmpty';
import { AXIS_TICK, CHART_MARGIN } from './chartTheme';
import { formatCount } from './format';
import { innerTicks, niceScale } from './scale';
import { throughputRows } from './series';
import './charts.css';

export interface ThroughputPoint {
  step: number;
  samplesPerSec: number;
}

export interface ThroughputChartProps {
  points: readonly ThroughputPoint[];
}

const HEIGHT = 140;

/** Training speed (samples/s) per batch; small, unsmoothed, so stalls stay visible. */
export function ThroughputChart({ points }: ThroughputChartProps) {
  const { rows, y, xTicks } = useMemo(() => {
    const rows = throughputRows(points);
    const rates = rows.flatMap((r) => (r.samplesPerSec === null ? [] : [r.samplesPerSec]));
    return {
      rows,
      y: niceScale(0, rates.length > 0 ? Math.max(...rates) : 1, 4),
      xTicks: rows.length > 0 ? innerTicks(rows[0].step, rows[rows.length - 1].step) : [],
    };
  }, [points]);
  if (rows.length === 0) {
    return (
      <div className="ts-chart" data-testid="throughput-chart">
        <ChartEmpty message="No batches yet — press Train" height={HEIGHT} />
      </div>
    );
  }
  return (
    <div className="ts-chart" data-testid="throughput-chart">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <AreaChart data={rows} margin={CHART_MARGIN}>
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
            tickFormatter={(v: number) => formatCount(v)}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? `${formatCount(v)} samples/s` : String(v))}
            labelFormatter={(step) => `batch ${String(step)}`}
          />
          <Area
            dataKey="samplesPerSec"
            name="samples/s"
            stroke={PALETTE.blue}
            fill={PALETTE.sky}
            fillOpacity={0.3}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
