import { seededPermutation } from '../core/rng';
import type { DatasetSplit } from '../core/types';

export interface SplitOptions {
  /** Examples held out as the test split. */
  testCount: number;
  /** Fraction of the remaining (train) examples used for validation, 0..0.5. */
  validationFraction: number;
  seed: number;
}

/** Fixed, seeded split: the same seed always yields the same test set, so test accuracy is comparable across runs. */
export function splitDataset(count: number, opts: SplitOptions): DatasetSplit {
  const perm = seededPermutation(count, opts.seed);
  const testCount = Math.max(0, Math.min(count - 1, Math.floor(opts.testCount)));
  const test = perm.slice(0, testCount);
  const rest = perm.slice(testCount);
  const vf = Math.max(0, Math.min(0.5, opts.validationFraction));
  const valCount = Math.floor(rest.length * vf);
  return {
    validation: rest.slice(0, valCount),
    train: rest.slice(valCount),
    test,
  };
}

/** The bundled MNIST split: 8,000 train / 2,000 test, the test set fixed by its own seed. */
export const BUNDLED_TEST_COUNT = 2000;
export const BUNDLED_SPLIT_SEED = 20240601;

/** The split every run on a dataset uses; the engine and the UI both call this pure function and agree. */
export function splitFor(ds: { count: number }, validationFraction: number): DatasetSplit {
  const testCount = Math.min(BUNDLED_TEST_COUNT, Math.floor(ds.count * 0.2));
  return splitDataset(ds.count, { testCount, validationFraction, seed: BUNDLED_SPLIT_SEED });
}
