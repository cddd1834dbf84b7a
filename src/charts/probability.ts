/** Helpers for the prediction bars: which class wins and how to say so. */
import { className } from './confusion';
import { formatPercent } from './format';

export interface TopClass {
  index: number;
  probability: number;
}

/** Index of the largest finite probability (first wins ties); null when there is none. */
export function topClass(probabilities: readonly number[]): TopClass | null {
  let best: TopClass | null = null;
  for (let index = 0; index < probabilities.length; index++) {
    const p = probabilities[index];
    if (Number.isFinite(p) && (best === null || p > best.probability)) best = { index, probability: p };
  }
  return best;
}

/** "Prediction: 7 (93.1%)", or null when nothing can be predicted. */
export function predictionCaption(probabilities: readonly number[], classNames: readonly string[]): string | null {
  const top = topClass(probabilities);
  return top === null ? null : `Prediction: ${className(classNames, top.index)} (${formatPercent(top.probability)})`;
}

export interface ProbabilityRow {
  name: string;
  /** Percent, 0..100. */
  percent: number;
  isTop: boolean;
}

export function probabilityRows(probabilities: readonly number[], classNames: readonly string[]): ProbabilityRow[] {
  const top = topClass(probabilities);
  return probabilities.map((p, i) => ({
    name: className(classNames, i),
    percent: Number.isFinite(p) ? p * 100 : 0,
    isTop: top !== null && top.index === i,
  }));
}
