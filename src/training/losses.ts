import * as tf from '@tensorflow/tfjs';
import { TensorscopeError } from '../core/errors';
import { outputSizeProblem } from '../models/shapes';
import type { LossName } from '../models/spec';
import type { DeviceData } from './deviceData';
import { fusedCrossEntropy } from './kernels/webglCrossEntropy';

/**
 * Loss and metric of one batch, on the device. Classification: cross-entropy + accuracy. Regression: the
 * chosen loss (MSE, MAE or Huber with δ = 1) + mean absolute error.
 */
export function batchLoss(loss: LossName, data: DeviceData, out: tf.Tensor, yb: tf.Tensor): { loss: tf.Scalar; metric: tf.Scalar } {
  // A model whose output does not fit the task (its output layer removed, the wrong number of units) is the spec's
  // fault, not the backend's: say so with the fix (an 'invalid-spec' error offers no retry on another backend),
  // instead of a broadcasting error from deep inside the loss or, worse, a silently broadcast regression loss.
  const problem = outputSizeProblem(out.shape.slice(1), { task: data.task, numClasses: data.numClasses });
  if (problem) throw new TensorscopeError('invalid-spec', problem);
  if (data.task === 'classification') return classificationLoss(yb, out, data.numClasses);
  const raw = out.reshape([-1]).sub(yb);
  const abs = raw.abs();
  // In std units of the target when the model has a target scale: a loss whose size does not grow with the units.
  const s = data.lossScale ?? 1;
  const diff = s === 1 ? raw : raw.mul(s);
  const absScaled = s === 1 ? abs : diff.abs();
  let value: tf.Scalar;
  if (loss === 'meanAbsoluteError') value = absScaled.mean() as tf.Scalar;
  else if (loss === 'huber') {
    // 0.5·d² inside |d| ≤ 1, |d| − 0.5 outside: quadratic near the target, linear (outlier-tolerant) beyond.
    const quad = tf.minimum(absScaled, 1);
    value = quad.square().mul(0.5).add(absScaled.sub(quad)).mean() as tf.Scalar;
  } else value = diff.square().mean() as tf.Scalar;
  return { loss: value, metric: abs.mean() as tf.Scalar };
}

/** Cross-entropy and accuracy of probability rows `out` [n, k] against integer labels `yb` [n]. */
export function classificationLoss(yb: tf.Tensor, out: tf.Tensor, numClasses: number): { loss: tf.Scalar; metric: tf.Scalar } {
  // int32, as tfjs makes it: wasm's OneHot writes integer bits whatever dtype is asked (a float32 one read garbage).
  const oneHot = tf.oneHot(yb as tf.Tensor1D, numClasses);
  // WebGL: the same loss, gradient and accuracy in four draws instead of about twenty (webglCrossEntropy.ts).
  const fused = fusedCrossEntropy(oneHot as tf.Tensor2D, out as tf.Tensor2D, tf.backend().epsilon());
  if (fused) return fused;
  return {
    loss: crossEntropy(oneHot as tf.Tensor2D, out as tf.Tensor2D),
    // argMax of a one-hot row is its label: one ArgMax fewer than tf.metrics.categoricalAccuracy.
    metric: tf.equal(tf.argMax(out, -1), tf.cast(yb, 'int32')).cast('float32').mean() as tf.Scalar,
  };
}

/**
 * The mean cross-entropy of probability rows `out` [n, k] against one-hot targets: the value of
 * tf.metrics.categoricalCrossentropy(oneHot, out).mean() (rows normalised to sum 1, clipped to [ε, 1 − ε], as Keras
 * does), with its gradient written out instead of traced through those ops. With q = p_y / Σp (the label's share of
 * its row), c = clip(q) and m = 1 where the clip left q as it was:
 *   ∂L/∂p_j = (1/n) · m / (c · Σp) · (q − t_j),
 * eight small kernels against about twenty for the traced gradient (a Div's broadcast gradient, the clip's mask, the
 * sums' tiling). Each kernel is a dispatch on the GPU backends: a Keras-MLP batch on WebGL went from 127.7 to 102.7
 * kernels (npm run bench -- --profile).
 */
export function crossEntropy(oneHot: tf.Tensor2D, out: tf.Tensor2D): tf.Scalar {
  const eps = tf.backend().epsilon();
  const n = out.shape[0];
  // customGrad passes the inputs, then the save function, as one list.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const p = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const sum = tf.sum(p, -1, true);
    const q = tf.div(tf.sum(tf.mul(p, oneHot), -1, true), sum);
    const c = tf.clipByValue(q, eps, 1 - eps);
    // The targets too: tensors the gradient reads must be saved, or the forward pass's scope disposes them.
    save([q, c, sum, oneHot]);
    // A NaN share (a diverged row) makes the loss NaN, as it tells the engine the run diverged. GPU shaders do not
    // carry NaN through (SwiftShader's WebGPU log(NaN) gave 89.1, a finite loss), so there it is said explicitly; the
    // CPU backends' arithmetic carries it, and their batches are spared the three kernels.
    const value = tf.neg(tf.mean(tf.log(c)));
    const gpu = tf.getBackend() === 'webgpu' || tf.getBackend() === 'webgl';
    return {
      value: gpu ? tf.where(tf.isNaN(tf.sum(q)), tf.scalar(NaN), value) : value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [qs, cs, ss, t] = saved;
        const kept = tf.cast(tf.equal(cs, qs), 'float32');
        const k = tf.div(tf.mul(kept, tf.div(dy, n)), tf.mul(cs, ss));
        return tf.mul(k, tf.sub(qs, t));
      },
    };
  });
  return f(out) as tf.Scalar;
}

/** l1·Σ|W| + l2·ΣW² over every kernel (dense, conv, recurrent), not biases or batch-norm parameters. */
export function weightPenalty(model: tf.LayersModel, l1: number, l2: number): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (const w of model.trainableWeights) {
      if (!/kernel/.test(w.originalName)) continue;
      const v = w.read();
      if (l1 > 0) total = total.add(v.abs().sum().mul(l1));
      if (l2 > 0) total = total.add(v.square().sum().mul(l2));
    }
    return total;
  });
}

/** Loss values on the host for validation/test outputs of a regression model, matching batchLoss (and its lossScale). */
export function regressionLoss(loss: LossName, pred: ArrayLike<number>, target: ArrayLike<number>, scale = 1): number {
  if (target.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const d = Math.abs(pred[i] - target[i]) * scale;
    s += loss === 'meanAbsoluteError' ? d : loss === 'huber' ? (d <= 1 ? 0.5 * d * d : d - 0.5) : d * d;
  }
  return s / target.length;
}
