/** Reliability diagram, ECE/MCE and confidence histograms from per-example confidence + correctness. */
import { type Interval, wilsonCI, Z95 } from './intervalMath';

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** NaN for an empty bin. */
  meanConfidence: number;
  /** Fraction correct; NaN for an empty bin. */
  accuracy: number;
  /** Wilson interval on accuracy; [0, 1] for an empty bin. */
  ci: Interval;
}

export interface CalibrationResult {
  bins: CalibrationBin[];
  /** Expected calibration error: sum over non-empty bins of (count / n) * |accuracy - meanConfidence|. */
  ece: number;
  /** Maximum calibration error: the largest |accuracy - meanConfidence| over non-empty bins. */
  mce: number;
  /** Examples counted (non-finite confidences are skipped). */
  n: number;
}

/**
 * Equal-width bin index over [0, 1]: bins are [lo, hi), except confidence 1 goes in the last bin.
 * Out-of-range values are clamped rather than dropped so every example is counted.
 */
function unitBin(v: number, bins: number): number {
  const b = Math.floor(v * bins);
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

function isCorrect(v: boolean | number): boolean {
  return typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v);
}

/**
 * Calibration of confidences (usually the top-class probability) against correctness.
 * Empty input gives ece = mce = 0, matching metrics.ts, which reports 0 rather than NaN on empty sets
 * so history charts do not break.
 */
export function calibration(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean | number>,
  bins = 10,
  z = Z95,
): CalibrationResult {
  if (confidence.length !== correct.length) {
    throw new RangeError(`calibration: ${confidence.length} confidences vs ${correct.length} correctness flags`);
  }
  const nb = Math.max(1, Math.floor(bins));
  const count = new Array<number>(nb).fill(0);
  const confSum = new Array<number>(nb).fill(0);
  const okSum = new Array<number>(nb).fill(0);
  let n = 0;
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i];
    if (!Number.isFinite(c)) continue;
    const b = unitBin(c, nb);
    count[b]++;
    confSum[b] += c;
    if (isCorrect(correct[i])) okSum[b]++;
    n++;
  }
  const out: CalibrationBin[] = [];
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < nb; b++) {
    const k = count[b];
    const meanConfidence = k > 0 ? confSum[b] / k : NaN;
    const acc = k > 0 ? okSum[b] / k : NaN;
    if (k > 0) {
      const gap = Math.abs(acc - meanConfidence);
      ece += (k / n) * gap;
      if (gap > mce) mce = gap;
    }
    out.push({ lo: b / nb, hi: (b + 1) / nb, count: k, meanConfidence, accuracy: acc, ci: wilsonCI(okSum[b], k, z) });
  }
  return { bins: out, ece, mce, n };
}

export interface ConfidenceHistogram {
  /** bins + 1 edges from 0 to 1. */
  edges: number[];
  correct: number[];
  wrong: number[];
}

/** Counts of correct and wrong predictions per confidence bin (same binning rule as calibration). */
export function confidenceHistogram(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean | number>,
  bins = 20,
): ConfidenceHistogram {
  if (confidence.length !== correct.length) {
    throw new RangeError(`confidenceHistogram: ${confidence.length} confidences vs ${correct.length} flags`);
  }
  const nb = Math.max(1, Math.floor(bins));
  const edges = Array.from({ length: nb + 1 }, (_, b) => b / nb);
  const ok = new Array<number>(nb).fill(0);
  const bad = new Array<number>(nb).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i];
    if (!Number.isFinite(c)) continue;
    const b = unitBin(c, nb);
    if (isCorrect(correct[i])) ok[b]++;
    else bad[b]++;
  }
  return { edges, correct: ok, wrong: bad };
}
