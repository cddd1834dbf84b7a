/** One-line evaluation summary per epoch, for the history charts. */
import { accuracy, meanCrossEntropy } from '../metrics';
import { calibration } from './calibrationMath';
import { rowStats } from './uncertaintyMath';

export interface EpochEvaluationSummary {
  accuracy: number;
  /** ECE with 10 equal-width bins. */
  ece: number;
  /** Mean entropy of the predicted distributions, nats. */
  meanEntropy: number;
  /** Mean top-class probability. */
  meanConfidence: number;
  /** Mean cross-entropy, identical to metrics.meanCrossEntropy. */
  meanLoss: number;
}

/** Summary of probs [n, C] against labels; all zeros for an empty set (as metrics.ts does). */
export function summarizeEpochEvaluation(probs: Float32Array, labels: ArrayLike<number>, C: number): EpochEvaluationSummary {
  const { predicted, confidence, entropy } = rowStats(probs, labels, C);
  const n = predicted.length;
  if (n === 0) return { accuracy: 0, ece: 0, meanEntropy: 0, meanConfidence: 0, meanLoss: 0 };
  const correct = new Uint8Array(n);
  let hSum = 0;
  let confSum = 0;
  for (let i = 0; i < n; i++) {
    correct[i] = predicted[i] === labels[i] ? 1 : 0;
    hSum += entropy[i];
    confSum += confidence[i];
  }
  return {
    accuracy: accuracy(predicted, labels),
    ece: calibration(confidence, correct, 10).ece,
    meanEntropy: hSum / n,
    meanConfidence: confSum / n,
    meanLoss: meanCrossEntropy(probs, labels, C),
  };
}
