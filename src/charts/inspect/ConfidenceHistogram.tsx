import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { PALETTE } from '../../core/palette';
import { ChartEmpty } from '../ChartEmpty';
import { AXIS_TICK } from '../chartTheme';
import { formatCount, type LegendItem } from './inspectMath';
import { BinRect, SvgLegend, TipBox, TipLine, tipRow, useElementWidth, useLegend } from './inspectParts';
import { confidenceRows, type ConfidenceRow } from './inspectRows';
import './inspect.css';

export interface ConfidenceHistogramProps {
  /** n + 1 bin edges over the top-class confidence, 0..1. */
  edges: number[];
  /** Correctly / wrongly classified samples per bin. */
  correct: number[];
  wrong: number[];
  height?: number;
}

const Y_WIDTH = 52;
const CORRECT = PALETTE.blue;
const WRONG = PALETTE.vermillion;

const LEGEND: readonly LegendItem[] = [
  { label: 'correct', color: CORRECT, kind: 'box' },
  { label: 'wrong', color: WRONG, kind: 'box' },
];

function ConfidenceTip(p: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const row = tipRow<ConfidenceRow>(p);
  if (!row) return null;
  const n = row.correct + row.wrong;
  return (
    <TipBox title={`confidence ${row.lo.toFixed(0)}–${row.hi.toFixed(0)} %`}>
      <TipLine label="correct" value={formatCount(row.correct)} color={CORRECT} />
      <TipLine label="wrong" value={formatCount(row.wrong)} color={WRONG} />
      {n > 0 && <TipLine label="accuracy in bin" value={`${((row.correct / n) * 100).toFixed(1)} %`} />}
    </TipBox>
  );
}

/** Side-by-side histograms of top-class confidence for correct (blue) and wrong (vermillion) predictions. */
export function ConfidenceHistogram({ edges, correct, wrong, height = 240 }: ConfidenceHistogramProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const rows = useMemo(() => confidenceRows(edges, correct, wrong), [edges, correct, wrong]);
  const legend = useLegend(LEGEND, width, Y_WIDTH + 4);
  const empty = rows.every((r) => r.correct + r.wrong === 0);
  const lo = rows.length > 0 ? Math.min(0, rows[0].lo) : 0;
  const hi = rows.length > 0 ? Math.max(100, rows[rows.length - 1].hi) : 100;

  return (
    <div className="ts-chart ts-insp" data-testid="confidence-histogram" ref={wrapRef}>
      {empty ? (
        <ChartEmpty message="No predictions yet — evaluate the model" height={height} />
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: legend.height + 4, right: 16, bottom: 14, left: 4 }}>
            <SvgLegend items={legend.items} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="mid"
              type="number"
              domain={[lo, hi]}
              ticks={[0, 20, 40, 60, 80, 100]}
              allowDataOverflow
              tick={AXIS_TICK}
              tickFormatter={(v: number) => `${v}%`}
              label={{ value: 'confidence of the predicted class (%)', position: 'insideBottom', offset: -10, fontSize: 11 }}
            />
            <YAxis
              tick={AXIS_TICK}
              width={Y_WIDTH}
              allowDecimals={false}
              tickFormatter={(v: number) => formatCount(v)}
              label={{ value: 'samples', angle: -90, position: 'insideLeft', offset: 10, fontSize: 11, style: { textAnchor: 'middle' } }}
            />
            <Tooltip shared={false} cursor={false} content={ConfidenceTip} />
            <Bar dataKey="correct" name="correct" isAnimationActive={false} shape={(bar: BarShapeProps) => <BinRect bar={bar} fill={CORRECT} slot={0} slots={2} />} />
            <Bar dataKey="wrong" name="wrong" isAnimationActive={false} shape={(bar: BarShapeProps) => <BinRect bar={bar} fill={WRONG} slot={1} slots={2} />} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
