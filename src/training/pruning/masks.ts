/**
 * Magnitude pruning masks: the smallest |w| of each prunable kernel (or of all of them together) are zeroed. Pure
 * arrays, no tfjs: the engine multiplies each kernel by its mask after every optimizer step so pruned weights stay 0.
 */

export interface NamedValues {
  name: string;
  shape: readonly number[];
  values: Float32Array;
}

/** 'layer': each kernel pruned to the target (TF MOT's default); 'global': one threshold over every kernel. */
export type PruneScope = 'layer' | 'global';

/**
 * Kernels of Dense, Conv2D, LSTM/GRU and attention projections (rank ≥ 2). Biases, normalisation scales and
 * shifts, moving statistics and position or class embeddings stay dense: they are few and pruning them hurts most.
 */
export function isPrunable(w: { name: string; shape: readonly number[] }): boolean {
  if (w.shape.length < 2) return false;
  const leaf = w.name.split('/').pop() ?? w.name;
  return /kernel/i.test(leaf) && !/embedding|position|class_token|cls/i.test(w.name);
}

/** The fraction of exact zeros. */
export function sparsityOf(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros / values.length;
}

/**
 * Keeps all but the `count` smallest magnitudes of `abs` (indices into one flat list); ties are broken by position
 * so exactly `count` are pruned.
 */
function pruneSmallest(abs: Float32Array, count: number): Uint8Array {
  const keep = new Uint8Array(abs.length).fill(1);
  if (count <= 0) return keep;
  const order = new Uint32Array(abs.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => abs[a] - abs[b] || a - b);
  for (let i = 0; i < Math.min(count, order.length); i++) keep[order[i]] = 0;
  return keep;
}

function absOf(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.abs(values[i]);
  return out;
}

/**
 * One mask per weight (1 keep, 0 prune) for `sparsity` (0 ≤ s < 1); weights that are not prunable get null. Exactly
 * floor(s · n) entries are pruned per kernel ('layer') or over all kernels together ('global').
 */
export function magnitudeMasks(weights: readonly NamedValues[], sparsity: number, scope: PruneScope): (Uint8Array | null)[] {
  if (!(sparsity >= 0 && sparsity < 1)) throw new RangeError(`sparsity must be in [0, 1) (got ${sparsity}).`);
  const prunable = weights.map(isPrunable);
  if (scope === 'layer') {
    return weights.map((w, i) => (prunable[i] ? pruneSmallest(absOf(w.values), Math.floor(sparsity * w.values.length)) : null));
  }
  const total = weights.reduce((n, w, i) => n + (prunable[i] ? w.values.length : 0), 0);
  const all = new Float32Array(total);
  let at = 0;
  weights.forEach((w, i) => {
    if (!prunable[i]) return;
    for (let j = 0; j < w.values.length; j++) all[at + j] = Math.abs(w.values[j]);
    at += w.values.length;
  });
  const keep = pruneSmallest(all, Math.floor(sparsity * total));
  at = 0;
  return weights.map((w, i) => {
    if (!prunable[i]) return null;
    const mask = keep.slice(at, at + w.values.length);
    at += w.values.length;
    return mask;
  });
}

/** Why this model cannot be pruned, or null. */
export function prunableProblem(weights: readonly { name: string; shape: readonly number[] }[]): string | null {
  return weights.some(isPrunable) ? null : 'This model has no prunable weights (no Dense, Conv2D, recurrent or attention kernels).';
}

/** The weights with their masks applied (pruned entries set to exactly 0). */
export function applyMasks(weights: readonly NamedValues[], masks: readonly (Uint8Array | null)[]): NamedValues[] {
  return weights.map((w, i) => {
    const mask = masks[i];
    if (!mask) return w;
    const values = new Float32Array(w.values.length);
    for (let j = 0; j < values.length; j++) values[j] = mask[j] ? w.values[j] : 0;
    return { ...w, values };
  });
}
