import type { Dataset, Task } from '../../core/types';
import type { TableApplyStats, TableProfile, TableRecipe } from '../../core/tableTypes';
import type { SplitConfig } from '../split';
import type { SyntheticId, SyntheticOptions } from '../synthetic';

/** A file as the loader sees it: a path (folder-relative for dropped folders) and its contents. */
export interface NamedBytes {
  path: string;
  bytes: Uint8Array;
}

/** A person's file, before it is read (File objects are structured-cloneable, so workers read them). */
export interface FileRef {
  path: string;
  file: Blob;
}

export interface LoadOptions {
  /** CSV: which column holds the label and whether it is a class or a number (defaults are guessed). */
  /** header: whether the first row holds the column names (left out: detected, see parseCsv); sheet: an Excel sheet by name (left out: the first). */
  csv?: { labelColumn?: string; task?: Task; header?: boolean; sheet?: string };
  /** Images from folders or zips are resized to this. */
  images?: { width: number; height: number; mode: 'grayscale' | 'rgb' };
  /** Class names typed in; a names file among the inputs does the same. */
  classNames?: string[];
  /**
   * A table's recipe (none: the inferred default) and the split its statistics are fitted on. The loader keeps the
   * last parsed table, so applying another recipe to the same source does not read or parse the file again.
   */
  table?: { recipe?: TableRecipe; split: SplitConfig };
  /** IDX: drop the examples whose label is out of range (above the 0..k run that covers ≥ 99 % of them). */
  idx?: { dropOutliers?: boolean };
}

export type DataSource =
  | { type: 'bundled'; baseUrl: string }
  | { type: 'synthetic'; id: SyntheticId; options: SyntheticOptions }
  | { type: 'files'; files: FileRef[]; options: LoadOptions }
  | { type: 'url'; urls: string[]; options: LoadOptions };

export interface ColumnSummary {
  name: string;
  min: number;
  max: number;
  mean: number;
  std: number;
}

/** What the inspector shows; computed in the worker so 70,000 images never touch the UI thread. */
export interface DatasetSummary {
  /** Examples per class (classification). */
  classCounts: number[];
  /** Largest class over smallest class; flagged in the UI above 1.5. */
  imbalanceRatio: number | null;
  /** Up to 8 example indices per class, for the sample grid. */
  samplesPerClass: number[][];
  /** Mean image per class as uint8 (images only). */
  meanImages: Uint8Array[] | null;
  /** Smallest and largest input value. */
  valueRange: { min: number; max: number };
  /** Per feature column (tables only). */
  columns: ColumnSummary[] | null;
  /** The numeric target (regression only). */
  target: ColumnSummary | null;
}

/** Present when the data came from a CSV: lets the UI offer the label column and task. */
export interface CsvChoice {
  fileName: string;
  columns: string[];
  labelColumn: string;
  task: Task;
  /** The Kaggle layout (label + 784 pixels) was read as images. */
  asImages: boolean;
}

/** A table as loaded: the inference report, the recipe applied, and what it did (or why it could not). */
export interface TableStage {
  profile: TableProfile;
  recipe: TableRecipe;
  /** What applying the recipe did to the rows; null when it failed (error says why). */
  stats: TableApplyStats | null;
  featureNames: string[];
  warnings: string[];
  error: string | null;
}

export interface LoadResult {
  /** Null only for a table whose recipe cannot make a dataset (table.error says why). */
  dataset: Dataset | null;
  /** Present when the data is a table (CSV or JSON records) read through the table pipeline. */
  table?: TableStage | null;
  /** Null while `summaryFollows` (the data worker sends it right after the data, which is what Train waits for). */
  summary: DatasetSummary | null;
  summaryFollows?: boolean;
  csv: CsvChoice | null;
  /** Files that were not used, with reasons (e.g. a text file inside an image folder). */
  skipped: { path: string; reason: string }[];
  /** Things the person should know about the data (e.g. a label outside the other classes), in words. */
  warnings?: string[];
  /** Wall time of the load in the worker, for the inspector (and the closing note). */
  loadMs: number;
  /** A second copy of the arrays for the training engine, made in the worker so the UI thread never copies 50 MB. */
  engineCopy?: { x: Uint8Array | Float32Array; y: Uint8Array | Float32Array };
}

/** A load's answer on the page; `summaryLater` settles with the summary the worker sends after the data (never rejects). */
export type LoadOutcome = LoadResult & { summaryLater?: Promise<DatasetSummary | null> };

export type ToLoader =
  /** `fetchDeadlineMs`: connect + body of each URL download (the page's setting; a worker cannot read the page's address). */
  | { type: 'load'; requestId: number; source: DataSource; fetchDeadlineMs?: number }
  /** Stops that load: its download is aborted at once (the client has already answered the caller "Cancelled"). */
  | { type: 'cancel'; requestId: number };

export type FromLoader =
  | { type: 'ready' }
  | { type: 'progress'; requestId: number; stage: string; done: number; total: number | null }
  | { type: 'loaded'; requestId: number; result: LoadResult }
  /** The summary of a load answered with `summaryFollows` (null if it could not be made). */
  | { type: 'summary'; requestId: number; summary: DatasetSummary | null }
  | { type: 'failed'; requestId: number; message: string };

export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
