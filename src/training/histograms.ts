import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../models/spec';
import { gatherInputs, type DeviceData, type DeviceNorm } from './deviceData';
import { HISTOGRAM_BINS, layerHistogram, type EpochHistograms, type HistogramKind, type LayerHistogram } from './inspect/histogramMath';
import { batchLoss, weightPenalty } from './losses';

export type { EpochHistograms, LayerHistogram } from './inspect/histogramMath';

/**
 * Above this many parameters the histograms are skipped: weights and gradients are read back whole (8 bytes a
 * parameter) and binned on the engine's thread every epoch. Measured on WASM (headless Chromium, 2 shared cores): the
 * Keras MLP (102k) ~20–50 ms an epoch, the CNN preset (225k) ~110 ms, about 2 % of their epochs on 1,000–2,000 examples.
 */
export const HISTOGRAM_MAX_PARAMS = 3_000_000;
/** The gradients are measured on at most this many training examples (the host caps it at the run's batch size), the same ones every epoch. */
export const GRADIENT_BATCH = 64;

/** The variables shown: every trainable kernel (dense, conv, recurrent). Biases and batch-norm scales are left out. */
export function histogramVariables(model: tf.LayersModel): { name: string; variable: tf.Variable }[] {
  return model.layers.flatMap((layer) =>
    layer.trainableWeights
      .filter((w) => /kernel/.test(w.originalName))
      .map((w) => {
        const weight = w.originalName.split('/').pop() ?? w.originalName;
        return { name: weight === 'kernel' ? layer.name : `${layer.name} ${weight}`, variable: w.read() as tf.Variable };
      }),
  );
}

export interface HistogramContext {
  data: DeviceData;
  norm: DeviceNorm;
  /** The fixed batch the gradients are measured on (dataset indices). */
  batch: Int32Array;
  loss: LossName;
  l1: number;
  l2: number;
}

/**
 * Every kernel's weights and their gradients on the fixed batch, one histogram each. The gradients are the run's loss
 * (penalties included) in inference mode: no dropout, so measuring does not move the seeded dropout stream of the
 * run. One tidy, one read-back of everything concatenated; `ranges` holds each histogram's half-width from the epoch
 * before (see histogramMath: ranges only grow, so strips over epochs stay comparable) and is updated.
 */
export async function computeHistograms(
  model: tf.LayersModel,
  ctx: HistogramContext,
  epoch: number,
  ranges: Map<string, number>,
  opts: { bins?: number; now?: () => number } = {},
): Promise<EpochHistograms> {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const vars = histogramVariables(model);
  if (vars.length === 0) return { epoch, layers: [], computeMs: now() - start };
  const withGradients = ctx.batch.length > 0;
  const flat = tf.tidy(() => {
    const parts = vars.map((v) => v.variable.reshape([-1]));
    if (withGradients) {
      const idx = tf.tensor1d(ctx.batch, 'int32');
      const xb = gatherInputs(ctx.data, ctx.norm, idx);
      const yb = tf.gather(ctx.data.y, idx);
      const { grads } = tf.variableGrads(() => {
        const out = model.apply(xb, { training: false }) as tf.Tensor;
        const r = batchLoss(ctx.loss, ctx.data, out, yb);
        return ctx.l1 > 0 || ctx.l2 > 0 ? (r.loss.add(weightPenalty(model, ctx.l1, ctx.l2)) as tf.Scalar) : r.loss;
      }, vars.map((v) => v.variable));
      for (const v of vars) parts.push((grads[v.variable.name] ?? tf.zerosLike(v.variable)).reshape([-1]));
    }
    return tf.concat(parts);
  });
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const layers: LayerHistogram[] = [];
  const kinds: HistogramKind[] = withGradients ? ['weights', 'gradients'] : ['weights'];
  let offset = 0;
  for (const kind of kinds) {
    for (const v of vars) {
      const size = v.variable.size;
      const key = `${kind}:${v.name}`;
      const h = layerHistogram(v.name, kind, values.subarray(offset, offset + size), ranges.get(key) ?? null, opts.bins ?? HISTOGRAM_BINS);
      ranges.set(key, h.hi);
      layers.push(h);
      offset += size;
    }
  }
  return { epoch, layers, computeMs: now() - start };
}
