import { describe, expect, it } from 'vitest';
import { baselineScore } from './baseline';

const idx = (...a: number[]) => Int32Array.from(a);

describe('baselineScore', () => {
  it('scores the training split’s majority class on the test split', () => {
    const ds = { task: 'classification' as const, numClasses: 3, y: Uint8Array.from([0, 0, 1, 2, 0, 1, 1, 1]) };
    // train: 0,0,1,2 → class 0 wins; test: 0,1,1,1 → 1 of 4 right
    expect(baselineScore(ds, { train: idx(0, 1, 2, 3), test: idx(4, 5, 6, 7) })).toEqual({ metric: 0.25, what: 'majority class' });
  });
  it('scores the training mean as a regression guess (MAE on test)', () => {
    const ds = { task: 'regression' as const, numClasses: 0, y: Float32Array.from([1, 3, 10, 0]) };
    expect(baselineScore(ds, { train: idx(0, 1), test: idx(2, 3) })!.metric).toBeCloseTo((8 + 2) / 2);
  });
  it('has no score without a test split', () => {
    expect(baselineScore({ task: 'regression', numClasses: 0, y: new Float32Array(2) }, { train: idx(0), test: idx() })).toBeNull();
  });
});
