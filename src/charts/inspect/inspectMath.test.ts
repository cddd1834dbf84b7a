import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activationStats,
  argmax,
  binRows,
  divergingRgb,
  errorOffsets,
  finiteExtent,
  finitePairs,
  formatPct,
  formatValue,
  grayChannel,
  kernelIndex,
  kernelRgba,
  legendLayout,
  linear,
  mapShape,
  maxAbs,
  nearestPoint,
  regressionSummary,
  strideIndices,
  tileScale,
} from './inspectMath';

describe('numbers', () => {
  it('formats percentages and values', () => {
    expect(formatPct(0.0321)).toBe('3.2 %');
    expect(formatPct(Number.NaN)).toBe('–');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(1234.5)).toBe('1235');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(2e-5)).toBe('2.00e-5');
  });

  it('finds extents, max |v| and argmax over finite values only', () => {
    expect(finiteExtent([3, Number.NaN, -1], [7])).toEqual([-1, 7]);
    expect(finiteExtent([Number.NaN])).toBeNull();
    expect(maxAbs(new Float32Array([0.5, -2, Infinity]))).toBe(2);
    expect(argmax([0.1, 0.7, 0.7, Number.NaN])).toBe(1);
    expect(argmax([])).toBe(-1);
  });

  it('turns an interval into non-negative ErrorBar offsets', () => {
    expect(errorOffsets(50, 40, 65)).toEqual([10, 15]);
    // A bound that crosses the value by rounding clamps to 0 rather than flipping the whisker.
    expect(errorOffsets(50, 50.0001, 60)).toEqual([0, 10]);
    expect(errorOffsets(null, 1, 2)).toBeNull();
    expect(errorOffsets(5, Number.NaN, 2)).toBeNull();
  });
});

describe('histogram rows', () => {
  it('pairs n + 1 edges with n counts', () => {
    expect(binRows([0, 0.5, 1], [3, 4])).toEqual([
      { lo: 0, hi: 0.5, mid: 0.25, count: 3 },
      { lo: 0.5, hi: 1, mid: 0.75, count: 4 },
    ]);
    expect(binRows([0, 1, 2], [5])).toEqual([
      { lo: 0, hi: 1, mid: 0.5, count: 5 },
      { lo: 1, hi: 2, mid: 1.5, count: 0 },
    ]);
    expect(binRows([], [])).toEqual([]);
  });
});

describe('diverging colour map', () => {
  it('runs orange → white → blue (Okabe–Ito)', () => {
    expect(divergingRgb(0, 1)).toEqual([255, 255, 255]);
    expect(divergingRgb(1, 1)).toEqual([0x00, 0x72, 0xb2]);
    expect(divergingRgb(-1, 1)).toEqual([0xe6, 0x9f, 0x00]);
    expect(divergingRgb(-5, 1)).toEqual([0xe6, 0x9f, 0x00]);
    expect(divergingRgb(0.5, 1)).toEqual([128, 185, 217]);
    expect(divergingRgb(1, 0)).toEqual([255, 255, 255]);
    expect(divergingRgb(Number.NaN, 1)).toEqual([255, 255, 255]);
  });

  it('is symmetric in lightness: |v| sets the distance from white', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (t) => {
        const pos = divergingRgb(t, 1);
        const neg = divergingRgb(-t, 1);
        const dist = (c: readonly number[]) => c.reduce((s, v) => s + (255 - v), 0);
        expect(dist(pos) / dist([0x00, 0x72, 0xb2])).toBeCloseTo(dist(neg) / dist([0xe6, 0x9f, 0x00]), 1);
      }),
    );
  });
});

