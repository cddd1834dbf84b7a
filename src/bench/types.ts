/**
 * Messages between the benchmark page (src/bench/main.ts) and its worker (src/bench/bench.worker.ts), and what
 * scripts/bench.mjs reads back. Plain structured-clone data; type-only, so the page bundle stays tiny.
 */
import type { BackendName } from '../core/types';

/** (a) Tensorscope's engine (runTraining) or (b) the model.fit reference. */
export type BenchEngine = 'tensorscope' | 'reference';
export type BenchModel = 'mlp' | 'cnn';

export interface BenchRequest {
  engine: BenchEngine;
  backend: BackendName;
  model: BenchModel;
  /** Training examples per epoch (the first N of the app's seeded train split). */
  samples: number;
  batchSize: number;
  /** Untimed epochs first (shader compilation, kernel warm-up, allocator growth). */
  warmupEpochs: number;
  timedEpochs: number;
  /** Which repeat of this engine × backend × model (1-based), for pairing runs in the report. */
  repeat?: number;
  /** Diagnostic: wrap the run in tf.profile and report kernels by name (slows every kernel; not for the table). */
  profile?: boolean;
  /** The page's base URL: the bundled MNIST lives at data/mnist-10k.tsds.gz under it. */
  baseUrl: string;
}

export interface EpochTiming {
  epoch: number;
  /** Wall-clock time of the epoch's training batches, evaluation excluded (see BENCHMARKS.md for each engine). */
  ms: number;
  /** (a) only: EpochSummary.trainMs, the engine's own figure (it leaves out its event-loop yields). */
  engineTrainMs?: number;
  /** (a) only: the per-epoch evaluation runTraining does, excluded from ms. */
  evalMs?: number;
  loss: number;
}

export interface BenchSuccess {
  ok: true;
  request: Omit<BenchRequest, 'baseUrl'>;
  backend: string;
  adapter: string | null;
  software: boolean;
  tfjsVersion: string;
  params: number;
  epochs: EpochTiming[];
  /** Median of the timed epochs' ms. */
  medianMs: number;
  samplesPerSec: number;
  /** tf.memory().numTensors / numBytes, the largest seen at any batch of the run (dataset and model included). */
  peakTensors: number;
  peakBytes: number;
  /** Tensors still alive once the run cleaned up (0 means no leak in the harness or the engine). */
  tensorsAfter: number;
  /**
   * Backend start, data fetch/decode/split, and all training epochs (warm-up included), ms; firstBatchMs: from the
   * worker's request to the first batch's loss on the host (cold start: backend, upload, model, first kernels).
   */
  /** --profile only: kernels dispatched over the whole run (evaluation included), by name and input shapes; ms where the backend times kernels. */
  profile?: { batches: number; kernels: { name: string; count: number; ms: number }[] };
  setup: { backendMs: number; dataMs: number; trainMs: number; firstBatchMs: number | null };
}

export interface BenchFailure {
  ok: false;
  request: Omit<BenchRequest, 'baseUrl'>;
  stage: 'backend' | 'data' | 'training' | 'timeout' | 'worker';
  error: string;
  backend?: string;
  adapter?: string | null;
}

export type BenchResult = BenchSuccess | BenchFailure;

/**
 * A kernel check instead of a timed run, on one backend (e2e uses it): the fused Adam kernel against tfjs's Adam, and
 * the convolution gradients with the engine's kernels against tfjs's own.
 */
export interface KernelCheckRequest {
  kind: 'check';
  backend: BackendName;
}

export type KernelCheckResult =
  | { ok: true; backend: string; maxRelDiff: number; values: number; tensorsLeft: number; conv: { maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; overridden: string[] };
      /** Classifier heads: softmax, batch loss and accuracy, their gradients (WebGL's fused draws against tfjs's ops). */
      heads?: { maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; fused: boolean; accuracy: number[]; lossIsNaN: boolean };
      /** Dense products and leading-axis sums (webgpu's software-adapter kernels against tfjs's). */
      dense?: { maxRelDiff: number; values: number; swapped: boolean; oursMs: number; stockMs: number };
      /** Image batches through gatherInputs (the fused kernel where the backend has one) against the composed ops. */
      gather?: { fused: boolean; maxAbsDiff: number; values: number; tensorsLeft: number };
    }
  | { ok: false; error: string };

export type FromBenchWorker =
  | { type: 'ready' }
  | { type: 'progress'; text: string }
  | { type: 'result'; result: BenchResult }
  | { type: 'check'; result: KernelCheckResult };

export interface LongTaskStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** What the page's window.tsBench.run resolves to. */
export type BenchOutcome = BenchResult & { longTasks: LongTaskStats; wallMs: number };
