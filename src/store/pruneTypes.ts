import type { PruneScope } from '../training/pruning/masks';
import type { WeightSizes } from '../training/pruning/weightSize';

/** One point of a pruning curve as the UI shows it (the weights stay in the store's controller, out of state). */
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

export interface PruneOptions {
  targets: number[];
  scope: PruneScope;
  /** Fine-tuning steps per target. */
  steps: number;
}

export interface PruneSlice {
  status: 'idle' | 'running' | 'done' | 'error';
  options: PruneOptions;
  points: PruneCurvePoint[];
  progress: { done: number; total: number } | null;
  message: string | null;
  /** The target whose weights the model holds now; null: as trained. */
  inUse: number | null;
  /** The run (engine model) the curve was measured on: a new run or model makes it stale. */
  runId: string | null;
}

export interface PruneActions {
  setPruneOptions(patch: Partial<PruneOptions>): void;
  runPruneCurve(): Promise<void>;
  stopPrune(): void;
  usePrunedModel(target: number): Promise<void>;
}
