import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, type OptimizerName } from '../models/spec';
import { makeOptimizer, setOptimizerLearningRate } from './optimizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The cpu backend's epsilon, which tfjs's Adagrad adds under its square root. */
const BACKEND_EPS = 1e-7;
const EPS = 1e-7;

/**
 * A plain-number model of each optimizer's update for one element, written from the formulas (and, where tfjs
 * differs from Keras, from tfjs's source, noted). `step(g, lr)` returns the change of the variable.
 */
function reference(name: OptimizerName, momentum: number): { step: (g: number, lr: number) => number } {
  switch (name) {
    case 'sgd':
      return { step: (g, lr) => -lr * g };
    case 'momentum': {
      let acc = 0;
      return {
        step: (g, lr) => {
          acc = momentum * acc + g;
          return -lr * acc;
        },
      };
    }
    case 'adam': {
      let m = 0;
      let v = 0;
      let k = 0;
      return {
        step: (g, lr) => {
          k++;
          m = 0.9 * m + 0.1 * g;
          v = 0.999 * v + 0.001 * g * g;
          const mHat = m / (1 - 0.9 ** k);
          const vHat = v / (1 - 0.999 ** k);
          return (-lr * mHat) / (Math.sqrt(vHat) + EPS);
        },
      };
    }
    case 'rmsprop': {
      let ms = 0;
      return {
        step: (g, lr) => {
          ms = 0.9 * ms + 0.1 * g * g;
          return (-lr * g) / Math.sqrt(ms + EPS);
        },
      };
    }
    case 'adagrad': {
      let acc = 0.1;
      return {
        step: (g, lr) => {
          acc += g * g;
          return (-lr * g) / Math.sqrt(acc + BACKEND_EPS);
        },
      };
    }
    case 'adadelta': {
      let accGrad = 0;
      let accUpdate = 0;
      return {
        step: (g, lr) => {
          // tfjs 4.22 divides by the accumulated gradient from *before* this step (Keras uses the updated one).
          const update = (Math.sqrt(accUpdate + EPS) / Math.sqrt(accGrad + EPS)) * g;
          accGrad = 0.95 * accGrad + 0.05 * g * g;
          accUpdate = 0.95 * accUpdate + 0.05 * update * update;
          return -lr * update;
        },
      };
    }
  }
}

const GRADS = [0.5, -2, 3];
const MOMENTUM = 0.8;

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const tol = 1e-4 * Math.max(1e-3, Math.abs(expected[i]));
    expect(Math.abs(a - expected[i]), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  });
}

/** Applies the fixed gradient once and returns how much each element of the variable moved. */
function stepOnce(opt: tf.Optimizer, v: tf.Variable): number[] {
  const before = v.dataSync().slice();
  const g = tf.tensor1d(GRADS);
  opt.applyGradients({ [v.name]: g });
  g.dispose();
  const after = v.dataSync();
  return Array.from(before, (b, i) => after[i] - b);
}

