/** Residual quantiles, histograms and empirical error bands for regression models. */

/**
 * q-quantile of already-sorted values, linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default): h = (N - 1) q, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * q is clamped to [0, 1]; empty input gives NaN.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const N = sorted.length;
  if (N === 0) return NaN;
  const h = (N - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(N - 1, lo + 1);
  const frac = h - lo;
  // frac = 0 must not touch x[hi]: 0 * Infinity would give NaN.
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

/** Ascending copy as Float64Array (typed-array sort is numeric, unlike Array.prototype.sort). */
function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function residuals(pred: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  if (pred.length !== target.length) {
    throw new RangeError(`residuals: ${pred.length} predictions vs ${target.length} targets`);
  }
  const r = new Float64Array(target.length);
  for (let i = 0; i < r.length; i++) r[i] = target[i] - pred[i];
  return r;
}

/**
 * Quantiles of the residual target - pred, one per entry of qs, in the same order.
 * The sign convention (observed minus predicted) means pred + value is an empirical prediction bound.
 * Non-finite residuals are skipped; no finite residuals gives NaN for every q.
 */
export function residualQuantiles(
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  qs: readonly number[] = [0.05, 0.5, 0.95],
): number[] {
  // Non-finite residuals (a diverged model) are dropped: typed-array sort puts NaN last and would skew the top quantiles.
  const sorted = residuals(pred, target).filter(Number.isFinite).sort();
  return qs.map((q) => quantile(sorted, q));
}

export interface Histogram {
  /** bins + 1 ascending edges. */
  edges: number[];
  counts: number[];
}

/**
 * Equal-width histogram. Bins are [lo, hi) except the last, which also takes values equal to the top
 * edge (numpy's rule). Values outside range and non-finite values are skipped.
 * Default range is [min, max] of the finite values; a zero-width range is widened by 0.5 each side
 * so a constant input still gets a visible bar; no finite values and no range gives [0, 1].
 */
export function histogram(values: ArrayLike<number>, bins: number, range?: [number, number]): Histogram {
  const nb = Math.max(1, Math.floor(bins));
  let lo: number;
  let hi: number;
  if (range) {
    [lo, hi] = range;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
  }
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / nb;
  const edges = Array.from({ length: nb + 1 }, (_, b) => (b === nb ? hi : lo + b * width));
  const counts = new Array<number>(nb).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(nb - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts };
}

export interface ResidualBandBin {
  /** Bin centre on the x axis. */
  x: number;
  /** 5% quantile of target - pred in this bin (NaN when empty). */
  lo: number;
  /** Median residual (NaN when empty). */
  median: number;
  /** 95% quantile of target - pred in this bin (NaN when empty). */
  hi: number;
  n: number;
}

/**
 * Empirical error band for 1-D inputs: split x into equal-width bins over [min x, max x] and take the
 * 5% / 50% / 95% residual quantiles in each. It widens where the noise grows, without assuming a noise model.
 * Every bin is returned (so indices line up with x); empty bins have n = 0 and NaN quantiles, and bins with
 * very few points give a band that is only as wide as those points; filter or grey them out on n.
 */
export function binnedResidualBand(
  x: ArrayLike<number>,
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  bins = 20,
): ResidualBandBin[] {
  const r = residuals(pred, target);
  if (x.length !== r.length) throw new RangeError(`binnedResidualBand: ${x.length} inputs vs ${r.length} targets`);
  const nb = Math.max(1, Math.floor(bins));
  const { edges } = histogram(x, nb);
  const lo = edges[0];
  const width = (edges[nb] - lo) / nb;
  const groups: number[][] = Array.from({ length: nb }, () => []);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v) || !Number.isFinite(r[i])) continue;
    groups[Math.min(nb - 1, Math.max(0, Math.floor((v - lo) / width)))].push(r[i]);
  }
  return groups.map((g, b) => {
    const s = sortedCopy(g);
    return {
      x: (edges[b] + edges[b + 1]) / 2,
      lo: quantile(s, 0.05),
      median: quantile(s, 0.5),
      hi: quantile(s, 0.95),
      n: s.length,
    };
  });
}
