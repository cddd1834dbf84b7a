import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { randoms, startWasmAndCpu } from '../../test/kernelTestKit';
import { registerTrainingKernels, restoreStockKernels } from './registerTrainingKernels';

beforeAll(async () => {
  await startWasmAndCpu();
  await tf.setBackend('wasm');
});

async function product(backend: string, aShape: number[], bShape: number[], ta: boolean, tb: boolean, seed: number) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const a = tf.tensor(randoms(aShape.reduce((x, y) => x * y, 1), seed), aShape);
  const b = tf.tensor(randoms(bShape.reduce((x, y) => x * y, 1), seed + 1), bShape);
  const y = tf.matMul(a, b, ta, tb);
  const out = { shape: y.shape, values: Array.from(y.dataSync()) };
  tf.dispose([a, b, y]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

describe('BatchMatMul on wasm (transposes made explicit)', () => {
  it('gives the cpu backend’s products for random shapes, batch dimensions and transposes', async () => {
    const arb = fc.record({
      batch: fc.constantFrom([] as number[], [2], [3, 2]),
      m: fc.integer({ min: 1, max: 9 }),
      k: fc.integer({ min: 1, max: 9 }),
      n: fc.integer({ min: 1, max: 9 }),
      ta: fc.boolean(),
      tb: fc.boolean(),
      seed: fc.integer({ min: 0, max: 1e6 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ batch, m, k, n, ta, tb, seed }) => {
        const aShape = [...batch, ...(ta ? [k, m] : [m, k])];
        const bShape = [...batch, ...(tb ? [n, k] : [k, n])];
        const ours = await product('wasm', aShape, bShape, ta, tb, seed);
        const ref = await product('cpu', aShape, bShape, ta, tb, seed);
        expect(ours.shape).toEqual(ref.shape);
        ours.values.forEach((v, i) => expect(v).toBeCloseTo(ref.values[i], 4));
      }),
      { numRuns: 120 },
    );
  });

  it('is wasm’s own kernel again after restoreStockKernels (the benchmark’s plain-tfjs reference)', async () => {
    await tf.setBackend('wasm');
    const ours = tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc;
    restoreStockKernels('wasm');
    try {
      expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).not.toBe(ours);
      // The kernel wasm lacks stays: without it the reference could not train conv nets at all.
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
      // Stock kernels still compute (their C++ entry points were bound at backend start).
      const y = tf.matMul(tf.ones([2, 3]), tf.ones([2, 3]), true, false);
      expect(Array.from(y.dataSync())).toEqual(Array(9).fill(2));
    } finally {
      registerTrainingKernels('wasm');
    }
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(ours);
  });
});
