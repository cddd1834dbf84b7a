import type { Task } from '../core/types';
import type { LossName } from '../models/spec';
import { regressionLoss } from './losses';
import { accuracy, argmaxRows, confusionMatrix, meanAbsoluteError, meanCrossEntropy, meanSquaredError } from './metrics';
import type { TestEvaluation } from './protocol';

/** Loss, the task's metric and the full evaluation of model outputs against targets, on the host. */
export function scoreOutputs(
  task: Task,
  outputs: Float32Array,
  targets: ArrayLike<number>,
  numClasses: number,
  epoch: number,
  loss: LossName = 'meanSquaredError',
): { loss: number; metric: number; evaluation: TestEvaluation } {
  if (task === 'classification') {
    const { predicted, confidence } = argmaxRows(outputs, numClasses);
    const acc = accuracy(predicted, targets);
    return {
      loss: meanCrossEntropy(outputs, targets, numClasses),
      metric: acc,
      evaluation: { task, epoch, metric: acc, predicted, confidence, confusion: confusionMatrix(predicted, targets, numClasses) },
    };
  }
  const mse = meanSquaredError(outputs, targets);
  const mae = meanAbsoluteError(outputs, targets);
  return { loss: regressionLoss(loss, outputs, targets), metric: mae, evaluation: { task, epoch, metric: mae, rmse: Math.sqrt(mse), predictions: outputs.slice() } };
}
