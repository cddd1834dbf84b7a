import { describe, expect, it } from 'vitest';
import { availableXModes, batchSeconds, batchXOf, batchXValues, epochBoundaries, epochOf, formatSeconds, usableXMode, xAtStep } from './xAxis';

const pts = (n: number, perEpoch: number, withTime = true) =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: 1, metric: 0.5, epoch: Math.floor(i / perEpoch) + 1, ...(withTime ? { timeMs: (i + 1) * 100 } : {}) }));

describe('x axis choice', () => {
  it('offers epoch only with batches per epoch, time only when every batch has one', () => {
    expect(availableXModes(pts(4, 2), 2)).toEqual(['step', 'epoch', 'time']);
    expect(availableXModes(pts(4, 2), undefined)).toEqual(['step', 'time']);
    const old = pts(4, 2, false);
    expect(availableXModes(old, 2)).toEqual(['step', 'epoch']);
    expect(availableXModes([...old, ...pts(2, 2).map((p) => ({ ...p, step: p.step + 4 }))], 2)).toEqual(['step', 'epoch']);
    expect(usableXMode('time', ['step', 'epoch'])).toBe('step');
    expect(usableXMode('epoch', ['step', 'epoch'])).toBe('epoch');
  });

  it('maps steps to fractional epochs and to seconds', () => {
    const p = pts(6, 3);
    expect(batchXValues(p, 'step', 3)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batchXValues(p, 'epoch', 3)).toEqual([1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2]);
    expect(batchXValues(p, 'time', 3)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(batchXValues(p, 'epoch', undefined)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('spreads batches read back together over the time since the previous read', () => {
    const p = [100, 400, 400, 400, 500].map((t, i) => ({ step: i + 1, loss: 1, metric: 0, timeMs: t }));
    expect(batchSeconds(p)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('keeps time ascending when the clock restarts (a resumed run)', () => {
    const p = [1000, 2000, 500, 1500].map((t, i) => ({ step: i + 1, loss: 1, metric: 0, timeMs: t }));
    const s = batchSeconds(p);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThanOrEqual(s[i - 1]);
    expect(s[3] - s[2]).toBeCloseTo(1, 9);
  });

  it('puts epoch lines where an epoch ends, from the field or from the step', () => {
    const p = pts(7, 3);
    expect(epochBoundaries(p, batchXOf(p, 'step', 3), 3)).toEqual([
      { x: 3, label: 'epoch 2' },
      { x: 6, label: 'epoch 3' },
    ]);
    expect(epochBoundaries(p, batchXOf(p, 'epoch', 3), 3).map((b) => b.x)).toEqual([1, 2]);
    const old = pts(7, 3, false).map(({ epoch: _e, ...rest }) => rest);
    expect(epochOf(old[3], 3)).toBe(2);
    expect(epochBoundaries(old, batchXOf(old, 'step', 3), 3).map((b) => b.x)).toEqual([3, 6]);
    expect(epochBoundaries(old, batchXOf(old, 'step', undefined), undefined)).toEqual([]);
  });

  it('finds a marker step in any mode, and formats time for people', () => {
    const p = pts(6, 3);
    expect(xAtStep(p, batchXOf(p, 'epoch', 3), 4)).toBeCloseTo(4 / 3, 12);
    expect(xAtStep(p, batchXOf(p, 'step', 3), 99)).toBeNull();
    expect(formatSeconds(4.25)).toBe('4.3 s');
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(185)).toBe('3 min 05 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
  });
});
