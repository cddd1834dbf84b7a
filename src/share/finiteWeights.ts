/**
 * Exports (TF.js files, demo links) refuse weights that are not finite numbers: a model whose training diverged
 * would load and then predict NaN. One message for all of them. Pure, no tfjs.
 */

export const NON_FINITE_WEIGHTS_MESSAGE = "the model's weights are not finite numbers (training diverged): retrain with a lower learning rate";

/** The first NaN or ±Infinity among the weights (which tensor, where, what), or null when all are finite. */
export function firstNonFinite(weights: readonly { name: string; values: Float32Array }[]): { name: string; index: number; value: number } | null {
  for (const w of weights) {
    const v = w.values;
    if (!(v instanceof Float32Array)) continue;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return { name: w.name, index: i, value: v[i] };
  }
  return null;
}

/** The refusal in words for non-finite weights, e.g. `…learning rate (weight "dense_1/kernel" holds NaN)`; null when all are finite. */
export function nonFiniteWeightsMessage(weights: readonly { name: string; values: Float32Array }[]): string | null {
  const bad = firstNonFinite(weights);
  return bad ? `${NON_FINITE_WEIGHTS_MESSAGE} (weight "${bad.name}" holds ${bad.value})` : null;
}
