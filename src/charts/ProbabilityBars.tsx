import { useMemo } from 'react';
import { TipBox, TipLine } from './inspect/inspectParts';
import { predictionCaption, probabilityRows } from './probability';
import { ClassBars, type ClassBar } from './svg/ClassBars';
import { useChartColors } from './useThemeColors';
import './charts.css';

export interface ProbabilityBarsProps {
  /** One 0..1 probability per class, or null before anything is drawn. */
  probabilities: readonly number[] | null;
  classNames: readonly string[];
  /** Height of the bar area in px (the caption sits above it). */
  height?: number;
}

/** The model's class probabilities for one input, winner highlighted. */
export function ProbabilityBars({ probabilities, classNames, height = 180 }: ProbabilityBarsProps) {
  const rows = useMemo(() => (probabilities === null ? [] : probabilityRows(probabilities, classNames)), [probabilities, classNames]);
  const palette = useChartColors();
  const bars = useMemo(() => rows.map((r): ClassBar => ({ name: r.name, value: r.percent, fill: r.isTop ? palette.blue : palette.grey, bold: r.isTop })), [rows, palette]);
  const caption = probabilities === null ? null : predictionCaption(probabilities, classNames);
  return (
    <div className="ts-chart ts-chart-prob" data-testid="probability-bars">
      <div className="ts-chart-prob-caption">{caption ?? '\u00a0'}</div>
      {probabilities === null ? (
        <div className="ts-chart-empty" style={{ height }}>
          Draw a digit
        </div>
      ) : (
        <ClassBars
          bars={bars}
          height={height}
          yWidth={40}
          ariaLabel="Class probabilities"
          tooltip={(i) => (
            <TipBox title={`class ${rows[i].name}`}>
              <TipLine label="probability" value={`${rows[i].percent.toFixed(1)}%`} color={rows[i].isTop ? palette.blue : palette.grey} />
            </TipBox>
          )}
        />
      )}
    </div>
  );
}
