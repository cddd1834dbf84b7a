import type * as tf from '@tensorflow/tfjs';
import type { ExperimentSpec } from '../../models/spec';
import type { DeviceData, DeviceNorm } from '../deviceData';
import { predictOutputs } from '../evaluate';
import { wilsonCI } from '../inspect/intervalMath';
import { readWeights, writeWeights } from '../modelTransfer';
import type { NamedWeights } from '../protocol';
import { scoreOutputs } from '../scoring';
import { pruneAndFineTune } from './fineTune';
import type { PruneScope } from './masks';

export interface PrunePoint {
  /** The target (0 for the unpruned model). */
  target: number;
  /** Zeros over the prunable kernels after fine-tuning. */
  reached: number;
  /** Test accuracy (classification) or mean absolute error (regression). */
  metric: number;
  /** 95 % Wilson interval on the test accuracy; null for regression. */
  interval: [number, number] | null;
  testCount: number;
  /** The pruned model's weights (all of them, in the model's order), for sizes and for "use this model". */
  weights: NamedWeights[];
  ms: number;
}

export interface PruneCurveRequest {
  targets: number[];
  scope: PruneScope;
  /** Fine-tuning steps per target. */
  steps: number;
  seed: number;
}

/**
 * Prunes the trained model at each target from the same starting weights (fine-tuned for `steps` steps each) and
 * scores it on the test split; the unpruned model is the first point. The model's own weights are restored after.
 */
export async function pruneCurve(
  model: tf.LayersModel,
  data: DeviceData,
  norm: DeviceNorm,
  split: { train: Int32Array; test: Int32Array },
  /** The test split's labels (class indices or regression targets), in split.test's order. */
  testLabels: ArrayLike<number>,
  spec: ExperimentSpec,
  req: PruneCurveRequest,
  onPoint: (p: PrunePoint, done: number, total: number) => void,
  between: () => Promise<void>,
): Promise<PrunePoint[]> {
  const original = await readWeights(model);
  const score = async (target: number, reached: number, started: number): Promise<PrunePoint> => {
    const out = await predictOutputs(model, data, norm, split.test);
    const { metric } = scoreOutputs(data.task, out, testLabels, data.numClasses, spec.training.loss);
    const n = split.test.length;
    const interval = data.task === 'classification' ? wilsonCI(Math.round(metric * n), n) : null;
    return { target, reached, metric, interval, testCount: n, weights: await readWeights(model), ms: performance.now() - started };
  };
  const points: PrunePoint[] = [];
  const total = req.targets.length + 1;
  try {
    const t0 = performance.now();
    points.push(await score(0, 0, t0));
    onPoint(points[0], 1, total);
    for (const [i, target] of req.targets.entries()) {
      writeWeights(model, original);
      const started = performance.now();
      const reached = await pruneAndFineTune(model, data, norm, split.train, spec, { sparsity: target, scope: req.scope, steps: req.steps, seed: req.seed + i }, between);
      const p = await score(target, reached, started);
      points.push(p);
      onPoint(p, i + 2, total);
    }
    return points;
  } finally {
    writeWeights(model, original);
  }
}
