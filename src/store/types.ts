import type { BackendChoice, Dataset, DatasetSplit, Normalization } from '../core/types';
import type { BoundaryGrid } from '../training/boundaryGrid';
import type { EpochHistograms } from '../training/inspect/histogramMath';
import type { CsvChoice, DataSource, DatasetSummary, FileRef, LoadOptions, LoadOutcome, TableStage } from '../data/loader/types';
import type { TableRecipe } from '../core/tableTypes';
import type { ErrorCode } from '../core/errors';
import type { ExperimentSpec, LayerSpec, TrainingSpec } from '../models/spec';
import type { PresetId } from '../models/presets';
import type { BackendInfo, EpochSummary, ExampleInspection, RunProgress, TestEvaluation, DivergenceInfo } from '../training/protocol';
import type { EpochEvaluationSummary, McSummary } from '../training/inspect';
import type { EngineMode } from '../training/client';
import type { KnobValue, SweepDef } from '../models/sweep';
import type { BackendName } from '../core/types';
import type { RunRecord } from '../runs/types';

import type { DemoPayload } from '../share/link';
import type { StudioView } from '../share/views';
import type { WeightQuantization } from '../core/quantize';

/** One way to export the current model: its size and the test metric measured with its weights. */
export interface ExportVariant {
  kind: WeightQuantization;
  bytes: number;
  metric: number | null;
  /** metric − the float32 metric. */
  delta: number | null;
  /** Why this variant cannot be made (e.g. weights beyond float16's range). */
  error?: string;
}

export interface ShareSlice {
  /** The part of the studio a share link opens (scrolled into view). */
  view: StudioView;
  /** Bumped whenever the view should be scrolled to (a nav click, an opened link). */
  viewSeq: number;
  /** The last link made, and whether it reached the clipboard (else the person copies it from the field). */
  link: { kind: 'spec' | 'demo'; url: string; chars: number; copied: boolean } | null;
  /** What happened to a link that was opened or made, in words (rendered as text, never HTML). */
  message: { tone: 'info' | 'error'; text: string } | null;
  exports: { status: 'idle' | 'measuring' | 'ready' | 'error'; variants: ExportVariant[]; error: string | null };
  /** `loaded`/`total` (bytes) are present while a model URL downloads: that is when Cancel applies. */
  importStatus: { status: 'idle' | 'loading' | 'done' | 'error'; message: string | null; loaded?: number; total?: number | null };
  /** The demo link's payload, kept so "Open in studio" can load its model there too. */
  demoPayload: DemoPayload | null;
  /** A link opened while a run trains: it waits for the person to say whether to stop the run for it. */
  pendingFragment: string | null;
  /** Why the last "Demo link with trained model" made no link (e.g. too large): shown next to that button. */
  demoLinkError: string | null;
  /** The last "Copy embed code": an <iframe> snippet for embed.html with the demo link's model, or why there is none. */
  embed?: { code: string; src: string; copied: boolean } | { error: string } | null;
}

/** A model imported from TF.js files or a URL, and what the studio made of its architecture. */
export interface ImportedModel {
  name: string;
  params: number;
  /** The run id the imported weights were loaded under (they are the engine's model while run.id is this). */
  runId: string;
  /** Its layers became the spec's (Train trains this architecture, from fresh weights). */
  mapped: boolean;
  /** Why its layers could not become the spec's, in words (empty when mapped). */
  unsupported: string[];
}

/** The clean demo view a demo or model link opens. */
export interface DemoSlice {
  status: 'confirm' | 'loading' | 'ready' | 'error';
  name: string;
  accuracy: number | null;
  classNames: string[] | null;
  /** The model's input shape (known once loaded); the draw pad needs [28, 28, 1]. */
  inputShape: number[] | null;
  /** A model.json link: fetched only after the person confirms, with its origin shown. */
  remote: { url: string; origin: string } | null;
  message: string | null;
}

