/** Builders for run-history tests (imported by *.test.ts only). */
import { DEFAULT_EARLY_STOPPING, DEFAULT_SCHEDULE, type ExperimentSpec } from '../models/spec';
import type { EpochSummary } from '../training/protocol';
import { createRunRecord } from './record';
import type { RunRecord } from './types';

export function makeSpec(overrides: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    version: 1,
    name: 'Keras MLP',
    dataset: { id: 'mnist-bundled', testFraction: 0.2, splitSeed: 7, normalization: 'scale01' },
    model: {
      layers: [
        { type: 'flatten' },
        { type: 'dense', units: 128, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    training: {
      optimizer: 'adam',
      learningRate: 0.001,
      momentum: 0.9,
      schedule: { ...DEFAULT_SCHEDULE },
      loss: 'sparseCategoricalCrossentropy',
      epochs: 5,
      batchSize: 32,
      l1: 0,
      l2: 0,
      validationFraction: 0.1,
      earlyStopping: { ...DEFAULT_EARLY_STOPPING },
      maxTrainSamples: null,
      clipNorm: null,
    },
    seed: 42,
    ...overrides,
  };
}

export function makeEpoch(epoch: number, overrides: Partial<EpochSummary> = {}): EpochSummary {
  return {
    epoch,
    trainLoss: 1 / epoch,
    trainMetric: 0.8 + epoch / 100,
    valLoss: 1.1 / epoch,
    valMetric: 0.79 + epoch / 100,
    testMetric: 0.78 + epoch / 100,
    trainMs: 1000,
    evalMs: 100,
    numTensors: 12,
    learningRate: 0.001,
    ...overrides,
  };
}

export function makeRun(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  const base = createRunRecord({ id, spec: makeSpec(), datasetName: 'MNIST', task: 'classification', ownerId: 'tab-a', startedAt: 1_700_000_000_000, batchesPerEpoch: 1688 });
  return { ...base, ...overrides };
}
