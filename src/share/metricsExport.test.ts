import { describe, expect, it } from 'vitest';
import { specFromPreset } from '../models/presets';
import { metricsCsv, metricsJson, safeFileName, type MetricsExportInput } from './metricsExport';

const input: MetricsExportInput = {
  runId: 'run-1',
  spec: specFromPreset('keras-mlp'),
  datasetName: 'MNIST',
  fingerprint: 'abc',
  backend: 'webgl',
  task: 'classification',
  startedAt: 0,
  batches: [
    { step: 1, loss: 2.3, metric: 0.1 },
    { step: 2, loss: 2.1, metric: 0.2 },
  ],
  epochs: [{ epoch: 1, trainLoss: 2.2, trainMetric: 0.15, valLoss: 2.0, valMetric: 0.3, testMetric: 0.31, trainMs: 1234.5, evalMs: 10, numTensors: 20, learningRate: 0.001 }],
  finalMetric: 0.31,
};

describe('metrics export', () => {
  it('CSV has one row per epoch and per batch, with named columns', () => {
    const lines = metricsCsv(input).trim().split('\n');
    expect(lines[0]).toBe('kind,epoch,step,loss,accuracy,val_loss,val_accuracy,test_accuracy,learning_rate,train_ms');
    expect(lines[1]).toBe('epoch,1,,2.2,0.15,2,0.3,0.31,0.001,1235');
    expect(lines.slice(2)).toEqual(['batch,,1,2.3,0.1,,,,,', 'batch,,2,2.1,0.2,,,,,']);
    expect(metricsCsv({ ...input, task: 'regression' })).toContain('test_mae');
  });

  it('JSON carries the spec, the data identity and every number', () => {
    const j = JSON.parse(metricsJson(input));
    expect(j.spec.name).toBe(input.spec.name);
    expect(j.dataset.fingerprint).toBe('abc');
    expect(j.batches.loss).toEqual([2.3, 2.1]);
    expect(j.epochs[0].valMetric).toBe(0.3);
  });

  it('file names keep only safe characters', () => {
    expect(safeFileName('../<b>CNN</b> run', 'csv')).toBe('b-CNN-b-run.csv');
    expect(safeFileName('', 'py')).toBe('tensorscope.py');
  });
});
