import * as tf from '@tensorflow/tfjs';
import type { Task } from '../core/types';
import type { DeviceNorm } from './deviceData';
import { BOUNDARY_SIZE, gridInputs, summarizeCells, type BoundaryGrid, type BoundaryPlane, type BoundaryRange } from './boundaryGrid';

export * from './boundaryGrid';

/** The model's prediction over the grid: one tidy forward pass of size² rows, one read-back. */
export async function computeBoundary(
  model: tf.LayersModel,
  norm: DeviceNorm,
  range: BoundaryRange,
  opts: { size?: number; task: Task; numClasses: number; epoch: number; now?: () => number; plane?: BoundaryPlane },
): Promise<BoundaryGrid> {
  const now = opts.now ?? (() => performance.now());
  const size = opts.size ?? BOUNDARY_SIZE;
  const start = now();
  const cells = size * size;
  const out = tf.tidy(() => {
    const x = tf.tensor2d(gridInputs(range, size, opts.plane), [cells, opts.plane?.dims ?? 2]).sub(norm.shift).mul(norm.scale);
    // One batch: predict's default of 32 rows a batch made 128 small batches of a 64×64 grid (~100 ms on WASM).
    return model.predict(x, { batchSize: cells }) as tf.Tensor;
  });
  let values: Float32Array;
  try {
    values = (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
  const base = { ...range, epoch: opts.epoch, size, task: opts.task, numClasses: opts.numClasses, features: opts.plane?.features ?? ([0, 1] as [number, number]) };
  if (opts.task === 'regression') {
    return { ...base, label: new Uint8Array(0), confidence: new Uint8Array(0), uncertainty: new Uint8Array(0), value: Float32Array.from(values.subarray(0, cells)), computeMs: now() - start };
  }
  return { ...base, ...summarizeCells(values, cells, opts.numClasses), value: new Float32Array(0), computeMs: now() - start };
}

