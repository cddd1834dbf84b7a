import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerReluGradient, restoreReluGradient } from './reluGrad';

const reluGrad = () =>
  tf.tidy(() => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.25, 3, NaN]);
    const w = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    return Array.from(tf.grad((xx) => tf.relu(xx).mul(w).sum())(x).dataSync());
  });

describe("Relu's gradient", () => {
  afterAll(() => restoreReluGradient());

  it('off WebGL gives what tfjs gives (0 at and below 0, dy above, NaN at NaN), and restores tfjs’s own config', async () => {
    await tf.setBackend('cpu');
    const stock = tf.getGradient(tf.Relu);
    const before = reluGrad();
    registerReluGradient();
    registerReluGradient();
    expect(tf.getGradient(tf.Relu)).not.toBe(stock);
    expect(reluGrad()).toEqual(before);
    expect(before).toEqual([0, 0, 0, 4, 5, NaN]);
    restoreReluGradient();
    expect(tf.getGradient(tf.Relu)).toBe(stock);
  });
});
