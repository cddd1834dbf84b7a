/** Chart props → recharts rows and captions for the inspection charts. Pure and unit-tested. */
import { argmax, binRows, classLabel, errorOffsets, finite, formatPct } from './inspectMath';

// ---------------------------------------------------------------- per-class bars

export type ClassMetric = 'precision' | 'recall' | 'f1';

export interface ClassStat {
  precision: number;
  recall: number;
  f1: number;
  precisionCI: [number, number];
  recallCI: [number, number];
  f1CI: [number, number];
  support: number;
}

/** Classes with fewer true samples than this are drawn pale and flagged in the tooltip. */
export const LOW_SUPPORT = 20;

export interface PerClassRow {
  name: string;
  /** Percent, null when undefined (e.g. precision of a class never predicted). */
  value: number | null;
  lo: number | null;
  hi: number | null;
  /** ErrorBar offsets in percent: [value − lo, hi − value]. */
  err: [number, number] | null;
  support: number;
  lowSupport: boolean;
}

export const METRIC_LABEL: Record<ClassMetric, string> = { precision: 'precision', recall: 'recall', f1: 'F1 score' };

export function perClassRows(classNames: readonly string[], stats: readonly ClassStat[], metric: ClassMetric): PerClassRow[] {
  return stats.map((s, i) => {
    const v = s[metric];
    const ci = metric === 'precision' ? s.precisionCI : metric === 'recall' ? s.recallCI : s.f1CI;
    const value = finite(v) ? v * 100 : null;
    const lo = ci && finite(ci[0]) ? ci[0] * 100 : null;
    const hi = ci && finite(ci[1]) ? ci[1] * 100 : null;
    const support = finite(s.support) ? s.support : 0;
    return { name: classLabel(classNames, i), value, lo, hi, err: errorOffsets(value, lo, hi), support, lowSupport: support < LOW_SUPPORT };
  });
}

// ---------------------------------------------------------------- reliability diagram

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
  ci: [number, number];
}

export type CalibrationKind = 'over' | 'under' | 'empty';

export interface ReliabilityRow {
  /** Bin bounds and middle, percent. */
  lo: number;
  hi: number;
  mid: number;
  count: number;
  /** Mean confidence in the bin, percent; null when empty. */
  confidence: number | null;
  accuracy: number | null;
  ciLo: number | null;
  ciHi: number | null;
  /** accuracy − confidence in percentage points (negative = over-confident). */
  gap: number | null;
  kind: CalibrationKind;
}

/**
 * One row per bin in percent. A bin is over-confident when its accuracy is below its mean
 * confidence (it lies under the diagonal), under-confident when above; empty bins draw nothing.
 */
export function reliabilityRows(bins: readonly ReliabilityBin[]): ReliabilityRow[] {
  return bins
    .filter((b) => finite(b.lo) && finite(b.hi))
    .map((b) => {
      const filled = b.count > 0 && finite(b.accuracy) && finite(b.meanConfidence);
      const accuracy = filled ? b.accuracy * 100 : null;
      const confidence = filled ? b.meanConfidence * 100 : null;
      const gap = accuracy !== null && confidence !== null ? accuracy - confidence : null;
      return {
        lo: b.lo * 100,
        hi: b.hi * 100,
        mid: ((b.lo + b.hi) / 2) * 100,
        count: finite(b.count) ? b.count : 0,
        confidence,
        accuracy,
        ciLo: filled && b.ci && finite(b.ci[0]) ? b.ci[0] * 100 : null,
        ciHi: filled && b.ci && finite(b.ci[1]) ? b.ci[1] * 100 : null,
        gap,
        kind: gap === null ? 'empty' : gap < 0 ? 'over' : 'under',
      };
    });
}

/** "ECE 3.2 %" (ECE as a 0..1 fraction). */
export function formatEce(ece: number): string {
  return finite(ece) ? `ECE ${formatPct(ece)}` : 'ECE –';
}

// ---------------------------------------------------------------- confidence histogram

export interface ConfidenceRow {
  lo: number;
  hi: number;
  mid: number;
  correct: number;
  wrong: number;
}

/** Bins in percent with both counts (edges are 0..1 confidences). */
export function confidenceRows(edges: readonly number[], correct: ArrayLike<number>, wrong: ArrayLike<number>): ConfidenceRow[] {
  const c = binRows(edges, correct);
  const w = binRows(edges, wrong);
  return c.map((r, i) => ({ lo: r.lo * 100, hi: r.hi * 100, mid: r.mid * 100, correct: r.count, wrong: w[i]?.count ?? 0 }));
}

// ---------------------------------------------------------------- probabilities with uncertainty

export interface ProbabilityErrorRow {
  name: string;
  index: number;
  /** Mean probability, percent. */
  mean: number;
  std: number | null;
  /** ±1 std as ErrorBar offsets, clipped to 0..100. */
  stdErr: [number, number] | null;
  q05: number | null;
  q95: number | null;
  /** 5–95 % range as ErrorBar offsets. */
  rangeErr: [number, number] | null;
  isTop: boolean;
  isTrue: boolean;
}

