import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startWasmAndCpu } from '../../test/kernelTestKit';
import { copyWindow } from './slice';

beforeAll(async () => {
  await startWasmAndCpu();
  await tf.setBackend('wasm');
});

/** A window of a shape: per axis a begin and a size that fit (size 0 allowed). */
const windowArb = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b }))))),
    ),
  );

function sliceOn(backend: string, values: Int32Array, shape: number[], begin: number[], size: number[], dtype: 'int32' | 'float32' | 'bool'): Promise<unknown> {
  return tf.setBackend(backend).then(() => {
    const x = tf.tensor(values, shape, dtype);
    const y = tf.slice(x, begin, size);
    const out = Array.from(y.dataSync());
    expect(y.shape).toEqual(size);
    tf.dispose([x, y]);
    return out;
  });
}

describe('Slice on wasm (window copied from the heap)', () => {
  it('replaces wasm’s own kernel on tfjs 4.22', () => {
    const k = tf.getKernel('Slice', 'wasm')?.kernelFunc;
    expect(k).toBeDefined();
    expect(k?.toString()).toContain('copyWindow');
  });

  it('gives the cpu backend’s result for random shapes, windows and dtypes', async () => {
    await fc.assert(
      fc.asyncProperty(windowArb, fc.constantFrom('int32' as const, 'float32' as const, 'bool' as const), async ([shape, window], dtype) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = Int32Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 ? 1 : 0 : i * 7 - 11));
        const begin = window.map(([b]) => b);
        const size = window.map(([, s]) => s);
        expect(await sliceOn('wasm', values, shape, begin, size, dtype)).toEqual(await sliceOn('cpu', values, shape, begin, size, dtype));
      }),
      { numRuns: 150, seed: 7 },
    );
    await tf.setBackend('wasm');
  });

  it('takes a window of a large pool without copying the pool, and leaks nothing', () => {
    const pool = tf.range(0, 1 << 20, 1, 'float32');
    const before = tf.memory().numTensors;
    const w = tf.slice(pool, 123_456, 4096);
    const v = w.dataSync();
    expect(v[0]).toBe(123_456);
    expect(v[4095]).toBe(123_456 + 4095);
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
    pool.dispose();
  });

  it('slices strings through wasm’s own kernel', () => {
    const s = tf.tensor1d(['a', 'b', 'c', 'd'], 'string');
    const w = tf.slice(s, 1, 2);
    expect(w.arraySync()).toEqual(['b', 'c']);
    tf.dispose([s, w]);
  });
});

describe('copyWindow', () => {
  it('copies a strided 3-D window row by row, and whole trailing axes in one run', () => {
    const src = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const dst = new Float32Array(1 * 2 * 2);
    copyWindow(src, [2, 3, 4], [1, 1, 2], [1, 2, 2], dst);
    expect(Array.from(dst)).toEqual([18, 19, 22, 23]);
    const whole = new Float32Array(12);
    copyWindow(src, [2, 3, 4], [1, 0, 0], [1, 3, 4], whole);
    expect(Array.from(whole)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
  });
});
