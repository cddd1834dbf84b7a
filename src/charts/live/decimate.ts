/**
 * Min/max-preserving thinning for the live charts: a series of 100k batches is drawn with at most ~2,000 points and
 * every spike stays visible (a plain stride would skip it). Pure; unit-tested in decimate.test.ts.
 */

/** More points than this per series cost drawing time without adding visible detail on a chart a few hundred px wide. */
export const MAX_DRAWN_POINTS = 2000;

type Column = readonly (number | null)[];

/**
 * Indices to draw (ascending) so that each series keeps its lowest and highest value in every bucket of the x order,
 * plus the first and last point. All series share the indices (uPlot draws aligned data).
 *
 * Buckets have a fixed integer size that only grows when the series outgrows it, so the kept indices do not shift on
 * every new batch of a live run (no shimmer). A bucket holding a gap (null) keeps the gap's first index, so a gap in
 * the data stays a gap in the drawing. Returns every index when there are at most `maxPoints` of them.
 */
export function decimateIndices(n: number, columns: readonly Column[], maxPoints: number = MAX_DRAWN_POINTS): number[] {
  const all = (): number[] => Array.from({ length: n }, (_, i) => i);
  if (n <= Math.max(2, maxPoints)) return all();
  const perBucket = Math.max(1, 2 * Math.max(1, columns.length));
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / perBucket));
  const size = Math.ceil(n / buckets);
  const keep = new Set<number>([0, n - 1]);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    for (const col of columns) {
      let lo = -1;
      let hi = -1;
      let gap = -1;
      for (let i = start; i < end; i++) {
        const v = col[i];
        if (v === null || !Number.isFinite(v)) {
          if (gap < 0) gap = i;
          continue;
        }
        if (lo < 0 || v < (col[lo] as number)) lo = i;
        if (hi < 0 || v > (col[hi] as number)) hi = i;
      }
      if (lo >= 0) keep.add(lo);
      if (hi >= 0) keep.add(hi);
      if (gap >= 0) keep.add(gap);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

/** The values of `column` at `indices`. */
export function pick<T>(column: readonly T[], indices: readonly number[]): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = column[indices[i]];
  return out;
}
