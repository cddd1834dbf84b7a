import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { PALETTE } from '../core/palette';
import { AXIS_TICK } from './chartTheme';
import { predictionCaption, probabilityRows } from './probability';
import './charts.css';

export interface ProbabilityBarsProps {
  /** One 0..1 probability per class, or null before anything is drawn. */
  probabilities: readonly number[] | null;
  classNames: readonly string[];
  /** Height of the bar area in px (the caption sits above it). */
  height?: number;
}

/** Colours the winning class; `shape` replaces recharts' deprecated <Cell>. */
function renderBar(props: BarShapeProps) {
  const isTop = (props.payload as { isTop?: boolean } | undefined)?.isTop === true;
  return <Rectangle {...props} fill={isTop ? PALETTE.blue : PALETTE.grey} />;
}

/** The model's class probabilities for one input, winner highlighted. */
export function ProbabilityBars({ probabilities, classNames, height = 180 }: ProbabilityBarsProps) {
  const rows = useMemo(
    () => (probabilities === null ? [] : probabilityRows(probabilities, classNames)),
    [probabilities, classNames],
  );
  const caption = probabilities === null ? null : predictionCaption(probabilities, classNames);
  return (
    <div className="ts-chart ts-chart-prob" data-testid="probability-bars">
      <div className="ts-chart-prob-caption">{caption ?? '\u00a0'}</div>
      {probabilities === null ? (
        <div className="ts-chart-empty" style={{ height }}>
          Draw a digit
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" type="category" tick={AXIS_TICK} interval={0} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tick={AXIS_TICK}
              width={40}
              tickFormatter={(v: number) => `${v}%`}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : String(v))}
              labelFormatter={(name) => `class ${String(name)}`}
            />
            <Bar dataKey="percent" name="probability" shape={renderBar} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