/** Run history (IndexedDB): the stored runs, newest first, and which are picked for comparison. */
export interface HistorySlice {
  status: 'loading' | 'ready' | 'off';
  runs: RunRecord[];
  /** The last storage problem in words (quota, private mode); earlier runs stay intact. */
  error: string | null;
  selected: string[];
  /** The last delete, while it can be undone ("Deleted 2 runs — Undo"); null otherwise. */
  deleted?: { count: number; names: string[] } | null;
  /** A stored run's model being loaded ("Load its model"), or why it was refused; null otherwise. */
  modelLoad?: { id: string; status: 'loading' | 'error'; text: string } | null;
  /** The stored run whose checkpoint is the engine's model, while run.id is `engineRunId` (a new run replaces it). */
  model?: { id: string; name: string; epoch: number; kind: 'best' | 'last'; engineRunId: string } | null;
}

/** A table being prepared: its report and recipe; it becomes the dataset only when the person says so. */
export interface TablePrep {
  /** Where the table came from (files or URLs). */
  source: Extract<DataSource, { type: 'files' | 'url' }>;
  stage: TableStage;
  /** What the current recipe makes, waiting for "Use this table" (its dataset is null when it cannot make one). */
  pending: LoadOutcome | null;
  /** The recipe of the dataset in use, when it came from this table; null while none of it is in use. */
  applied: TableRecipe | null;
  busy: boolean;
  /** The preparation dialog is on screen (it opens on load; "Edit preprocessing" opens it again). */
  open: boolean;
  /** Said about the table (e.g. a link's preprocessing was applied to the same file). */
  note: string | null;
  /** What the load said about the files: how one was decoded (not UTF-8), files not used and why (Kaggle's test.csv). */
  fileNotes: { warnings: string[]; skipped: { path: string; reason: string }[] };
}

export interface DatasetSlice {
  /** 'error' only when nothing is loaded; a failed load over a loaded dataset keeps 'ready' and sets error. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  stage: string;
  loaded: number;
  total: number | null;
  /** The last load's failure, in plain words; the previous dataset stays loaded. */
  error: string | null;
  data: Dataset | null;
  summary: DatasetSummary | null;
  csv: CsvChoice | null;
  table: TablePrep | null;
  /** The loaded data's warnings (e.g. an IDX label outside the other classes), shown with a way to act on them. */
  warnings: string[];
  skipped: { path: string; reason: string }[];
  source: DataSource | null;
  loadMs: number | null;
  loaderMode: 'worker' | 'main-thread' | null;
}

/** The run's lifecycle state; transitions live in runLifecycle.ts. */
export type { RunStatus } from './runLifecycle';
import type { RunStatus } from './runLifecycle';
import type { PruneActions, PruneSlice } from './pruneTypes';
import type { PythonPackageResult } from './pythonPackage';

export interface BatchPoint {
  step: number;
  loss: number;
  metric: number;
  /** The batch's epoch (1-based) and training time since the run started (ms); absent in batches restored from old records. */
  epoch?: number;
  timeMs?: number;
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
  /** Learning-rate changes made during the run, drawn on the batch charts. */
  markers: { step: number; learningRate: number }[];
  /** A learning rate asked for (while paused: it applies when the run resumes) that the engine has not applied yet. */
  queuedLearningRate?: number | null;
  /** Things the engine said about the run (e.g. why it stopped early). */
  notes: string[];
  /** Set from the engine's 'diverged' message (status 'diverged'); null or absent otherwise. */
  divergence?: DivergenceInfo | null;
  /** Per-epoch validation accuracy, ECE and mean entropy, for the history charts. */
  history: (EpochEvaluationSummary & { epoch: number; valLoss: number | null })[];
  /** Two-input data: the latest decision-boundary grid from the engine (null until the first; cleared with the run). */
  boundary?: BoundaryGrid | null;
  /** Each finished epoch's weight and gradient histograms from the engine, in epoch order (cleared with the run; not stored). */
  histograms?: EpochHistograms[];
}

export interface EngineSlice {
  status: 'starting' | 'ready' | 'error';
  mode: EngineMode | null;
  fallbackReason: string | null;
  backendChoice: BackendChoice;
  backend: BackendInfo | null;
}

