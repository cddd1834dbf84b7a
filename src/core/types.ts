import type { FittedTable } from './tableTypes';

/** Labelled images as compact uint8 arrays: what the bundle file stores. */
export interface ImageArrays {
  /** Pixel values 0..255, row-major, count × height × width × channels. */
  images: Uint8Array;
  /** Class index per example. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

export type Task = 'classification' | 'regression';
/** scale01: x/255 for images (min–max for tables); standardize: (x − mean)/std from the train split; none: raw. */
export type Normalization = 'scale01' | 'standardize' | 'none';
export type DatasetKind = 'image' | 'tabular';

/**
 * Any dataset the studio trains on: images (uint8 pixels) or a table (float32 features), for
 * classification (class index targets) or regression (numeric targets).
 */
export interface Dataset {
  /** Stable id, e.g. 'mnist-bundled', 'synthetic-spiral', 'files-…'. */
  id: string;
  name: string;
  /** Where it came from, in words (file names, URL, generator and seed). */
  source: string;
  kind: DatasetKind;
  task: Task;
  count: number;
  /** Per-example input shape: [height, width, channels] for images, [features] for tables. */
  inputShape: number[];
  /** Images: uint8 pixels 0..255 (kept as uint8; turned into floats per batch on the device). Tables: float32 features. */
  x: Uint8Array | Float32Array;
  /** Classification: class index per example (uint8). Regression: the numeric target (float32). */
  y: Uint8Array | Float32Array;
  /** Number of classes; 0 for regression. */
  numClasses: number;
  classNames: string[];
  /** Column names of a table's features; [] for images. */
  featureNames: string[];
  targetName: string;
  /** When the source brings its own test set (an IDX test pair), examples [testFrom, count) are it. */
  testFrom: number | null;
  /** Short hex hash of every input and target, so results can be traced to the exact data. */
  fingerprint: string;
  /** A table read through the table pipeline: how raw rows became these features (fitted on the train split). */
  table?: FittedTable;
}

/** Per-example input size (product of the input shape). */
export function exampleSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

/** Which examples belong to which split, as indices into the dataset. */
export interface DatasetSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
