import * as tf from '@tensorflow/tfjs';
import { gatherInputs, type DeviceData, type DeviceNorm } from './deviceData';

/**
 * Model outputs (softmax rows, or one value per example for regression) for the given examples, computed
 * in chunks on the device and read back once (one GPU→host transfer per call, not one per chunk).
 */
export async function predictOutputs(model: tf.LayersModel, data: DeviceData, norm: DeviceNorm, indices: Int32Array, chunk = 512): Promise<Float32Array> {
  if (indices.length === 0) return new Float32Array(0);
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < indices.length; start += chunk) {
    const part = indices.subarray(start, Math.min(indices.length, start + chunk));
    parts.push(
      tf.tidy(() => {
        const idx = tf.tensor1d(part, 'int32');
        return model.predict(gatherInputs(data, norm, idx)) as tf.Tensor;
      }),
    );
  }
  const all = parts.length === 1 ? parts[0] : tf.concat(parts);
  try {
    return (await all.data()) as Float32Array;
  } finally {
    tf.dispose(parts);
    if (parts.length > 1) all.dispose();
  }
}

/** Outputs for one raw example in the dataset's own units (e.g. a drawn digit as 0..255 pixels), normalised like training data. */
export async function predictRaw(model: tf.LayersModel, norm: DeviceNorm, inputs: Float32Array, inputShape: readonly number[]): Promise<number[]> {
  const out = tf.tidy(() => {
    const x = tf.tensor2d(inputs, [1, inputs.length]).sub(norm.shift).mul(norm.scale).reshape([1, ...inputShape]);
    return model.predict(x) as tf.Tensor;
  });
  try {
    return Array.from(await out.data());
  } finally {
    out.dispose();
  }
}
