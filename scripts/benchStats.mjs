// Summary maths for the benchmark scripts (bench.mjs, bench-charts.mjs): pure, tested in benchStats.test.ts.

/** The finite numbers of `xs`, ascending. */
function sorted(xs) {
  return xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
}

/**
 * The p-th percentile (p in [0, 100]) with linear interpolation between the closest ranks (numpy's default), so the
 * p95 of a short series moves smoothly instead of jumping to its maximum. NaN for an empty series.
 */
export function percentile(xs, p) {
  const v = sorted(xs);
  if (v.length === 0) return NaN;
  const q = Math.min(100, Math.max(0, p)) / 100;
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export const median = (xs) => percentile(xs, 50);

/** Count, median, p95, mean and max of one run's per-update samples. */
export function summarize(xs) {
  const v = sorted(xs);
  return {
    n: v.length,
    median: percentile(v, 50),
    p95: percentile(v, 95),
    mean: v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN,
    max: v.length ? v[v.length - 1] : NaN,
  };
}

/** Across repeats: the median of the per-repeat values and their range (the noise between repeats). */
export function spread(xs) {
  const v = sorted(xs);
  return { median: percentile(v, 50), min: v.length ? v[0] : NaN, max: v.length ? v[v.length - 1] : NaN, n: v.length };
}

/** after / before, or null when either is missing or before is 0. */
export function ratio(before, after) {
  return Number.isFinite(before) && Number.isFinite(after) && before !== 0 ? after / before : null;
}

/** A row is "noisy" when its per-repeat values spread more than this fraction of their median. */
export const NOISY_SPREAD = 0.2;

/**
 * Per-repeat values of one figure (e.g. a/b ratios): their median, min–max, relative spread (max − min) / median,
 * and `noisy` when that spread exceeds NOISY_SPREAD (or `limit`). Non-finite values (failed repeats) are left out.
 */
export function repeatSpread(xs, limit = NOISY_SPREAD) {
  const s = spread(xs);
  const relSpread = s.n > 1 && s.median !== 0 ? (s.max - s.min) / Math.abs(s.median) : s.n === 1 ? 0 : NaN;
  // The epsilon keeps a spread of exactly the limit (0.2000000000000001 in floating point) not noisy.
  return { ...s, relSpread, noisy: relSpread > limit + 1e-9 };
}

/**
 * A goal judged on the median of its per-repeat values AND on the worst repeat: `atLeast` (higher is better, worst =
 * min) or `below` (lower is better, worst = max). met* are null when nothing was measured.
 */
export function goalOnRepeats(xs, { atLeast, below }) {
  const s = spread(xs);
  if (s.n === 0) return { median: NaN, worst: NaN, n: 0, metOnMedian: null, metOnWorst: null };
  const higherIsBetter = atLeast != null;
  const ok = (x) => (higherIsBetter ? x >= atLeast : x < below);
  const worst = higherIsBetter ? s.min : s.max;
  return { median: s.median, worst, n: s.n, metOnMedian: ok(s.median), metOnWorst: ok(worst) };
}

/** Several goals' results (each from goalOnRepeats) together: met on the median / worst only when all are. */
export function allOf(results) {
  const known = results.filter((r) => r.metOnMedian != null);
  if (known.length === 0) return { metOnMedian: null, metOnWorst: null };
  return { metOnMedian: known.every((r) => r.metOnMedian), metOnWorst: known.every((r) => r.metOnWorst) };
}
