import { describe, expect, it } from 'vitest';
import { createRunRecord, runName } from './record';
import { makeSpec } from './testFixtures';

describe('runName', () => {
  it('is the spec name and a short local time, with the date when not today', () => {
    const start = new Date(2026, 2, 4, 9, 5).getTime();
    expect(runName({ name: 'CNN' }, start, start + 60_000)).toBe('CNN · 09:05');
    expect(runName({ name: 'CNN' }, start, start + 3 * 86_400_000)).toBe('CNN · 2026-03-04 09:05');
  });
});

describe('createRunRecord', () => {
  it('starts a running record with no epochs and no checkpoints', () => {
    const spec = makeSpec({ dataset: { ...makeSpec().dataset, fingerprint: 'abc123' } });
    const r = createRunRecord({ id: 'r1', spec, datasetName: 'MNIST', task: 'classification', ownerId: 'tab', startedAt: 1000 });
    expect(r).toMatchObject({
      id: 'r1',
      status: 'running',
      startedAt: 1000,
      updatedAt: 1000,
      endedAt: null,
      epochsDone: 0,
      totalEpochs: 5,
      fingerprint: 'abc123',
      backend: null,
      epochs: [],
      finalMetric: null,
      checkpoints: { best: null, last: null },
    });
    expect(r.name.startsWith('Keras MLP · ')).toBe(true);
  });
});
