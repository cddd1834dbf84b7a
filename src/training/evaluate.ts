import * as tf from '@tensorflow/tfjs';
import { gatherImages, type DeviceData } from './deviceData';

/**
 * Softmax outputs for the given examples, computed in chunks on the device and read back once
 * (one GPU→host transfer per call, not one per chunk).
 */
export async function predictProbabilities(model: tf.LayersModel, data: DeviceData, indices: Int32Array, chunk = 512): Promise<Float32Array> {
  if (indices.length === 0) return new Float32Array(0);
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < indices.length; start += chunk) {
    const part = indices.subarray(start, Math.min(indices.length, start + chunk));
    parts.push(
      tf.tidy(() => {
        const idx = tf.tensor1d(part, 'int32');
        return model.predict(gatherImages(data, idx)) as tf.Tensor;
      }),
    );
  }
  const all = parts.length === 1 ? parts[0] : tf.concat(parts);
  try {
    return (await all.data()) as Float32Array;
  } finally {
    tf.dispose(parts);
    all.dispose();
  }
}

/** Softmax outputs for raw pixel vectors (0..1), e.g. a drawn digit. */
export async function predictPixels(model: tf.LayersModel, pixels: Float32Array, inputShape: readonly number[]): Promise<number[]> {
  const out = tf.tidy(() => model.predict(tf.tensor(pixels, [1, ...inputShape])) as tf.Tensor);
  try {
    return Array.from(await out.data());
  } finally {
    out.dispose();
  }
}
