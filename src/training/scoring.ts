import type { Task } from '../core/types';
import type { LossName } from '../models/spec';
import { calibration, confidenceHistogram, confusedPairs, perClassStats, rowStats, type EpochEvaluationSummary } from './inspect';
import type { WeightHistogram } from './inspect/modelProbes';
import { regressionLoss } from './losses';
import { accuracy, argmaxRows, confusionMatrix, meanAbsoluteError, meanCrossEntropy, meanSquaredError } from './metrics';
import type { TestEvaluation } from './protocol';

/** Loss and the task's metric of model outputs against targets, on the host. */
export function scoreOutputs(task: Task, outputs: Float32Array, targets: ArrayLike<number>, numClasses: number, loss: LossName = 'meanSquaredError', lossScale = 1): { loss: number; metric: number } {
  if (task === 'classification') {
    return { loss: meanCrossEntropy(outputs, targets, numClasses), metric: accuracy(argmaxRows(outputs, numClasses).predicted, targets) };
  }
  return { loss: regressionLoss(loss, outputs, targets, lossScale), metric: meanAbsoluteError(outputs, targets) };
}

/** Everything the evaluation panel shows about the test split after an epoch. */
export function buildEvaluation(
  task: Task,
  outputs: Float32Array,
  targets: ArrayLike<number>,
  numClasses: number,
  epoch: number,
  extras: { weights: WeightHistogram[]; validation: EpochEvaluationSummary | null },
): TestEvaluation {
  if (task === 'regression') {
    return {
      task,
      epoch,
      metric: meanAbsoluteError(outputs, targets),
      rmse: Math.sqrt(meanSquaredError(outputs, targets)),
      predictions: outputs.slice(),
      weights: extras.weights,
    };
  }
  const rows = rowStats(outputs, targets, numClasses);
  const correct = Array.from(rows.predicted, (p, i) => p === targets[i]);
  const confusion = confusionMatrix(rows.predicted, targets, numClasses);
  return {
    task,
    epoch,
    metric: accuracy(rows.predicted, targets),
    predicted: rows.predicted,
    confidence: rows.confidence,
    entropy: rows.entropy,
    loss: rows.loss,
    probs: outputs.slice(),
    confusion,
    perClass: perClassStats(rows.predicted, targets, numClasses),
    calibration: calibration(rows.confidence, correct),
    histogram: confidenceHistogram(rows.confidence, correct),
    pairs: confusedPairs(confusion, 6),
    validation: extras.validation,
    weights: extras.weights,
  };
}
