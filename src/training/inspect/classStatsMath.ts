/** Per-class precision / recall / F1 with Wilson intervals, and the most-confused class pairs. */
import { confusionMatrix } from '../metrics';
import { type Interval, wilsonCI, Z95 } from './intervalMath';

export interface ClassStats {
  /** Examples whose true label is this class (tp + fn). */
  support: number;
  tp: number;
  fp: number;
  fn: number;
  /** tp / (tp + fp); NaN when the class was never predicted. */
  precision: number;
  /** tp / (tp + fn); NaN when the class has no examples. */
  recall: number;
  /** tp / (tp + (fp + fn) / 2); NaN only when tp = fp = fn = 0. */
  f1: number;
  precisionCI: Interval;
  recallCI: Interval;
  f1CI: Interval;
}

export interface MacroStats {
  /** Means over the classes where each metric is defined (NaN entries are skipped, not counted as 0). */
  precision: number;
  recall: number;
  f1: number;
  /** How many classes went into each mean. */
  precisionClasses: number;
  recallClasses: number;
  f1Classes: number;
}

export interface PerClassResult {
  classes: ClassStats[];
  macro: MacroStats;
}

function meanDefined(values: number[]): { mean: number; count: number } {
  let s = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      s += v;
      count++;
    }
  }
  return { mean: count > 0 ? s / count : NaN, count };
}

/**
 * Per-class stats from predicted and true labels (both in [0, numClasses)).
 *
 * F1 interval: F1 = 2tp / (2tp + fp + fn) = tp / (tp + (fp + fn) / 2), so we treat it as a proportion
 * of tp "successes" out of an effective tp + (fp + fn) / 2 trials and take its Wilson interval.
 * It is a simple heuristic (not an exact F1 interval), but it stays in [0, 1], contains the point
 * estimate and narrows as the class gets more evidence, which is what the UI needs to show.
 */
export function perClassStats(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  z = Z95,
): PerClassResult {
  if (predicted.length !== labels.length) {
    throw new RangeError(`perClassStats: ${predicted.length} predictions vs ${labels.length} labels`);
  }
  const m = confusionMatrix(predicted, labels, numClasses);
  const classes: ClassStats[] = [];
  for (let c = 0; c < numClasses; c++) {
    const tp = m[c][c];
    let rowSum = 0;
    let colSum = 0;
    for (let k = 0; k < numClasses; k++) {
      rowSum += m[c][k];
      colSum += m[k][c];
    }
    const fn = rowSum - tp;
    const fp = colSum - tp;
    const f1Trials = tp + (fp + fn) / 2;
    classes.push({
      support: rowSum,
      tp,
      fp,
      fn,
      precision: colSum > 0 ? tp / colSum : NaN,
      recall: rowSum > 0 ? tp / rowSum : NaN,
      f1: f1Trials > 0 ? tp / f1Trials : NaN,
      precisionCI: wilsonCI(tp, colSum, z),
      recallCI: wilsonCI(tp, rowSum, z),
      f1CI: wilsonCI(tp, f1Trials, z),
    });
  }
  const p = meanDefined(classes.map((s) => s.precision));
  const r = meanDefined(classes.map((s) => s.recall));
  const f = meanDefined(classes.map((s) => s.f1));
  return {
    classes,
    macro: {
      precision: p.mean,
      recall: r.mean,
      f1: f.mean,
      precisionClasses: p.count,
      recallClasses: r.count,
      f1Classes: f.count,
    },
  };
}

export interface ConfusedPair {
  trueClass: number;
  predicted: number;
  count: number;
  /** count / (examples of trueClass): how often this class is mistaken for `predicted`. */
  rateOfTrue: number;
}

/**
 * The k largest non-zero off-diagonal cells of confusion[true][predicted],
 * sorted by count desc, then rateOfTrue desc, then trueClass asc, then predicted asc (deterministic).
 */
export function confusedPairs(confusion: number[][], k = 5): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  for (let t = 0; t < confusion.length; t++) {
    const row = confusion[t];
    let rowSum = 0;
    for (const v of row) rowSum += v;
    for (let p = 0; p < row.length; p++) {
      if (p === t || !(row[p] > 0)) continue;
      pairs.push({ trueClass: t, predicted: p, count: row[p], rateOfTrue: row[p] / rowSum });
    }
  }
  pairs.sort(
    (a, b) =>
      b.count - a.count || b.rateOfTrue - a.rateOfTrue || a.trueClass - b.trueClass || a.predicted - b.predicted,
  );
  return pairs.slice(0, Math.max(0, k));
}
