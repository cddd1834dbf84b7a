/**
 * Pure series transforms shared by the charts. No React, no recharts: unit-tested in Node.
 */

/** Highest usable weight: at 1 the average never moves and the debias divides by zero. */
const MAX_WEIGHT = 0.999;

/**
 * TensorBoard's debiased exponential moving average.
 *
 * `weight` is in [0, 1): 0 returns the values unchanged. Out-of-range weights are clamped
 * (NaN → 0, ≥ 1 → 0.999) so a UI slider can never produce an all-NaN series.
 * Non-finite values (NaN, ±Infinity, e.g. a diverged loss) are passed through as they are and
 * skipped by the average, so one bad batch does not poison every later point.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Number.isNaN(weight) ? 0 : Math.min(Math.max(weight, 0), MAX_WEIGHT);
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    // Starting from 0 biases early points towards 0; dividing by 1 - w^count undoes that.
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}

/**
 * Keeps at most `maxPoints` items, taken at a fixed integer stride from the first, plus the last.
 *
 * An integer stride (rather than a fractional one) keeps the chosen indices fixed while a live
 * run grows, so the drawn line does not shimmer on every new batch; the stride only changes when
 * the series outgrows it. `maxPoints` is floored and treated as at least 2 (first and last are
 * always kept). A copy of the input is returned when it is already short enough.
 */
export function downsample<T>(points: readonly T[], maxPoints: number): T[] {
  const max = Math.max(2, Math.floor(Number.isNaN(maxPoints) ? 2 : maxPoints));
  const n = points.length;
  if (n <= max) return points.slice();
  const stride = Math.ceil((n - 1) / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < n - 1; i += stride) out.push(points[i]);
  out.push(points[n - 1]);
  return out;
}
