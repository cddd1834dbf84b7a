import { describe, expect, it } from 'vitest';
import { allTags, nextSort, queryRuns } from './query';
import { makeRun, makeSpec } from './testFixtures';

const base = makeSpec();
const runs = [
  makeRun('a', { name: 'mnist-keras-mlp-#3', status: 'done', startedAt: 3000, epochsDone: 5, finalMetric: 0.91, tags: ['baseline'], notes: 'wider layer' }),
  makeRun('b', {
    name: 'mnist-keras-mlp-#2',
    status: 'failed',
    startedAt: 2000,
    epochsDone: 1,
    finalMetric: null,
    tags: ['LR sweep'],
    spec: { ...base, training: { ...base.training, learningRate: 0.1, batchSize: 128, optimizer: 'sgd' } },
  }),
  makeRun('c', { name: 'mnist-cnn-#1', status: 'done', startedAt: 1000, epochsDone: 3, finalMetric: 0.97, backend: 'webgpu', spec: { ...base, name: 'CNN', training: { ...base.training, learningRate: 0.01, batchSize: 64 } } }),
];
const ids = (q: Parameters<typeof queryRuns>[1]) => queryRuns(runs, q).map((r) => r.id);

describe('queryRuns', () => {
  it('keeps the stored order without a sort', () => expect(ids({})).toEqual(['a', 'b', 'c']));

  it('searches name, dataset, backend, model, notes and tags; every word must match', () => {
    expect(ids({ text: 'CNN' })).toEqual(['c']);
    expect(ids({ text: 'wider' })).toEqual(['a']);
    expect(ids({ text: 'sweep' })).toEqual(['b']);
    expect(ids({ text: 'webgpu mnist' })).toEqual(['c']);
    expect(ids({ text: 'mnist nothing' })).toEqual([]);
  });

  it('filters by status and by tag (any case)', () => {
    expect(ids({ status: 'done' })).toEqual(['a', 'c']);
    expect(ids({ status: 'all', tag: 'lr sweep' })).toEqual(['b']);
    expect(ids({ status: 'done', tag: 'LR sweep' })).toEqual([]);
  });

  it('sorts by every column, both ways; a missing metric sorts last either way', () => {
    expect(ids({ sort: { key: 'name', dir: 'asc' } })).toEqual(['c', 'b', 'a']);
    expect(ids({ sort: { key: 'started', dir: 'asc' } })).toEqual(['c', 'b', 'a']);
    expect(ids({ sort: { key: 'epochs', dir: 'desc' } })).toEqual(['a', 'c', 'b']);
    expect(ids({ sort: { key: 'metric', dir: 'desc' } })).toEqual(['c', 'a', 'b']);
    expect(ids({ sort: { key: 'metric', dir: 'asc' } })).toEqual(['a', 'c', 'b']);
    expect(ids({ sort: { key: 'learningRate', dir: 'asc' } })).toEqual(['a', 'c', 'b']);
    expect(ids({ sort: { key: 'batchSize', dir: 'desc' } })).toEqual(['b', 'c', 'a']);
    expect(ids({ sort: { key: 'optimizer', dir: 'asc' } })).toEqual(['a', 'c', 'b']);
    expect(ids({ sort: { key: 'status', dir: 'asc' } })).toEqual(['a', 'c', 'b']);
  });

  it('numbers in names sort as numbers', () => {
    const many = [makeRun('x', { name: 'r-#10' }), makeRun('y', { name: 'r-#9' })];
    expect(queryRuns(many, { sort: { key: 'name', dir: 'asc' } }).map((r) => r.id)).toEqual(['y', 'x']);
  });

  it('lists tags and flips the sort', () => {
    expect(allTags(runs)).toEqual(['baseline', 'LR sweep']);
    expect(nextSort(undefined, 'metric')).toEqual({ key: 'metric', dir: 'desc' });
    expect(nextSort({ key: 'metric', dir: 'desc' }, 'metric')).toEqual({ key: 'metric', dir: 'asc' });
    expect(nextSort({ key: 'metric', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
});
