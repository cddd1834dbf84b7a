import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../core/rng';

/**
 * Numerical gradient check for tests: the gradient of loss = Σ layer(x)·r (r a fixed random weighting, so every
 * output matters) by central differences, against tfjs's autodiff, for the input and every trainable weight.
 * Float32 limits the check: eps 1e-2 keeps rounding error near 1e-4 of the loss and the O(eps²) truncation small.
 */
export interface GradientReport {
  /** Per checked tensor ("input" or the weight's name): ‖numeric − analytic‖ / (‖numeric‖ + ‖analytic‖). */
  relativeError: Record<string, number>;
  /** Per checked tensor: ‖analytic‖ and ‖numeric‖ over the sampled entries (both ≈ 0 where the loss cannot depend on it). */
  norms: Record<string, { analytic: number; numeric: number }>;
}

const EPS = 1e-2;

export function checkGradients(layer: tf.layers.Layer, x: tf.Tensor, opts: { samples?: number; seed?: number } = {}): GradientReport {
  const samples = opts.samples ?? 24;
  const rng = createRng(opts.seed ?? 7);
  // Build once so the weights exist; the weighting r has the output's shape.
  const out0 = layer.apply(x) as tf.Tensor;
  const r = tf.randomNormal(out0.shape, 0, 1, 'float32', opts.seed ?? 7);
  out0.dispose();
  const lossOf = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)) as tf.Scalar;
  const lossValue = (input: tf.Tensor) => tf.tidy(() => lossOf(input).dataSync()[0]);

  const relativeError: Record<string, number> = {};
  const norms: GradientReport['norms'] = {};
  const compare = (name: string, analytic: Float32Array, numericAt: (i: number) => number) => {
    const picks = Array.from({ length: Math.min(samples, analytic.length) }, (_, k) => (analytic.length <= samples ? k : Math.floor(rng() * analytic.length)));
    let diff = 0;
    let a2 = 0;
    let n2 = 0;
    for (const i of picks) {
      const num = numericAt(i);
      diff += (num - analytic[i]) ** 2;
      a2 += analytic[i] ** 2;
      n2 += num ** 2;
    }
    relativeError[name] = Math.sqrt(diff) / (Math.sqrt(n2) + Math.sqrt(a2) + 1e-12);
    norms[name] = { analytic: Math.sqrt(a2), numeric: Math.sqrt(n2) };
  };

  // The input.
  const gx = tf.tidy(() => tf.grad((input: tf.Tensor) => lossOf(input))(x).dataSync() as Float32Array);
  const xs = x.dataSync().slice() as Float32Array;
  compare('input', gx, (i) => {
    const at = (delta: number) => {
      const v = xs.slice();
      v[i] += delta;
      const t = tf.tensor(v, x.shape);
      const l = lossValue(t);
      t.dispose();
      return l;
    };
    return (at(EPS) - at(-EPS)) / (2 * EPS);
  });

  // Every trainable weight.
  for (const w of layer.trainableWeights) {
    const variable = w.read() as tf.Variable;
    const grads = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => lossOf(x), [variable]);
      return grads[variable.name].dataSync() as Float32Array;
    });
    const values = variable.dataSync().slice() as Float32Array;
    compare(w.originalName, grads, (i) => {
      const at = (delta: number) => {
        const v = values.slice();
        v[i] += delta;
        const t = tf.tensor(v, variable.shape);
        variable.assign(t);
        t.dispose();
        return lossValue(x);
      };
      const g = (at(EPS) - at(-EPS)) / (2 * EPS);
      const restore = tf.tensor(values, variable.shape);
      variable.assign(restore);
      restore.dispose();
      return g;
    });
  }
  r.dispose();
  return { relativeError, norms };
}
