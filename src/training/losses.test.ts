import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TensorscopeError, offersBackendRetry } from '../core/errors';
import type { DeviceData } from './deviceData';
import { batchLoss } from './losses';

const data = (task: 'classification' | 'regression', numClasses: number) => ({ task, numClasses }) as DeviceData;

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe('batchLoss refuses an output that does not fit the task (a model error reaching the engine)', () => {
  it('classification with the output layer removed: an invalid-spec error naming the fix, not a backend error', () => {
    const err = thrown(() => tf.tidy(() => batchLoss('sparseCategoricalCrossentropy', data('classification', 10), tf.zeros([4, 128]), tf.tensor1d([0, 1, 2, 3], 'int32')).loss));
    expect(err).toBeInstanceOf(TensorscopeError);
    expect((err as TensorscopeError).code).toBe('invalid-spec');
    expect((err as TensorscopeError).message).toBe('The last layer gives 128 values but the data has 10 classes: add a Dense(10, softmax) output.');
    // …and such an error gets no "retry on another backend": every backend fails the same way.
    expect(offersBackendRetry((err as TensorscopeError).code)).toBe(false);
  });

  it('regression with more than one output unit is refused instead of broadcasting silently', () => {
    // One example: [1, 5] − [1] would broadcast without complaint and train on nonsense.
    const err = thrown(() => tf.tidy(() => batchLoss('meanSquaredError', data('regression', 0), tf.zeros([1, 5]), tf.tensor1d([0.5])).loss));
    expect((err as TensorscopeError).code).toBe('invalid-spec');
    expect((err as Error).message).toMatch(/gives 5 values but a regression predicts one number: add a Dense\(1, linear\) output/);
  });

  it('fitting outputs train as before', () => {
    const loss = tf.tidy(() => batchLoss('sparseCategoricalCrossentropy', data('classification', 3), tf.softmax(tf.zeros([2, 3])), tf.tensor1d([0, 2], 'int32')).loss.dataSync()[0]);
    expect(loss).toBeCloseTo(Math.log(3), 5);
    const mse = tf.tidy(() => batchLoss('meanSquaredError', data('regression', 0), tf.tensor2d([[1], [3]]), tf.tensor1d([0, 1])).loss.dataSync()[0]);
    expect(mse).toBeCloseTo(2.5, 5);
  });
});

describe('offersBackendRetry', () => {
  it('offers another backend only when the backend may be at fault', () => {
    for (const code of ['backend-init', 'backend-lost', 'backend-unsupported', 'training-failed', 'worker-failed']) expect(offersBackendRetry(code)).toBe(true);
    for (const code of ['invalid-spec', 'model-not-ready', 'dataset-format', 'dataset-fetch', 'invalid-link', 'storage', 'model-import', 'export-failed', null]) {
      expect(offersBackendRetry(code)).toBe(false);
    }
  });
});
