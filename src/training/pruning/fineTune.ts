import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../../core/rng';
import type { ExperimentSpec } from '../../models/spec';
import { gatherInputs, type DeviceData, type DeviceNorm } from '../deviceData';
import { batchLoss } from '../losses';
import { makeOptimizer } from '../optimizers';
import { isPrunable, magnitudeMasks, type PruneScope } from './masks';
import { sparsityAt, updatesMaskAt, type PruneSchedule } from './schedule';

export interface PruneRun {
  /** Target sparsity of the prunable kernels, 0 < s < 1. */
  sparsity: number;
  scope: PruneScope;
  /** Optimizer steps of fine-tuning; sparsity ramps up over the first 60 % and holds for the rest. */
  steps: number;
  seed: number;
}

/** TF MOT's schedule fitted to a short fine-tune: ramp over the first 60 % of the steps, ~10 mask updates. */
export function scheduleFor(run: PruneRun): PruneSchedule {
  const endStep = Math.max(1, Math.round(run.steps * 0.6));
  return { initialSparsity: 0, finalSparsity: run.sparsity, beginStep: 0, endStep, power: 3, frequency: Math.max(1, Math.round(endStep / 10)) };
}

interface Kernel {
  name: string;
  shape: number[];
  variable: tf.Variable;
}

/**
 * Prunes the model in place while fine-tuning it on `train` (the run's training split) with the run's loss and a
 * fresh optimizer of the run's kind: masks recomputed on the schedule from the current magnitudes, and every kernel
 * multiplied by its mask after each step, so a pruned weight stays exactly 0. `between` runs between steps (the
 * engine yields to its message loop there). Returns the sparsity reached over the prunable kernels.
 */
export async function pruneAndFineTune(
  model: tf.LayersModel,
  data: DeviceData,
  norm: DeviceNorm,
  train: Int32Array,
  spec: ExperimentSpec,
  run: PruneRun,
  between: () => Promise<void> = async () => {},
): Promise<number> {
  const kernels: Kernel[] = model.trainableWeights
    .map((w) => ({ name: w.originalName, shape: w.shape.slice() as number[], variable: w.read() as tf.Variable }))
    .filter(isPrunable);
  const schedule = scheduleFor(run);
  const optimizer = makeOptimizer(spec.training);
  const rng = createRng(run.seed);
  const batchSize = Math.max(1, Math.min(spec.training.batchSize, train.length));
  let order = shuffleInPlace(train.slice(), rng);
  let at = 0;
  let masks: tf.Tensor[] = [];
  const applyMasks = () => tf.tidy(() => kernels.forEach((k, i) => masks[i] && k.variable.assign(k.variable.mul(masks[i]))));
  try {
    for (let step = 0; step < run.steps; step++) {
      if (updatesMaskAt(step, schedule)) {
        const values = await Promise.all(kernels.map((k) => k.variable.data() as Promise<Float32Array>));
        const next = magnitudeMasks(kernels.map((k, i) => ({ name: k.name, shape: k.shape, values: values[i] })), sparsityAt(step, schedule), run.scope);
        tf.dispose(masks);
        masks = next.map((m, i) => tf.tensor(Float32Array.from(m ?? []), kernels[i].shape));
        applyMasks();
      }
      if (at + batchSize > order.length) {
        order = shuffleInPlace(order, rng);
        at = 0;
      }
      const ids = order.subarray(at, at + batchSize);
      at += batchSize;
      tf.tidy(() => {
        const idx = tf.tensor1d(ids, 'int32');
        const xb = gatherInputs(data, norm, idx);
        const yb = tf.gather(data.y, idx);
        optimizer.minimize(() => batchLoss(spec.training.loss, data, model.apply(xb, { training: true }) as tf.Tensor, yb).loss);
      });
      // The optimizer moved pruned weights off zero: put them back before anything reads the model.
      applyMasks();
      await between();
    }
    const finals = await Promise.all(kernels.map((k) => k.variable.data() as Promise<Float32Array>));
    let zeros = 0;
    let total = 0;
    for (const v of finals) {
      total += v.length;
      for (let i = 0; i < v.length; i++) if (v[i] === 0) zeros++;
    }
    return total > 0 ? zeros / total : 0;
  } finally {
    tf.dispose(masks);
    optimizer.dispose();
  }
}