function at(a: ArrayLike<number> | undefined, i: number): number | null {
  if (!a || i >= a.length) return null;
  return finite(a[i]) ? a[i] * 100 : null;
}

export function probabilityErrorRows(
  classNames: readonly string[],
  mean: ArrayLike<number>,
  std?: ArrayLike<number>,
  q05?: ArrayLike<number>,
  q95?: ArrayLike<number>,
  trueClass?: number | null,
): ProbabilityErrorRow[] {
  const top = argmax(mean);
  return Array.from({ length: mean.length }, (_, i) => {
    const m = finite(mean[i]) ? mean[i] * 100 : 0;
    const s = at(std, i);
    const lo = at(q05, i);
    const hi = at(q95, i);
    return {
      name: classLabel(classNames, i),
      index: i,
      mean: m,
      std: s,
      stdErr: s === null ? null : errorOffsets(m, Math.max(0, m - s), Math.min(100, m + s)),
      q05: lo,
      q95: hi,
      rangeErr: errorOffsets(m, lo, hi),
      isTop: i === top,
      isTrue: trueClass !== null && trueClass !== undefined && i === trueClass,
    };
  });
}

/**
 * "Prediction: 7 (93.1 % ± 2.4) · entropy 0.31 nats"; the ± part (std, percentage points) and the
 * entropy only when known; "· true 3" appended when the true class is given. null without a winner.
 */
export function probabilityCaption(
  classNames: readonly string[],
  mean: ArrayLike<number>,
  std?: ArrayLike<number>,
  entropy?: number | null,
  trueClass?: number | null,
): string | null {
  const top = argmax(mean);
  if (top < 0) return null;
  const s = std && top < std.length && finite(std[top]) ? ` ± ${(std[top] * 100).toFixed(1)}` : '';
  let text = `Prediction: ${classLabel(classNames, top)} (${formatPct(mean[top])}${s})`;
  if (finite(entropy)) text += ` · entropy ${entropy.toFixed(2)} nats`;
  if (trueClass !== null && trueClass !== undefined && trueClass >= 0) {
    text += ` · true ${classLabel(classNames, trueClass)} ${trueClass === top ? '✓' : '✗'}`;
  }
  return text;
}

// ---------------------------------------------------------------- prediction band

export interface BandRow {
  x: number;
  mean: number | null;
  /** [lo, hi] for a range Area; null leaves a gap. */
  band: [number, number] | null;
}

export function bandRows(curveX: readonly number[], mean: readonly number[], lo: readonly number[], hi: readonly number[]): BandRow[] {
  const rows: BandRow[] = [];
  for (let i = 0; i < curveX.length; i++) {
    const x = curveX[i];
    if (!finite(x)) continue;
    const l = lo[i];
    const h = hi[i];
    rows.push({
      x,
      mean: finite(mean[i]) ? mean[i] : null,
      band: finite(l) && finite(h) ? [Math.min(l, h), Math.max(l, h)] : null,
    });
  }
  return rows.sort((a, b) => a.x - b.x);
}

/** The row whose x is nearest `x` (rows sorted by x), or null when there are none. */
export function nearestRow<T extends { x: number }>(rows: readonly T[], x: number): T | null {
  if (rows.length === 0 || !finite(x)) return null;
  let lo = 0;
  let hi = rows.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].x < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(rows[lo].x - x) <= Math.abs(rows[hi].x - x) ? rows[lo] : rows[hi];
}

// ---------------------------------------------------------------- metric history

export interface MetricEpoch {
  epoch: number;
  accuracy: number | null;
  ece: number | null;
  meanEntropy: number | null;
  valLoss?: number | null;
}

/**
 * Flags the over-fitting signature: since the epoch with the lowest ECE, ECE has at least
 * grown by half and by 1 point, accuracy has not improved by more than 1 point, and mean entropy
 * has fallen. Returns a sentence for the chart, or null.
 */
export function overconfidenceNote(epochs: readonly MetricEpoch[]): string | null {
  const withEce = epochs.filter((e) => finite(e.ece));
  if (withEce.length < 3) return null;
  let best = withEce[0];
  for (const e of withEce) if ((e.ece as number) < (best.ece as number)) best = e;
  const last = withEce[withEce.length - 1];
  if (last === best) return null;
  const eceBest = best.ece as number;
  const eceLast = last.ece as number;
  if (!(eceLast >= eceBest * 1.5 && eceLast - eceBest >= 0.01)) return null;
  if (finite(best.accuracy) && finite(last.accuracy) && last.accuracy - best.accuracy > 0.01) return null;
  if (!(finite(best.meanEntropy) && finite(last.meanEntropy) && last.meanEntropy < best.meanEntropy)) return null;
  return `Since epoch ${best.epoch}, ECE rose from ${formatPct(eceBest)} to ${formatPct(eceLast)} while accuracy stayed flat and entropy fell: the model is becoming over-confident.`;
}
