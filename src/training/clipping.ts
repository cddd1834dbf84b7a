import * as tf from '@tensorflow/tfjs';

/**
 * Gradient clipping by global norm (tf.clip_by_global_norm; Keras `global_clipnorm`): every gradient is scaled by
 * min(1, clipNorm / ‖g‖), where ‖g‖ = sqrt(Σ over all gradients of Σ g²) — one norm for all weights together, so the
 * update keeps its direction. All on the device: no read-back, no sync per batch.
 *
 * A non-finite norm (an overflowing or NaN gradient) makes every gradient NaN, as tf.clip_by_global_norm does, so the
 * loop's divergence check sees it instead of the step being skipped in silence. Keeps the map's key order (the fused
 * Adam matches its slots by position). Call inside tf.tidy; returns new tensors (or the same ones when empty).
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const names = Object.keys(grads).filter((n) => grads[n] != null);
  if (names.length === 0) return grads;
  const sumSq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))));
  const norm = tf.sqrt(sumSq);
  const limit = tf.scalar(clipNorm);
  // clip / max(norm, clip) = min(1, clip / norm), and 1 for a zero norm.
  const scale = tf.where(tf.isFinite(norm), tf.div(limit, tf.maximum(norm, limit)), tf.scalar(NaN));
  const out: tf.NamedTensorMap = {};
  for (const n of Object.keys(grads)) out[n] = grads[n] == null ? grads[n] : tf.mul(grads[n], scale);
  return out;
}

/** The global L2 norm of a set of tensors (for tests and checks; reads one number back). */
export async function globalNorm(tensors: tf.Tensor[]): Promise<number> {
  const t = tf.tidy(() => tf.sqrt(tf.addN(tensors.map((x) => tf.sum(tf.square(x))))));
  try {
    return (await t.data())[0];
  } finally {
    t.dispose();
  }
}

/** True when every value of every tensor is a finite number: one small read-back for all of them. */
export async function allFinite(tensors: tf.Tensor[]): Promise<boolean> {
  if (tensors.length === 0) return true;
  const t = tf.tidy(() => tf.all(tf.stack(tensors.map((x) => tf.all(tf.isFinite(x))))));
  try {
    return (await t.data())[0] !== 0;
  } finally {
    t.dispose();
  }
}
