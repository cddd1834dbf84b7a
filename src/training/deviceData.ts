import * as tf from '@tensorflow/tfjs';
import { exampleSize, type Dataset, type Task } from '../core/types';
import type { NormalizationParams } from '../data/normalize';

/**
 * The whole dataset, uploaded to the backend once. Image pixels stay integers (0..255) on the device and
 * become normalised floats per batch, on the device, after a device-side gather: no per-batch host copies.
 */
export interface DeviceData {
  backend: string;
  fingerprint: string;
  /** [count, features]: int32 pixels for images, float32 for tables. */
  x: tf.Tensor2D;
  /** [count]: int32 class index, or float32 regression target. */
  y: tf.Tensor1D;
  inputShape: number[];
  task: Task;
  numClasses: number;
}

export function uploadDataset(ds: Dataset, backend: string): DeviceData {
  const size = exampleSize(ds);
  const x =
    ds.x instanceof Uint8Array ? tf.tensor2d(Int32Array.from(ds.x), [ds.count, size], 'int32') : tf.tensor2d(ds.x, [ds.count, size], 'float32');
  const y = ds.task === 'classification' ? tf.tensor1d(Int32Array.from(ds.y), 'int32') : tf.tensor1d(Float32Array.from(ds.y), 'float32');
  return { backend, fingerprint: ds.fingerprint, x, y, inputShape: ds.inputShape, task: ds.task, numClasses: ds.numClasses };
}

export function disposeDeviceData(d: DeviceData | null): void {
  if (!d) return;
  d.x.dispose();
  d.y.dispose();
}

/** The normalisation of one run, as small device tensors broadcast over a batch: scalars, or one value per feature. */
export interface DeviceNorm {
  shift: tf.Tensor;
  scale: tf.Tensor;
}

/**
 * One global shift and scale (images) become scalar tensors, not [1]-shaped ones: broadcasting a [1] tensor sends
 * WebGPU's binary ops down a shared-memory path that took ~10 ms per batch of 32 × 784 under SwiftShader (a scalar:
 * 0.05 ms), and tfjs-cpu down its slow general broadcast.
 */
export function uploadNorm(p: NormalizationParams): DeviceNorm {
  const upload = (v: Float32Array) => (v.length === 1 ? tf.scalar(v[0]) : tf.tensor1d(v));
  return { shift: upload(p.shift), scale: upload(p.scale) };
}

export function disposeNorm(n: DeviceNorm | null): void {
  if (!n) return;
  n.shift.dispose();
  n.scale.dispose();
}

/** Gathers a batch on the device, normalises it and shapes it for the model. */
export function gatherInputs(d: DeviceData, norm: DeviceNorm, idx: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    const raw = tf.gather(d.x, idx).toFloat();
    return raw.sub(norm.shift).mul(norm.scale).reshape([-1, ...d.inputShape]);
  });
}