describe('image buffers', () => {
  it('reads layer shapes', () => {
    expect(mapShape([28, 28, 8])).toEqual({ h: 28, w: 28, c: 8 });
    expect(mapShape([1, 14, 14, 16])).toEqual({ h: 14, w: 14, c: 16 });
    expect(mapShape([5, 7])).toEqual({ h: 5, w: 7, c: 1 });
    expect(mapShape([128])).toBeNull();
    expect(mapShape([2, 0, 3])).toBeNull();
  });

  it('min–max normalises one channel of an HWC tensor to gray', () => {
    // 2 × 2 pixels, 2 channels: channel 1 holds 10, 20, 30, 40.
    const values = new Float32Array([0, 10, 0, 20, 0, 30, 0, 40]);
    const m = grayChannel(values, { h: 2, w: 2, c: 2 }, 1);
    expect([m.min, m.max]).toEqual([10, 40]);
    expect(Array.from(m.rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 85, 170, 255]);
    expect(Array.from(m.rgba.filter((_, i) => i % 4 === 3))).toEqual([255, 255, 255, 255]);
    const flat = grayChannel(values, { h: 2, w: 2, c: 2 }, 0);
    expect(Array.from(flat.rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 0, 0, 0]);
  });

  it('marks non-finite activations in vermillion', () => {
    const m = grayChannel(new Float32Array([1, Number.NaN]), { h: 1, w: 2, c: 1 }, 0);
    expect(Array.from(m.rgba.slice(4, 7))).toEqual([0xd5, 0x5e, 0x00]);
    expect([m.min, m.max]).toEqual([1, 1]);
  });

  it('indexes tfjs conv kernels [kh, kw, in, out]', () => {
    const size: [number, number, number, number] = [2, 3, 2, 4];
    const seen = new Set<number>();
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) for (let i = 0; i < 2; i++) for (let o = 0; o < 4; o++) seen.add(kernelIndex(size, y, x, i, o));
    expect(seen.size).toBe(48);
    expect(Math.max(...seen)).toBe(47);
    expect(kernelIndex(size, 0, 0, 0, 1)).toBe(1);
    expect(kernelIndex(size, 0, 0, 1, 0)).toBe(4);
    expect(kernelIndex(size, 0, 1, 0, 0)).toBe(8);
  });

  it('draws one filter slice through the diverging map', () => {
    const size: [number, number, number, number] = [1, 2, 1, 2];
    // filter 0: [-1, 1]; filter 1: [0, 0.5]
    const kernel = new Float32Array([-1, 0, 1, 0.5]);
    const f0 = kernelRgba(kernel, size, 0, 0, 1);
    expect(Array.from(f0)).toEqual([0xe6, 0x9f, 0x00, 255, 0x00, 0x72, 0xb2, 255]);
    const f1 = kernelRgba(kernel, size, 1, 0, 1);
    expect(Array.from(f1.slice(0, 4))).toEqual([255, 255, 255, 255]);
  });

  it('scales tiles by whole pixels', () => {
    expect(tileScale(28, 28)).toBe(2);
    expect(tileScale(5, 5, 48)).toBe(9);
    expect(tileScale(128, 64)).toBe(0.5);
  });
});

describe('activations', () => {
  it('summarises a layer output', () => {
    expect(activationStats(new Float32Array([0, 2, -1, 3]))).toEqual({ n: 4, min: -1, max: 3, mean: 1, inactive: 0.5, argmax: 3 });
    expect(activationStats(new Float32Array([]))).toBeNull();
  });
});

describe('geometry', () => {
  it('maps linearly, including reversed pixel ranges', () => {
    const y = linear([0, 10], [100, 0]);
    expect(y(0)).toBe(100);
    expect(y(2.5)).toBe(75);
    expect(linear([1, 1], [0, 50])(1)).toBe(0);
  });

  it('finds the nearest point within a radius', () => {
    const xs = [0, 10, 20];
    const ys = [0, 0, 0];
    expect(nearestPoint(xs, ys, 11, 2, 5)).toBe(1);
    expect(nearestPoint(xs, ys, 50, 50, 5)).toBe(-1);
  });

  it('thins evenly and deterministically', () => {
    expect(strideIndices(3, 5)).toEqual([0, 1, 2]);
    const idx = strideIndices(10_000, 2000);
    expect(idx).toHaveLength(2000);
    expect(idx[0]).toBe(0);
    expect(idx[1999]).toBeLessThan(10_000);
    expect(new Set(idx).size).toBe(2000);
  });

  it('wraps legend items to the width', () => {
    const items = [
      { label: 'aaaa', color: '#000', kind: 'box' as const },
      { label: 'bbbb', color: '#000', kind: 'box' as const },
      { label: 'cccc', color: '#000', kind: 'box' as const },
    ];
    const measure = () => 40; // each item 14 + 4 + 40 = 58 wide, 14 gap
    const wide = legendLayout(items, 1000, 50, measure);
    expect(wide.items.map((i) => [i.x, i.y])).toEqual([
      [50, 8],
      [122, 8],
      [194, 8],
    ]);
    expect(wide.height).toBe(20);
    const narrow = legendLayout(items, 200, 50, measure);
    expect(narrow.items.map((i) => [i.x, i.y])).toEqual([
      [50, 8],
      [122, 8],
      [50, 24],
    ]);
    expect(narrow.height).toBe(36);
    expect(legendLayout([], 100, 0).height).toBe(0);
  });
});

describe('regression', () => {
  it('keeps finite pairs and summarises the fit', () => {
    const { xs, ys } = finitePairs([1, 2, Number.NaN, 4], [1, 3, 5, Infinity]);
    expect(Array.from(xs)).toEqual([1, 2]);
    expect(Array.from(ys)).toEqual([1, 3]);
    const s = regressionSummary([1, 2, 3], [1, 2, 3]);
    expect(s).toEqual({ n: 3, rmse: 0, mae: 0, r2: 1 });
    const t = regressionSummary([0, 2], [1, 1]);
    expect(t?.rmse).toBe(1);
    expect(t?.r2).toBe(0);
    expect(regressionSummary([], [])).toBeNull();
    expect(Number.isNaN(regressionSummary([2, 2], [2, 3])?.r2)).toBe(true);
  });
});
