import { useMemo } from 'react';
import { useChartColors } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { BinBars } from '../svg/BinBars';
import { formatCount } from '../format';
import type { LegendItem } from './inspectMath';
import { TipBox, TipLine } from './inspectParts';
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
function ConfidenceTip({ row }: { row: ConfidenceRow }) {
  const c = useChartColors();
  const [CORRECT, WRONG] = [c.blue, c.vermillion];
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
  const rows = useMemo(() => confidenceRows(edges, correct, wrong), [edges, correct, wrong]);
  const c = useChartColors();
  const [CORRECT, WRONG] = [c.blue, c.vermillion];
  const legend = useMemo(
    (): LegendItem[] => [
      { label: 'correct', color: CORRECT, kind: 'box' },
      { label: 'wrong', color: WRONG, kind: 'box' },
    ],
    [CORRECT, WRONG],
  );
  const series = useMemo(
    () => [
      { values: rows.map((r) => r.correct), fill: CORRECT },
      { values: rows.map((r) => r.wrong), fill: WRONG },
    ],
    [rows, CORRECT, WRONG],
  );
  const empty = rows.every((r) => r.correct + r.wrong === 0);
  const lo = rows.length > 0 ? Math.min(0, rows[0].lo) : 0;
  const hi = rows.length > 0 ? Math.max(100, rows[rows.length - 1].hi) : 100;

  return (
    <div className="ts-chart ts-insp" data-testid="confidence-histogram">
      {empty ? (
        <ChartEmpty message="No predictions yet — evaluate the model" height={height} />
      ) : (
        <BinBars
          bins={rows}
          series={series}
          height={height}
          legend={legend}
          yWidth={Y_WIDTH}
          x={{ domain: [lo, hi], ticks: [0, 20, 40, 60, 80, 100], format: (v) => `${v}%`, label: 'confidence of the predicted class (%)' }}
          y={{ format: formatCount, label: 'samples' }}
          ariaLabel="Confidence of correct and wrong predictions"
          tooltip={(i) => <ConfidenceTip row={rows[i]} />}
        />
      )}
    </div>
  );
}