export interface DrawSlice {
  /** The drawn digit, 28×28 in 0..1. */
  pixels: Float32Array | null;
  probabilities: number[] | null;
  /** MC-dropout statistics of the drawing's prediction (null when the model has no dropout). */
  mc: McSummary | null;
  hasDropout: boolean;
  message: string | null;
  /** A prediction for the latest pixels is on its way: what is shown may be for an earlier stroke. */
  pending: boolean;
  /** pixels holds a table row's encoded features (already in the data's units), not a drawing in 0..1. */
  features?: boolean;
}

/** What the person is looking at inside the model; results arrive from the engine on request. */
export interface InspectSlice {
  /** Monte-Carlo dropout passes (T). */
  passes: number;
  mcTest: { runId: string; passes: number; summary: McSummary } | null;
  mcStatus: 'idle' | 'running' | 'error';
  /** Position in the test split of the example opened in the detail view. */
  selected: number | null;
  example: ExampleInspection | null;
  exampleStatus: 'idle' | 'running' | 'error';
  curve: { xs: Float32Array; mean: Float32Array; std: Float32Array } | null;
  error: string | null;
}

export interface SweepResult {
  index: number;
  config: Record<string, KnobValue>;
  status: 'pending' | 'running' | 'done' | 'stopped' | 'error';
  valMetric: number | null;
  valLoss: number | null;
  testMetric: number | null;
  epochs: number;
  ms: number;
  error?: string;
  /** The run this configuration trained as (its stored record, for its name), once started. */
  runId?: string | null;
}

export interface SweepSlice {
  status: 'idle' | 'running' | 'done' | 'stopped';
  def: SweepDef | null;
  results: SweepResult[];
  /** Index of the configuration training now, or −1. */
  current: number;
}

/** The batch charts that carry their own smoothing control. */
export type SmoothingChart = 'loss' | 'metric';

export interface StudioState extends PruneActions {
  dataset: DatasetSlice;
  presetId: PresetId | 'custom';
  spec: ExperimentSpec;
  /** The last imported model (Share & export → Import), until another model is chosen; null otherwise. */
  importedModel: ImportedModel | null;
  engine: EngineSlice;
  run: RunSlice;
  sweep: SweepSlice;
  /** Pruning curves of the trained model (store/pruneController.ts). */
  prune: PruneSlice;
  draw: DrawSlice;
  inspect: InspectSlice;
  /** EMA weight of the batch charts, the default for both. */
  smoothing: number;
  /** Per batch chart override of `smoothing` (the loss chart and the task-metric chart). */
  chartSmoothing: Partial<Record<SmoothingChart, number>>;
  history: HistorySlice;
  mode: 'studio' | 'demo';
  /** A spec link whose data is a person's table: kept until that file is loaded, so its preprocessing and model apply. */
  pendingLink: ExperimentSpec | null;
  share: ShareSlice;
  demo: DemoSlice | null;
  /** How people's image files are resized, and class names they typed; used by every file or URL load. */
  loadOptions: Required<Pick<LoadOptions, 'images'>> & { classNames: string[] };

