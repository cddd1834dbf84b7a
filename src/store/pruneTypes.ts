import type { WeightSizes } from '../training/pruning/weightSize';

/** One point of a pruning curve as the UI shows it (the weights stay in the store, out of the UI's props). */
export interface PruneCurvePoint {
  /** The target sparsity (0: the model as trained). */
  target: number;
  /** Zeros over the prunable kernels after fine-tuning. */
  reached: number;
  /** Test accuracy (0–1) or mean absolute error. */
  metric: number;
  interval: [number, number] | null;
  testCount: number;
  sizes: WeightSizes;
  ms: number;
}
