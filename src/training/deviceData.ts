import * as tf from '@tensorflow/tfjs';
import { exampleSize, type Dataset, type Task } from '../core/types';
import type { NormalizationParams } from '../data/normalize';
import { gatherNormalize } from './kernels/gatherNormalize';

/**
 * The whole dataset, uploaded to the backend once. Image pixels stay integers (0..255) on the device and
 * become normalised floats per batch, on the device, after a device-side gather: no per-batch host copies.
 * On cpu and wasm the "device" is this thread's memory: the uint8 pixels stay in `hostX` and a batch is gathered
 * from them, which spares a 4-byte int32 copy of every pixel (31 MB and ~0.3 s for the bundled MNIST, 220 MB for
 * the full 70,000 digits) before the first batch.
 */
export interface DeviceData {
  backend: string;
  fingerprint: string;
  /** [count, features] on the device: int32 pixels for images, float32 for tables; null when `hostX` holds them. */
  x: tf.Tensor2D | null;
  /** cpu and wasm, images: the pixels as loaded, [count × features]. */
  hostX: Uint8Array | null;
  /** Values per example. */
  features: number;
  /** [count]: int32 class index, or float32 regression target. */
  y: tf.Tensor1D;
  inputShape: number[];
  task: Task;
  numClasses: number;
  /** Regression: the loss is taken of (output − target) × lossScale (1 / the train targets' std; see targetScale.ts). */
  lossScale?: number;
}

/** Backends whose tensors live in this thread's memory, where uploading is a copy and gathering is a loop. */
const HOST_BACKENDS = new Set(['cpu', 'wasm']);

export function uploadDataset(ds: Dataset, backend: string): DeviceData {
  const size = exampleSize(ds);
  const onHost = ds.x instanceof Uint8Array && HOST_BACKENDS.has(backend);
  const x = onHost ? null : ds.x instanceof Uint8Array ? tf.tensor2d(new Int32Array(ds.x), [ds.count, size], 'int32') : tf.tensor2d(ds.x, [ds.count, size], 'float32');
  const y = ds.task === 'classification' ? tf.tensor1d(new Int32Array(ds.y), 'int32') : tf.tensor1d(new Float32Array(ds.y), 'float32');
  const hostX = onHost ? (ds.x as Uint8Array) : null;
  return { backend, fingerprint: ds.fingerprint, x, hostX, features: size, y, inputShape: ds.inputShape, task: ds.task, numClasses: ds.numClasses };
}

export function disposeDeviceData(d: DeviceData | null): void {
  if (!d) return;
  d.x?.dispose();
  d.y.dispose();
}

/** The rows `idx` of the host pixels as float32 [n, features] (the same values a device gather + cast gives). */
function gatherHost(pixels: Uint8Array, features: number, idx: tf.Tensor1D): tf.Tensor2D {
  const rows = idx.dataSync();
  const out = new Float32Array(rows.length * features);
  for (let k = 0; k < rows.length; k++) out.set(pixels.subarray(rows[k] * features, (rows[k] + 1) * features), k * features);
  return tf.tensor2d(out, [rows.length, features], 'float32');
}

/** The normalisation of one run, as small device tensors broadcast over a batch: scalars, or one value per feature. */
export interface DeviceNorm {
  shift: tf.Tensor;
  scale: tf.Tensor;
  /** The pair as numbers when it is one for all values (images): the fused gather-and-normalise kernel takes them. */
  global: { shift: number; scale: number } | null;
}

/**
 * One global shift and scale (images) become scalar tensors, not [1]-shaped ones: broadcasting a [1] tensor sends
 * WebGPU's binary ops down a shared-memory path that took ~10 ms per batch of 32 × 784 under SwiftShader (a scalar:
 * 0.05 ms), and tfjs-cpu down its slow general broadcast.
 */
export function uploadNorm(p: NormalizationParams): DeviceNorm {
  const upload = (v: Float32Array) => (v.length === 1 ? tf.scalar(v[0]) : tf.tensor1d(v));
  const global = p.shift.length === 1 && p.scale.length === 1 ? { shift: p.shift[0], scale: p.scale[0] } : null;
  return { shift: upload(p.shift), scale: upload(p.scale), global };
}

export function disposeNorm(n: DeviceNorm | null): void {
  if (!n) return;
  n.shift.dispose();
  n.scale.dispose();
}

/** Gathers a batch on the device, normalises it and shapes it for the model. */
export function gatherInputs(d: DeviceData, norm: DeviceNorm, idx: tf.Tensor1D): tf.Tensor {
  return tf.tidy(() => {
    const fused = d.x && d.x.dtype === 'int32' && norm.global ? gatherNormalize(d.x, idx, norm.global) : null;
    if (fused) return fused.reshape([-1, ...d.inputShape]);
    const raw = d.x ? tf.gather(d.x, idx).toFloat() : gatherHost(d.hostX as Uint8Array, d.features, idx);
    return raw.sub(norm.shift).mul(norm.scale).reshape([-1, ...d.inputShape]);
  });
}