describe('makeOptimizer', () => {
  it('builds every optimizer the spec lists, with Keras-like settings', () => {
    const expected: Record<OptimizerName, { className: string; config: Record<string, unknown> }> = {
      sgd: { className: 'SGD', config: { learningRate: 0.05 } },
      momentum: { className: 'Momentum', config: { learningRate: 0.05, momentum: MOMENTUM, useNesterov: false } },
      adam: { className: 'Adam', config: { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
      rmsprop: { className: 'RMSProp', config: { learningRate: 0.05, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false } },
      adagrad: { className: 'Adagrad', config: { learningRate: 0.05, initialAccumulatorValue: 0.1 } },
      adadelta: { className: 'Adadelta', config: { learningRate: 0.05, rho: 0.95, epsilon: 1e-7 } },
    };
    for (const name of OPTIMIZERS) {
      const opt = makeOptimizer({ optimizer: name, learningRate: 0.05, momentum: MOMENTUM });
      expect(opt.getClassName(), name).toBe(expected[name].className);
      expect(opt.getConfig(), name).toEqual(expected[name].config);
      opt.dispose();
    }
  });

  it('throws a clear error for an unknown name (only reachable with an unvalidated spec)', () => {
    expect(() => makeOptimizer({ optimizer: 'lbfgs' as OptimizerName, learningRate: 0.1, momentum: 0 })).toThrow(/unknown optimizer: lbfgs/);
  });
});

describe('setOptimizerLearningRate', () => {
  for (const name of OPTIMIZERS) {
    it(`${name}: after a new rate, one step moves the variable by what the new rate implies`, () => {
      const lr1 = 0.1;
      const lr2 = 0.01;
      // One reference per element: each element of the variable has its own optimizer state.
      const refs = GRADS.map(() => reference(name, MOMENTUM));
      const expectedStep = (lr: number) => GRADS.map((g, i) => refs[i].step(g, lr));
      const v = tf.variable(tf.tensor1d([1, 2, 3]));
      const opt = makeOptimizer({ optimizer: name, learningRate: lr1, momentum: MOMENTUM });

      // A first step at the original rate builds up state (moments, accumulators).
      expectClose(stepOnce(opt, v), expectedStep(lr1));

      setOptimizerLearningRate(opt, lr2);
      expect(opt.getConfig().learningRate).toBe(lr2);
      expectClose(stepOnce(opt, v), expectedStep(lr2));

      // And changing it back takes effect too (SGD/Momentum rebuild a cached scalar each time).
      setOptimizerLearningRate(opt, lr1);
      expectClose(stepOnce(opt, v), expectedStep(lr1));
      opt.dispose();
      v.dispose();
    });

    it(`${name}: the step after a change is exactly the unchanged step scaled by new/old rate`, () => {
      // Two optimizers with identical histories; only the second gets the new rate before step 3. Nothing in
      // these optimizers' state depends on the rate (with rmsprop's momentum 0), so the steps must scale.
      const mk = () => makeOptimizer({ optimizer: name, learningRate: 0.2, momentum: MOMENTUM });
      const a = mk();
      const b = mk();
      const va = tf.variable(tf.tensor1d([1, 2, 3]));
      const vb = tf.variable(tf.tensor1d([1, 2, 3]));
      for (let i = 0; i < 2; i++) {
        stepOnce(a, va);
        stepOnce(b, vb);
      }
      setOptimizerLearningRate(b, 0.05);
      const da = stepOnce(a, va);
      const db = stepOnce(b, vb);
      expectClose(db, da.map((d) => d * 0.25));
      [a, b, va, vb].forEach((x) => x.dispose());
    });
  }

  it('a rate of 0 freezes the variable (a cosine schedule may end there)', () => {
    for (const name of OPTIMIZERS) {
      const v = tf.variable(tf.tensor1d([1, 2, 3]));
      const opt = makeOptimizer({ optimizer: name, learningRate: 0.1, momentum: MOMENTUM });
      stepOnce(opt, v);
      setOptimizerLearningRate(opt, 0);
      expect(stepOnce(opt, v), name).toEqual([0, 0, 0]);
      opt.dispose();
      v.dispose();
    }
  });

  it('does not leak tensors when called every step', () => {
    for (const name of OPTIMIZERS) {
      const opt = makeOptimizer({ optimizer: name, learningRate: 0.1, momentum: MOMENTUM });
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) setOptimizerLearningRate(opt, 0.1 / (i + 1));
      expect(tf.memory().numTensors, name).toBe(before);
      opt.dispose();
    }
  });

  it('rejects negative and non-finite rates', () => {
    const opt = makeOptimizer({ optimizer: 'adam', learningRate: 0.1, momentum: 0 });
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => setOptimizerLearningRate(opt, bad)).toThrow(RangeError);
    expect(opt.getConfig().learningRate).toBe(0.1);
    opt.dispose();
  });
});
