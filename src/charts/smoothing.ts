/**
 * TensorBoard's smoothing for the live charts. No React: unit-tested in Node.
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
  // w^count, kept as a running product: Math.pow per point cost more than the rest of the loop on 100k batches.
  let wPow = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    wPow *= w;
    // Starting from 0 biases early points towards 0; dividing by 1 - w^count undoes that.
    out[i] = last / (1 - wPow);
  }
  return out;
}
