import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../core/types';

/**
 * The whole dataset, uploaded to the backend once. Pixels stay integers (0..255) on the device and become
 * floats per batch, on the device, after a device-side gather: no per-batch host copies of images.
 */
export interface DeviceData {
  backend: string;
  fingerprint: string;
  /** [count, height*width*channels] int32 pixel values. */
  x: tf.Tensor2D;
  /** [count] int32 labels. */
  y: tf.Tensor1D;
  inputShape: [number, number, number];
  numClasses: number;
}

export function uploadDataset(ds: ImageDataset, backend: string): DeviceData {
  const size = ds.height * ds.width * ds.channels;
  return {
    backend,
    fingerprint: ds.fingerprint,
    x: tf.tensor2d(Int32Array.from(ds.images), [ds.count, size], 'int32'),
    y: tf.tensor1d(Int32Array.from(ds.labels), 'int32'),
    inputShape: [ds.height, ds.width, ds.channels],
    numClasses: ds.numClasses,
  };
}

export function disposeDeviceData(d: DeviceData | null): void {
  if (!d) return;
  d.x.dispose();
  d.y.dispose();
}

/** Gathers a batch on the device and scales it to floats in 0..1, shaped for the model. */
export function gatherImages(d: DeviceData, idx: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const raw = tf.gather(d.x, idx);
    return raw.toFloat().mul(1 / 255).reshape([-1, ...d.inputShape]) as tf.Tensor4D;
  });
}
