import type { PruneScope } from '../training/pruning/masks';
import type { PrunedModel } from '../training/protocol';

/** One point of a pruning curve as the UI shows it: the engine's, without the weights (kept by the controller). */
export type PruneCurvePoint = Omit<PrunedModel, 'weights'>;

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
