/**
 * Attention-map maths on plain arrays (no tfjs): what a ViT's class token attends to over the patch grid, per head,
 * and attention rollout across blocks (Abnar & Zuidema 2020). A block's attention is a [heads, t, t] row-major
 * array, row = query token, column = key token, token 0 the class token, tokens 1…t−1 the patches row by row.
 */

/** Whose attention to show: the class token's row, or every query's row averaged (for mean-pooled models). */
export type AttentionQuery = 'cls' | 'mean';

/** One head's attention over the patches (class-token column dropped, the rest rescaled to sum to 1). */
export function headOverPatches(attention: ArrayLike<number>, tokens: number, head: number, query: AttentionQuery): Float32Array {
  const patches = tokens - 1;
  const out = new Float32Array(patches);
  const base = head * tokens * tokens;
  const rows = query === 'cls' ? [0] : Array.from({ length: tokens }, (_, i) => i);
  for (const r of rows) for (let j = 0; j < patches; j++) out[j] += attention[base + r * tokens + 1 + j];
  return toDistribution(out);
}

/** Scales non-negative weights to sum to 1 (all zero stays zero). */
export function toDistribution(values: Float32Array): Float32Array {
  let sum = 0;
  for (const v of values) sum += v;
  if (sum > 0) for (let i = 0; i < values.length; i++) values[i] /= sum;
  return values;
}

/** The heads' mean attention [t, t] of one block. */
export function meanOverHeads(attention: ArrayLike<number>, tokens: number, heads: number): Float64Array {
  const out = new Float64Array(tokens * tokens);
  for (let h = 0; h < heads; h++) for (let i = 0; i < tokens * tokens; i++) out[i] += attention[h * tokens * tokens + i] / heads;
  return out;
}

/**
 * Attention rollout: each block's head-mean attention with the residual path added (½A + ½I, rows renormalised),
 * multiplied from the first block to the last, R = Â_L ⋯ Â_1. Row 0 of R says how much each input token flows
 * into the class token at the end. Returns R as a [t, t] row-major array.
 */
export function rollout(blocks: readonly ArrayLike<number>[], tokens: number, heads: number): Float64Array {
  let r = identity(tokens);
  for (const attention of blocks) {
    const a = meanOverHeads(attention, tokens, heads);
    for (let i = 0; i < tokens; i++) {
      let sum = 0;
      for (let j = 0; j < tokens; j++) {
        const v = 0.5 * a[i * tokens + j] + (i === j ? 0.5 : 0);
        a[i * tokens + j] = v;
        sum += v;
      }
      for (let j = 0; j < tokens; j++) a[i * tokens + j] /= sum;
    }
    r = matMul(a, r, tokens);
  }
  return r;
}

/** The rollout's class-token (or query-mean) row over the patches, as a distribution. */
export function rolloutOverPatches(r: Float64Array, tokens: number, query: AttentionQuery): Float32Array {
  return headOverPatches(r, tokens, 0, query);
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

function matMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const v = a[i * n + k];
    if (v === 0) continue;
    for (let j = 0; j < n; j++) out[i * n + j] += v * b[k * n + j];
  }
  return out;
}

/** "row 2, column 3 (31 %)" for the k strongest patches: what the map says, for screen readers and tooltips. */
export function strongestPatches(map: ArrayLike<number>, cols: number, k = 3): string {
  return Array.from(map, (v, i) => ({ v, i }))
    .sort((a, b) => b.v - a.v)
    .slice(0, k)
    .map(({ v, i }) => `row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1} (${Math.round(v * 100)} %)`)
    .join('; ');
}
