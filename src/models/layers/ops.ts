import * as tf from '@tensorflow/tfjs';

/**
 * Plain tf ops shared by the Vision Transformer layers. Only ops with gradients on every backend (cpu, wasm, webgl,
 * webgpu): matMul, reshape, transpose, mean, softmax, tanh; no erf (wasm has none), so GELU is the tanh form.
 */

/** Epsilon of every layer norm here and in the Keras export (the ViT paper's 1e-6, not Keras's default 1e-3). */
export const LAYER_NORM_EPSILON = 1e-6;

/** Layer norm over the last axis: (x − mean) / √(var + ε) · gamma + beta. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const mean = tf.mean(x, axis, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), axis, true);
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
  });
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (Keras `gelu(x, approximate=True)`): 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_C);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  });
}

/** A dense map of the last axis of a [b, t, d] tensor: one 2-D matMul over b·t rows (rank-3 matMul would batch the kernel). */
export function dense3d(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [b, t, d] = x.shape;
    const out = kernel.shape[1] as number;
    return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [b * t, d]), kernel as tf.Tensor2D), bias), [b, t, out]);
  });
}
