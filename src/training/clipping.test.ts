import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite, clipByGlobalNorm, globalNorm } from './clipping';
import { makeOptimizer } from './optimizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const grads = (a: number[], b: number[]): tf.NamedTensorMap => ({ a: tf.tensor1d(a), b: tf.tensor2d(b, [1, b.length]) });
const values = async (m: tf.NamedTensorMap) => ({ a: Array.from(await m.a.data()), b: Array.from(await m.b.data()) });

describe('clipByGlobalNorm (Keras global_clipnorm)', () => {
  it('changes nothing when the global norm is below the limit', async () => {
    const g = grads([3, 0], [0, 4]); // global norm 5
    const clipped = tf.tidy(() => clipByGlobalNorm(g, 10));
    expect(await values(clipped)).toEqual({ a: [3, 0], b: [0, 4] });
    expect(Object.keys(clipped)).toEqual(['a', 'b']);
    tf.dispose([g, clipped]);
  });

  it('scales every gradient by the same factor to the limit above it, keeping the direction', async () => {
    const g = grads([30, 0], [0, 40]); // global norm 50
    const before = tf.memory().numTensors;
    const clipped = tf.tidy(() => clipByGlobalNorm(g, 5));
    expect(tf.memory().numTensors).toBe(before + 2); // only the two results survive the tidy
    const v = await values(clipped);
    expect(v.a[0]).toBeCloseTo(3, 5);
    expect(v.b[1]).toBeCloseTo(4, 5);
    expect(await globalNorm([clipped.a, clipped.b])).toBeCloseTo(5, 5);
    tf.dispose([g, clipped]);
  });

  it('turns a non-finite norm into NaN gradients (the divergence check must see it), as tf.clip_by_global_norm', async () => {
    const g = grads([Infinity, 1], [0, 1]);
    const clipped = tf.tidy(() => clipByGlobalNorm(g, 5));
    expect(await allFinite([clipped.a, clipped.b])).toBe(false);
    expect((await clipped.b.data())[1]).toBeNaN();
    tf.dispose([g, clipped]);
  });

  it('bounds one SGD update to learning rate × limit, whatever the gradient', async () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]), true, 'clip-test-w');
    const start = tf.clone(w);
    const opt = makeOptimizer({ optimizer: 'sgd', learningRate: 10, momentum: 0 });
    // loss = 1000 · Σ w²: gradient 2000·w, norm ≈ 7483; unclipped the step would move w by ~74,833.
    tf.tidy(() => {
      const { value, grads: g } = opt.computeGradients(() => tf.sum(tf.square(w)).mul(1000) as tf.Scalar, [w]);
      value.dispose();
      opt.applyGradients(clipByGlobalNorm(g, 0.5));
    });
    const step = await globalNorm([tf.sub(w, start)]);
    expect(step).toBeCloseTo(10 * 0.5, 3);
    tf.dispose([w, start]);
    opt.dispose();
  });
});

describe('allFinite', () => {
  it('reads one boolean for many tensors', async () => {
    const ok = [tf.ones([2, 2]), tf.zeros([3])];
    expect(await allFinite(ok)).toBe(true);
    const bad = [tf.ones([2]), tf.tensor1d([1, NaN])];
    expect(await allFinite(bad)).toBe(false);
    expect(await allFinite([tf.tensor1d([-Infinity])])).toBe(false);
    expect(await allFinite([])).toBe(true);
    tf.dispose([...ok, ...bad]);
  });
});
