import type { BackendChoice, DatasetSplit, ImageDataset } from '../core/types';
import type { ErrorCode } from '../core/errors';
import type { ExperimentSpec, TrainingSpec } from '../models/spec';
import type { PresetId } from '../models/presets';
import type { BackendInfo, EpochSummary, RunProgress, TestEvaluation } from '../training/protocol';
import type { EngineMode } from '../training/client';
import type { BackendName } from '../core/types';

export interface DatasetSlice {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loaded: number;
  total: number | null;
  error: string | null;
  data: ImageDataset | null;
}

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopped' | 'done' | 'error';

export interface BatchPoint {
  step: number;
  loss: number;
  accuracy: number;
}

export interface RunSlice {
  id: string | null;
  status: RunStatus;
  batches: BatchPoint[];
  throughput: { step: number; samplesPerSec: number }[];
  epochs: EpochSummary[];
  progress: RunProgress | null;
  info: { trainCount: number; valCount: number; testCount: number; batchesPerEpoch: number; totalEpochs: number; params: number } | null;
  evaluation: TestEvaluation | null;
  /** The split the evaluation refers to (test indices), computed in the UI with the engine's own function. */
  split: DatasetSplit | null;
  error: { code: ErrorCode; message: string; backend?: BackendName } | null;
  startedAt: number | null;
}

export interface EngineSlice {
  status: 'starting' | 'ready' | 'error';
  mode: EngineMode | null;
  fallbackReason: string | null;
  backendChoice: BackendChoice;
  backend: BackendInfo | null;
}

export interface DrawSlice {
  pixels: Float32Array | null;
  probabilities: number[] | null;
  message: string | null;
}

export interface StudioState {
  dataset: DatasetSlice;
  presetId: PresetId | 'custom';
  spec: ExperimentSpec;
  engine: EngineSlice;
  run: RunSlice;
  draw: DrawSlice;
  smoothing: number;

  init(): Promise<void>;
  selectPreset(id: PresetId): void;
  updateTraining(patch: Partial<TrainingSpec>): void;
  setBackendChoice(choice: BackendChoice): void;
  startTraining(): void;
  pauseTraining(): void;
  resumeTraining(): void;
  stopTraining(): void;
  resetRun(): void;
  retryOn(backend: BackendChoice): void;
  setSmoothing(v: number): void;
  predictDrawing(pixels: Float32Array | null): void;
}
