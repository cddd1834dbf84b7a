/**
 * Histograms of weights and gradients that stay comparable over epochs (pure maths, no tfjs).
 *
 * The range policy: each (layer, kind) gets a symmetric range [−a, a] where a is a power of two, the smallest one
 * above every |value| seen so far (it only grows; strictly above, so no value sits on the top edge). With an even number of bins, doubling a merges bins pairwise
 * exactly, so an older epoch's counts can be redrawn on a newer, wider range without losing anything
 * (`rebinSymmetric`). Values outside a given range (only when a caller passes a narrower one) go to the edge bins and
 * are counted in `outside`; non-finite values are left out of the counts and counted in `nonFinite`.
 */

/** Bins per histogram: even, so that doubling the range merges bins two by two. */
export const HISTOGRAM_BINS = 32;
/** A value counts as "near zero" when |v| ≤ this fraction of the largest |v| of the same tensor (exact zeros included). */
export const NEAR_ZERO_FRACTION = 1e-3;

export type HistogramKind = 'weights' | 'gradients';

export interface LayerHistogram {
  /** The layer, and the variable when it is not the layer's kernel, e.g. "dense_Dense1" or "lstm1 recurrent_kernel". */
  name: string;
  kind: HistogramKind;
  /** The bins span [lo, hi] evenly; lo = −hi. */
  lo: number;
  hi: number;
  counts: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Fraction of the values with |v| ≤ NEAR_ZERO_FRACTION · max |v|. */
  nearZero: number;
  /** Values beyond [lo, hi], counted in the edge bins. */
  outside: number;
  /** NaN or ±Infinity values, not in the counts. */
  nonFinite: number;
}

/** One epoch's histograms, as the engine sends them (`histograms` message). */
export interface EpochHistograms {
  epoch: number;
  layers: LayerHistogram[];
  /** Engine time spent on them (gradients, one read-back, the binning), ms. */
  computeMs: number;
  /** Why there are none (e.g. a model too large to measure every epoch); absent when there are. */
  skipped?: string;
}

export interface SummaryStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  maxAbs: number;
  nearZero: number;
  nonFinite: number;
  /** Finite values. */
  count: number;
}

/** Mean, population standard deviation, extremes and the near-zero fraction of the finite values. */
export function summaryStats(values: ArrayLike<number>): SummaryStats {
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    sum += v;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, maxAbs: 0, nearZero: 0, nonFinite, count: 0 };
  const mean = sum / n;
  const maxAbs = Math.max(Math.abs(min), Math.abs(max));
  const tol = maxAbs * NEAR_ZERO_FRACTION;
  let sq = 0;
  let near = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    sq += (v - mean) * (v - mean);
    if (Math.abs(v) <= tol) near++;
  }
  return { mean, std: Math.sqrt(sq / n), min, max, maxAbs, nearZero: near / n, nonFinite, count: n };
}

/** The half-width a of the range [−a, a]: the smallest power of two > maxAbs, never below `previous`. */
export function symmetricRange(maxAbs: number, previous: number | null = null): number {
  const floor = previous != null && previous > 0 && Number.isFinite(previous) ? previous : 0;
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return floor || 1;
  let a = 2 ** Math.ceil(Math.log2(maxAbs));
  while (a <= maxAbs) a *= 2;
  while (a / 2 > maxAbs) a /= 2;
  return Math.max(a, floor);
}

