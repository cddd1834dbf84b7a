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

export interface SplitConfig {
  /** Fraction held out as the test set (ignored when the dataset brings its own test set). */
  testFraction: number;
  validationFraction: number;
  seed: number;
}

/** The default split seed: the same seed always yields the same test set, so scores are comparable across runs. */
export const DEFAULT_SPLIT_SEED = 20240601;
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * The split every run on a dataset uses; the engine and the UI both call this pure function and agree.
 * A dataset with its own test set (testFrom) keeps it; otherwise a seeded fraction is held out.
 */
export function splitFor(ds: { count: number; testFrom: number | null }, cfg: SplitConfig): DatasetSplit {
  if (ds.testFrom == null || ds.testFrom <= 0 || ds.testFrom >= ds.count) {
    const testCount = Math.round(ds.count * Math.max(0, Math.min(0.5, cfg.testFraction)));
    return splitDataset(ds.count, { testCount, validationFraction: cfg.validationFraction, seed: cfg.seed });
  }
  const own = splitDataset(ds.testFrom, { testCount: 0, validationFraction: cfg.validationFraction, seed: cfg.seed });
  const test = new Int32Array(ds.count - ds.testFrom);
  for (let i = 0; i < test.length; i++) test[i] = ds.testFrom + i;
  return { train: own.train, validation: own.validation, test };
}
