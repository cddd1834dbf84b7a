/** Confidence intervals for proportions; pure maths shared by the inspection views. */

/** Closed interval [low, high]. */
export type Interval = [number, number];

export interface WilsonResult {
  /** Observed proportion successes / n (NaN when n = 0). */
  p: number;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959964;

/**
 * Wilson score interval for a binomial proportion.
 * Chosen over the normal (Wald) interval because it stays inside [0, 1] and is still sensible at
 * p = 0, p = 1 and small n, which is exactly where per-class and per-bin counts end up.
 * n may be fractional (the F1 interval uses an effective trial count); n <= 0 means "no evidence".
 */
export function wilsonInterval(successes: number, n: number, z = Z95): WilsonResult {
  if (!(n > 0)) return { p: NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt(Math.max(0, (p * (1 - p)) / n + z2 / (4 * n * n)));
  // At p = 0 or 1 the bound is exactly 0 or 1 algebraically; pin it so rounding cannot leak outside.
  const low = p <= 0 ? 0 : Math.max(0, centre - half);
  const high = p >= 1 ? 1 : Math.min(1, centre + half);
  return { p, low, high };
}

/** The Wilson interval as a [low, high] tuple. */
export function wilsonCI(successes: number, n: number, z = Z95): Interval {
  const { low, high } = wilsonInterval(successes, n, z);
  return [low, high];
}