  /** Starts the engine and loader; `fragment` is the page's URL fragment (a share link opens from it). */
  init(fragment?: string): Promise<void>;
  loadDataset(source: DataSource): Promise<void>;
  loadFiles(files: FileRef[]): Promise<void>;
  loadUrls(urls: string[]): Promise<void>;
  /** Stops the dataset load in progress; the dataset loaded before stays as it was, with a "Cancelled: …" message. */
  cancelDatasetLoad(): void;
  setLoadOptions(patch: Partial<StudioState['loadOptions']>): void;
  /** Applies another recipe to the table being prepared (the file is not read again); nothing is committed. */
  setTableRecipe(recipe: TableRecipe): Promise<void>;
  /** Makes the prepared table the dataset ("Use this table"). */
  useTable(): void;
  /** Drops the table being prepared (or its unapplied changes); the dataset in use stays. */
  discardTable(): void;
  /** Shows or hides the table preparation dialog (hiding keeps its state). */
  setTableOpen(open: boolean): void;
  /** Re-reads the current CSV with another label column or task. */
  setCsvChoice(choice: { labelColumn: string; task: 'classification' | 'regression' }): void;
  setDataOptions(patch: { testFraction?: number; splitSeed?: number; normalization?: Normalization; validationFraction?: number }): void;
  selectPreset(id: PresetId): void;
  /** Uses a whole spec (pasted, or edited in the builder); the preset becomes 'custom' unless it is one. */
  applySpec(spec: ExperimentSpec): void;
  /** Replaces the model's layers (the builder's edits). */
  setLayers(layers: LayerSpec[]): void;
  updateTraining(patch: Partial<TrainingSpec>): void;
  setSeed(seed: number): void;
  setBackendChoice(choice: BackendChoice): void;
  startTraining(): void;
  pauseTraining(): void;
  resumeTraining(): void;
  stopTraining(): void;
  resetRun(): void;
  retryOn(backend: BackendChoice): void;
  /** Without a chart, sets the default; with one, that chart's own weight. */
  setSmoothing(v: number, chart?: SmoothingChart): void;
  setPasses(passes: number): void;
  runMcOnTest(): void;
  /** Opens one test example (by its position in the test split) in the detail view and asks the engine about it. */
  selectExample(position: number | null): void;
  computeCurve(xs: Float32Array): void;
  startSweep(def: SweepDef): void;
  stopSweep(): void;
  /** Changes the learning rate of the running training (it becomes the schedule's new base). */
  setLiveLearningRate(lr: number): void;
  predictDrawing(pixels: Float32Array | null): void;
  /** Predicts one table row typed as raw values (the table pipeline turns them into the model's inputs). */
  predictRecord(raw: Record<string, string>): void;
  /** Tables with more than two inputs: the two features the decision boundary plots (the engine holds the rest at their means). */
  setBoundaryFeatures(features: [number, number]): void;
  /** Continues a stored (interrupted or stopped) run from its last checkpoint. */
  resumeStoredRun(id: string): Promise<void>;
  /** Makes a stored run's best or last checkpoint the studio's model (evaluated, drawable, exportable); false when refused. */
  loadStoredRunModel(id: string, kind: 'best' | 'last'): Promise<boolean>;
  deleteStoredRun(id: string): Promise<void>;
  /** Deletes stored runs; `undoDeleteRuns` puts them back exactly for about 10 s. */
  deleteStoredRuns(ids: readonly string[]): Promise<void>;
  undoDeleteRuns(): Promise<void>;
  dismissUndoDelete(): void;
  /** Renames a stored run or sets its notes or tags; resolves to the problem in words, or null when saved. */
  editStoredRun(id: string, change: { name?: string; notes?: string; tags?: string[] }): Promise<string | null>;
  toggleRunSelected(id: string): void;
  clearHistoryError(): void;
  /** Opens a share, demo or model link (the URL fragment); a bad one leaves everything as it was, with a message. */
  openFragment(hash: string): Promise<void>;
  setView(view: StudioView): void;
  copyLink(): Promise<void>;
  makeDemoLink(): Promise<void>;
  /** An <iframe> snippet for embed.html carrying the current model (as a demo link); `allow`: origins, comma-separated, or empty. */
  makeEmbedCode(allow: string): Promise<void>;
  confirmRemoteModel(): Promise<void>;
  openDemoInStudio(): Promise<void>;
  prepareExport(): Promise<void>;
  downloadModel(kind: WeightQuantization): Promise<void>;
  downloadKerasScript(): Promise<void>;
  /** The Run in Python zip (train.py, data.npz, weights.npz, spec.json, requirements.txt, README.md); resolves to what was downloaded or why not. */
  downloadPythonPackage(): Promise<PythonPackageResult>;
  downloadMetrics(format: 'csv' | 'json'): Promise<void>;
  importModelFiles(files: File[]): Promise<void>;
  importModelUrl(url: string): Promise<void>;
  /** Stops a model URL import while it downloads; the model in use stays. */
  cancelModelImport(): void;
  dismissShareMessage(): void;
  /** Stops the run and opens the link that arrived mid-run; or keeps training and forgets the link. */
  answerPendingLink(open: boolean): Promise<void>;
}
