import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TensorscopeError, offersBackendRetry } from '../core/errors';
import type { DeviceData } from './deviceData';
import { batchLoss, crossEntropy } from './losses';

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

describe('crossEntropy: tfjs\'s categorical cross-entropy with its gradient written out', () => {
  // The traced reference: what batchLoss computed before (tfjs-layers' loss, Keras's normalisation and clipping).
  const reference = (oneHot: tf.Tensor2D, p: tf.Tensor2D) => tf.metrics.categoricalCrossentropy(oneHot, p).mean() as tf.Scalar;
  const labels = [2, 0, 1, 1, 0];
  const cases: Record<string, number[][]> = {
    'softmax rows': [
      [0.1, 0.2, 0.7],
      [0.5, 0.25, 0.25],
      [0.3, 0.3, 0.4],
      [0.05, 0.9, 0.05],
      [0.2, 0.6, 0.2],
    ],
    // Rows that do not sum to 1 (a model without a softmax head): normalised first, as Keras does.
    'unnormalised rows': [
      [1, 2, 3],
      [4, 0.5, 0.5],
      [0.2, 0.1, 0.3],
      [2, 2, 2],
      [0.01, 5, 1],
    ],
    // The label's share beyond the clip at either end: no gradient from that row, as through tf.clipByValue.
    'clipped rows': [
      [0.5, 0.5, 0],
      [1, 0, 0],
      [0, 1, 1e-9],
      [1e-12, 0.5, 0.5],
      [0.3, 0.3, 0.4],
    ],
  };
  for (const [name, rows] of Object.entries(cases)) {
    it(`gives the same loss and gradient as the traced ops: ${name}`, () => {
      const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 3) as tf.Tensor2D;
      const p = tf.tensor2d(rows);
      const valueAndGrad = (loss: typeof reference): [number, number[]] =>
        tf.tidy(() => {
          const g = tf.valueAndGrad((x: tf.Tensor) => loss(oneHot, x as tf.Tensor2D))(p);
          return [g.value.dataSync()[0], Array.from(g.grad.dataSync())];
        }) as [number, number[]];
      const [oursValue, oursGrad] = valueAndGrad(crossEntropy);
      const [refValue, refGrad] = valueAndGrad(reference);
      expect(oursValue).toBeCloseTo(refValue, 6);
      oursGrad.forEach((v, i) => expect(v).toBeCloseTo(refGrad[i], 5));
      if (name === 'clipped rows') expect(oursGrad.slice(3, 6)).toEqual([0, 0, 0]);
      tf.dispose([oneHot, p]);
    });
  }

  it('trains a softmax layer the same way: the gradient with respect to the logits is (p − t) / n', () => {
    const logits = tf.tensor2d([
      [2, -1, 0.5],
      [0.1, 0.2, 0.3],
      [-3, 4, 1],
    ]);
    const oneHot = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3) as tf.Tensor2D;
    const ours = tf.grad((z: tf.Tensor) => crossEntropy(oneHot, tf.softmax(z) as tf.Tensor2D))(logits);
    const expected = tf.softmax(logits).sub(oneHot).div(3);
    const [a, b] = [ours.dataSync(), expected.dataSync()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
    tf.dispose([logits, oneHot, ours, expected]);
  });

  it('is NaN when a row of probabilities holds NaN: the loss is what tells the engine a run diverged', () => {
    const out = tf.tensor2d([
      [NaN, 0, 0],
      [0.2, 0.5, 0.3],
    ]);
    const oneHot = tf.oneHot(tf.tensor1d([2, 1], 'int32'), 3) as tf.Tensor2D;
    const loss = crossEntropy(oneHot, out);
    expect(loss.dataSync()[0]).toBeNaN();
    // Rows without NaN keep their value: −ln 0.5 for the second row alone.
    const fine = crossEntropy(oneHot.slice([1, 0], [1, 3]) as tf.Tensor2D, out.slice([1, 0], [1, 3]) as tf.Tensor2D);
    expect(fine.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    tf.dispose([out, oneHot, loss, fine]);
  });

  it('batchLoss\'s accuracy counts the rows whose largest output is the label', () => {
    const out = tf.tensor2d([
      [0.1, 0.7, 0.2],
      [0.6, 0.3, 0.1],
      [0.2, 0.2, 0.6],
      [0.5, 0.4, 0.1],
    ]);
    const r = batchLoss('sparseCategoricalCrossentropy', data('classification', 3), out, tf.tensor1d([1, 0, 1, 1], 'int32'));
    expect(r.metric.dataSync()[0]).toBeCloseTo(0.5, 6);
    tf.dispose([out, r.loss, r.metric]);
  });
});
