import * as tf from '@tensorflow/tfjs';
import { hasDropout, setMonteCarloDropout } from '../models/seededDropout';
import type { DeviceNorm } from './deviceData';

/** The most MC-dropout passes one batch request may ask for (as the inspector's passes). */
export const MAX_BATCH_PASSES = 100;

/** A batch's outputs: per example and output unit, the mean over the passes and (with dropout) their spread. */
export interface BatchPrediction {
  /** [count, C] row-major: with dropout the MC mean, else the plain outputs. */
  mean: Float32Array;
  /** [count, C]: the population standard deviation over the passes; null without dropout (or with one pass). */
  std: Float32Array | null;
  /** Output units per example (C). */
  outputs: number;
  hasDropout: boolean;
  /** The passes actually run (1 without dropout). */
  passes: number;
}

/**
 * `count` raw examples (the dataset's units, count × features, normalised here as (x − shift)·scale like training
 * data) through the model. With dropout and passes > 1: MC dropout, one forward pass of the whole batch per pass,
 * mean and std over the passes computed on the device, and one read-back. Every intermediate tensor is disposed.
 */
export async function predictBatch(
  model: tf.LayersModel,
  norm: DeviceNorm,
  inputs: Float32Array,
  count: number,
  inputShape: readonly number[],
  passes: number,
): Promise<BatchPrediction> {
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a batch needs at least one example (got ${count}).`);
  if (inputs.length !== count * size) throw new RangeError(`${inputs.length} numbers is not ${count} examples of [${inputShape.join(', ')}] (${size} each).`);
  const dropout = hasDropout(model);
  const T = dropout ? Math.max(1, Math.min(MAX_BATCH_PASSES, Math.round(Number.isFinite(passes) ? passes : 1))) : 1;
  const x = () => tf.tensor2d(inputs, [count, size]).sub(norm.shift).mul(norm.scale).reshape([count, ...inputShape]);
  let stacked: tf.Tensor;
  if (T > 1) {
    // The module-wide MC switch is on only while the passes are built, synchronously (see modelProbes.sampleMonteCarlo).
    const previous = setMonteCarloDropout(true);
    try {
      stacked = tf.tidy(() => {
        const input = x();
        const outs = Array.from({ length: T }, () => (model.predict(input, { batchSize: count }) as tf.Tensor).reshape([count, -1]));
        const all = tf.stack(outs); // [T, count, C]
        const { mean, variance } = tf.moments(all, 0);
        return tf.stack([mean, tf.sqrt(variance)]); // [2, count, C]: one read-back for both
      });
    } finally {
      setMonteCarloDropout(previous);
    }
  } else {
    stacked = tf.tidy(() => (model.predict(x(), { batchSize: count }) as tf.Tensor).reshape([1, count, -1]));
  }
  const C = stacked.shape[2] ?? 0;
  let values: Float32Array;
  try {
    values = (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
  const n = count * C;
  return {
    mean: values.slice(0, n),
    std: T > 1 ? values.slice(n, 2 * n) : null,
    outputs: C,
    hasDropout: dropout,
    passes: T,
  };
}
