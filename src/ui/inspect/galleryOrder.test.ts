import { describe, expect, it } from 'vitest';
import { galleryOrder } from './galleryOrder';

const d = {
  labels: [0, 1, 1, 2],
  predicted: [0, 2, 1, 2],
  loss: [0.1, 2.0, 0.3, 0.05],
  confidence: [0.9, 0.6, 0.7, 0.95],
  entropy: [0.2, 1.1, 0.8, 0.1],
  spread: [0.01, 0.2, 0.05, 0.0],
};
const all = { trueClass: null, predicted: null, correctness: 'all' as const };

describe('galleryOrder', () => {
  it('sorts by loss, entropy and spread (worst first) and by confidence (least sure first)', () => {
    expect(galleryOrder(d, all, 'loss')).toEqual([1, 2, 0, 3]);
    expect(galleryOrder(d, all, 'entropy')).toEqual([1, 2, 0, 3]);
    expect(galleryOrder(d, all, 'spread')).toEqual([1, 2, 0, 3]);
    expect(galleryOrder(d, all, 'confidence')).toEqual([1, 2, 0, 3]);
    expect(galleryOrder(d, all, 'index')).toEqual([0, 1, 2, 3]);
  });
  it('filters by true class, predicted class and right/wrong (a confusion-matrix cell)', () => {
    expect(galleryOrder(d, { ...all, correctness: 'wrong' }, 'index')).toEqual([1]);
    expect(galleryOrder(d, { ...all, trueClass: 1 }, 'index')).toEqual([1, 2]);
    expect(galleryOrder(d, { ...all, trueClass: 1, predicted: 2 }, 'index')).toEqual([1]);
    expect(galleryOrder(d, { ...all, spread: null } as never, 'index')).toEqual([0, 1, 2, 3]);
  });
});
