import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../training/fusedAdam/fusedAdamOptimizer';

/** Shapes with sizes that are and are not multiples of 4 (packed WebGL textures), ranks 1–4. */
const SHAPES = [[7], [5, 3], [128, 10], [3, 3, 2, 5]];

/** A seeded, backend-independent sequence of numbers in [-1, 1). */
function numbers(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

async function run(opt: tf.Optimizer, tag: string): Promise<number[][]> {
  // tidy disposes each initial value (a variable keeps its own reference); variables outlive tidy.
  const vars = tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(numbers(tf.util.sizeFromShape(shape), i + 1), shape), true, `${tag}_${i}`)));
  for (let step = 0; step < 10; step++) {
    if (step === 5) (opt as unknown as { learningRate: number }).learningRate = 0.002;
    const scale = step % 3 === 0 ? 5 : 0.01;
    tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.mul(tf.tensor(numbers(v.size, 100 + step * 7 + i), v.shape), scale) }))));
  }
  const state = await opt.getWeights();
  const out = await Promise.all([...vars, ...state.slice(1).map((s) => s.tensor)].map(async (t) => Array.from(await t.data())));
  tf.dispose(vars);
  state[0].tensor.dispose(); // getWeights makes a fresh tensor for the iteration count
  opt.dispose();
  return out;
}

/**
 * The fused Adam kernel on the active backend against tfjs's own Adam over ten steps (large and tiny gradients, a
 * learning-rate change): the largest difference relative to the value (at least 1e-3), over weights and moments.
 */
export async function checkFusedAdam(): Promise<{ backend: string; maxRelDiff: number; values: number; tensorsLeft: number }> {
  const before = tf.memory().numTensors;
  const ours = await run(new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'fused');
  const ref = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 'plain');
  let maxRelDiff = 0;
  let values = 0;
  ours.forEach((row, i) =>
    row.forEach((x, j) => {
      values++;
      maxRelDiff = Math.max(maxRelDiff, Math.abs(x - ref[i][j]) / Math.max(1e-3, Math.abs(ref[i][j])));
    }),
  );
  return { backend: tf.getBackend(), maxRelDiff, values, tensorsLeft: tf.memory().numTensors - before };
}
