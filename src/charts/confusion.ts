/** The confusion-matrix cell model: shading, labels and hover text, kept out of the component for tests. */
import { THEMES, type ChartTokens } from '../app/themeTokens';
import { mixHex, readableTextOf } from './color';
import { formatPercent } from './format';

export interface ConfusionCell {
  trueIndex: number;
  predIndex: number;
  count: number;
  /** count / row total; 0 for an empty row. */
  rowFraction: number;
  /** 0..1 shade: rowFraction when normalised, else count / largest count. */
  intensity: number;
  /** What is printed in the cell. */
  label: string;
  /** Hover text, e.g. "true 4 → predicted 9: 12 (3.1% of row)". */
  title: string;
  /** Accessible name, e.g. "true 4, predicted 9: 12 items (3.1% of row)". */
  name: string;
  background: string;
  color: string;
  diagonal: boolean;
}

/** Negative or non-finite counts would break the ramp; treat them as empty. */
function safeCount(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

export function className(classNames: readonly string[], i: number): string {
  return classNames[i] ?? String(i);
}

/** Rows are the true class, columns the predicted class. Ragged rows are padded with zeros. */
export function confusionCells(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
  normalize: boolean,
  /** The theme's heat-map ramp and text colours (useChartColors); light by default. */
  colors: ChartTokens = THEMES.light.chart,
): ConfusionCell[][] {
  const cols = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const counts = matrix.map((row) => Array.from({ length: cols }, (_, j) => safeCount(row[j])));
  const maxCount = counts.reduce((m, row) => Math.max(m, ...row), 0);
  return counts.map((row, i) => {
    const rowTotal = row.reduce((s, c) => s + c, 0);
    return row.map((count, j) => {
      const rowFraction = rowTotal > 0 ? count / rowTotal : 0;
      const intensity = normalize ? rowFraction : maxCount > 0 ? count / maxCount : 0;
      const background = mixHex(colors['heat-from'], colors['heat-to'], intensity);
      return {
        trueIndex: i,
        predIndex: j,
        count,
        rowFraction,
        intensity,
        label: normalize ? formatPercent(rowFraction, 0) : String(count),
        title: `true ${className(classNames, i)} → predicted ${className(classNames, j)}: ${count} (${formatPercent(rowFraction)} of row)`,
        name: `true ${className(classNames, i)}, predicted ${className(classNames, j)}: ${count} ${count === 1 ? 'item' : 'items'} (${formatPercent(rowFraction)} of row)`,
        background,
        color: readableTextOf(background, colors['heat-text-dark'], colors['heat-text-light']),
        diagonal: i === j,
      };
    });
  });
}
