import type { Dataset, ImageArrays, Task } from '../core/types';
import { fingerprintArrays } from './fingerprint';

const bytesOf = (a: Uint8Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Fingerprint of inputs and targets together (floats hashed by their bytes). */
export function fingerprintDataset(x: Uint8Array | Float32Array, y: Uint8Array | Float32Array): string {
  return fingerprintArrays(bytesOf(x), bytesOf(y));
}

export function defaultClassNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

export interface DatasetMeta {
  id: string;
  name: string;
  source: string;
  classNames?: string[];
  testFrom?: number | null;
}

export function imageDataset(a: ImageArrays, meta: DatasetMeta): Dataset {
  return {
    id: meta.id,
    name: meta.name,
    source: meta.source,
    kind: 'image',
    task: 'classification',
    count: a.count,
    inputShape: [a.height, a.width, a.channels],
    x: a.images,
    y: a.labels,
    numClasses: a.numClasses,
    classNames: meta.classNames ?? defaultClassNames(a.numClasses),
    featureNames: [],
    targetName: 'class',
    testFrom: meta.testFrom ?? null,
    fingerprint: fingerprintDataset(a.images, a.labels),
  };
}

export interface TableArrays {
  features: Float32Array;
  featureNames: string[];
  count: number;
  task: Task;
  labels: Uint8Array | null;
  targets: Float32Array | null;
  classNames: string[];
  targetName: string;
}

export function tableDataset(t: TableArrays, meta: DatasetMeta): Dataset {
  const y = t.task === 'classification' ? t.labels : t.targets;
  if (!y) throw new Error(`a ${t.task} table needs ${t.task === 'classification' ? 'labels' : 'targets'}`);
  return {
    id: meta.id,
    name: meta.name,
    source: meta.source,
    kind: 'tabular',
    task: t.task,
    count: t.count,
    inputShape: [t.featureNames.length],
    x: t.features,
    y,
    numClasses: t.task === 'classification' ? t.classNames.length : 0,
    classNames: t.task === 'classification' ? (meta.classNames ?? t.classNames) : [],
    featureNames: t.featureNames,
    targetName: t.targetName,
    testFrom: meta.testFrom ?? null,
    fingerprint: fingerprintDataset(t.features, y),
  };
}

/** Joins a train set and its own test set (e.g. two IDX pairs) into one dataset whose tail is the test split. */
export function concatImageArrays(train: ImageArrays, test: ImageArrays, names: { train: string; test: string }): ImageArrays {
  if (train.height !== test.height || train.width !== test.width || train.channels !== test.channels) {
    throw new Error(
      `${names.test}: test images are ${test.height}×${test.width}×${test.channels} but train images are ${train.height}×${train.width}×${train.channels}`,
    );
  }
  const images = new Uint8Array(train.images.length + test.images.length);
  images.set(train.images);
  images.set(test.images, train.images.length);
  const labels = new Uint8Array(train.count + test.count);
  labels.set(train.labels);
  labels.set(test.labels, train.count);
  return { ...train, images, labels, count: train.count + test.count, numClasses: Math.max(train.numClasses, test.numClasses) };
}