/** Counts of `values` in `bins` equal bins over [lo, hi]; values beyond go to the edge bins (and into `outside`). */
export function fixedHistogram(values: ArrayLike<number>, lo: number, hi: number, bins = HISTOGRAM_BINS): { counts: number[]; outside: number; nonFinite: number } {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number of at least 1 (got ${bins}).`);
  if (!(hi > lo)) throw new RangeError(`the range must have hi > lo (got ${lo}, ${hi}).`);
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (hi - lo);
  let outside = 0;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < lo || v > hi) outside++;
    const k = Math.floor((v - lo) * scale);
    counts[k < 0 ? 0 : k >= bins ? bins - 1 : k]++;
  }
  return { counts, outside, nonFinite };
}

/** One variable's histogram on the range policy above; `previous` is the half-width used at the last epoch. */
export function layerHistogram(name: string, kind: HistogramKind, values: ArrayLike<number>, previous: number | null, bins = HISTOGRAM_BINS): LayerHistogram {
  const s = summaryStats(values);
  const hi = symmetricRange(s.maxAbs, previous);
  const h = fixedHistogram(values, -hi, hi, bins);
  return { name, kind, lo: -hi, hi, counts: h.counts, mean: s.mean, std: s.std, min: s.min, max: s.max, nearZero: s.nearZero, outside: h.outside, nonFinite: s.nonFinite };
}

/**
 * Counts over [−fromHi, fromHi] redrawn over [−toHi, toHi] (toHi ≥ fromHi), same number of bins: each old bin goes
 * where its centre falls. Exact when toHi / fromHi is a power of two and the bin count is even (the policy above).
 */
export function rebinSymmetric(counts: readonly number[], fromHi: number, toHi: number): number[] {
  const bins = counts.length;
  if (fromHi === toHi || bins === 0) return counts.slice();
  const out = new Array<number>(bins).fill(0);
  for (let i = 0; i < bins; i++) {
    if (!counts[i]) continue;
    const centre = -fromHi + ((i + 0.5) * 2 * fromHi) / bins;
    const k = Math.floor(((centre + toHi) / (2 * toHi)) * bins);
    out[k < 0 ? 0 : k >= bins ? bins - 1 : k] += counts[i];
  }
  return out;
}

/** One strip: a layer's histograms of one kind, every epoch on the widest range any of them used. */
export interface StripRows {
  name: string;
  kind: HistogramKind;
  hi: number;
  rows: { epoch: number; counts: number[]; hist: LayerHistogram }[];
  /** The largest count of any bin in the strip (the colour scale's top). */
  maxCount: number;
}

/** The names of the layers in the history, in the order the engine sent them. */
export function layerNames(history: readonly EpochHistograms[]): string[] {
  const seen = new Set<string>();
  for (const e of history) for (const l of e.layers) seen.add(l.name);
  return [...seen];
}

export function stripRows(history: readonly EpochHistograms[], name: string, kind: HistogramKind): StripRows {
  const picked = history
    .map((e) => ({ epoch: e.epoch, hist: e.layers.find((l) => l.name === name && l.kind === kind) }))
    .filter((r): r is { epoch: number; hist: LayerHistogram } => r.hist !== undefined)
    .sort((a, b) => a.epoch - b.epoch);
  const hi = picked.reduce((m, r) => Math.max(m, r.hist.hi), 0) || 1;
  let maxCount = 0;
  const rows = picked.map((r) => {
    const counts = rebinSymmetric(r.hist.counts, r.hist.hi, hi);
    for (const c of counts) if (c > maxCount) maxCount = c;
    return { epoch: r.epoch, counts, hist: r.hist };
  });
  return { name, kind, hi, rows, maxCount };
}

/** Colour intensity of a bin: log-scaled, 0 for an empty bin, 1 for the strip's fullest. */
export function logIntensity(count: number, maxCount: number): number {
  if (!(count > 0) || !(maxCount > 0)) return 0;
  return Math.log1p(count) / Math.log1p(maxCount);
}

export type GradientTrend = { label: 'steady' | 'shrinking' | 'vanishing'; ratio: number };

/**
 * How the gradient spread changed from the first epoch to the latest: σ fell ≥ 100× → "vanishing", ≥ 10× →
 * "shrinking" (normal as the loss falls, worth a look when the loss has not), else "steady". ratio = first σ / latest σ.
 */
export function gradientTrend(stds: readonly number[]): GradientTrend {
  const finite = stds.filter((s) => Number.isFinite(s));
  if (finite.length < 2) return { label: 'steady', ratio: 1 };
  const first = finite[0];
  const last = finite[finite.length - 1];
  const ratio = last > 0 ? first / last : first > 0 ? Infinity : 1;
  return { label: ratio >= 100 ? 'vanishing' : ratio >= 10 ? 'shrinking' : 'steady', ratio };
}

/** A `histograms` message's payload checked field by field (it crossed a worker boundary). */
export function isEpochHistograms(x: unknown): x is EpochHistograms {
  if (!x || typeof x !== 'object') return false;
  const e = x as Partial<EpochHistograms>;
  if (!Number.isInteger(e.epoch) || typeof e.computeMs !== 'number' || !Array.isArray(e.layers)) return false;
  if (e.skipped !== undefined && typeof e.skipped !== 'string') return false;
  return e.layers.every((l: unknown) => {
    if (!l || typeof l !== 'object') return false;
    const h = l as Partial<LayerHistogram>;
    return (
      typeof h.name === 'string' &&
      (h.kind === 'weights' || h.kind === 'gradients') &&
      typeof h.lo === 'number' &&
      typeof h.hi === 'number' &&
      h.hi > 0 &&
      Array.isArray(h.counts) &&
      h.counts.length > 0 &&
      h.counts.every((c) => typeof c === 'number' && c >= 0) &&
      ['mean', 'std', 'min', 'max', 'nearZero', 'outside', 'nonFinite'].every((k) => typeof (h as Record<string, unknown>)[k] === 'number')
    );
  });
}
