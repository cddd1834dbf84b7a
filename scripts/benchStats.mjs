// Summary maths for the benchmark scripts (bench-charts.mjs): pure, tested in benchStats.test.ts.

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
