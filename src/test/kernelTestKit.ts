/** Shared by the wasm kernel tests (Node): backend set-up, seeded inputs, a tolerance measure and conv cases. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';
import { createRng } from '../core/rng';
import { registerTrainingKernels } from '../training/kernels/registerTrainingKernels';

export type KernelBackend = 'cpu' | 'wasm';
type Pad = 'same' | 'valid';

/** Points the wasm backend at its binaries on disk (the app hands it Vite asset URLs), registers our kernels, starts both backends. */
export async function startWasmAndCpu(): Promise<void> {
  setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
  registerTrainingKernels('wasm');
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(await tf.setBackend('cpu')).toBe(true);
}

export async function on<T>(backend: KernelBackend, f: () => T): Promise<T> {
  await tf.setBackend(backend);
  return f();
}

/** Seeded uniform numbers in [-1, 1). */
export function randoms(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

/** max |a − b| relative to the reference's magnitude (at least 1). */
export function relDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  expect(a.length).toBe(ref.length);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return diff / scale;
}

export interface ConvCase {
  batch: number;
  h: number;
  w: number;
  inC: number;
  outC: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  pad: Pad;
  seed: number;
}

/**
 * The gradient of Σ conv2d(x, W) ⊙ g with respect to the input (`wrt` 'x') or the filter ('filter'), with a random
 * upstream gradient g so dy is not all ones; `fused` goes through tf.fused.conv2d (bias + relu) as tf.layers does.
 */
export function convGradient(c: ConvCase, fused: boolean, wrt: 'x' | 'filter'): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(randoms(c.batch * c.h * c.w * c.inC, c.seed), [c.batch, c.h, c.w, c.inC]);
    const w = tf.tensor4d(randoms(c.kh * c.kw * c.inC * c.outC, c.seed + 1), [c.kh, c.kw, c.inC, c.outC]);
    const bias = tf.tensor1d(randoms(c.outC, c.seed + 3));
    const strides: [number, number] = [c.sh, c.sw];
    const conv = (xx: tf.Tensor4D, ww: tf.Tensor4D) =>
      fused ? tf.fused.conv2d({ x: xx, filter: ww, strides, pad: c.pad, bias, activation: 'relu' }) : tf.conv2d(xx, ww, strides, c.pad);
    const shape = conv(x, w).shape;
    const g = tf.tensor(randoms(tf.util.sizeFromShape(shape), c.seed + 2), shape);
    const at = wrt === 'x' ? x : w;
    const grad = tf.grad((v) => (wrt === 'x' ? conv(v as tf.Tensor4D, w) : conv(x, v as tf.Tensor4D)).mul(g).sum())(at);
    expect(grad.shape).toEqual(at.shape);
    return grad.dataSync() as Float32Array;
  });
}

export const convCase: fc.Arbitrary<ConvCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 3, max: 12 }),
    w: fc.integer({ min: 3, max: 12 }),
    inC: fc.integer({ min: 1, max: 5 }),
    outC: fc.integer({ min: 1, max: 5 }),
    kh: fc.integer({ min: 1, max: 5 }),
    kw: fc.integer({ min: 1, max: 5 }),
    sh: fc.integer({ min: 1, max: 2 }),
    sw: fc.integer({ min: 1, max: 2 }),
    pad: fc.constantFrom<Pad>('same', 'valid'),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  // A 'valid' convolution needs the kernel to fit the input.
  .map((c) => (c.pad === 'valid' ? { ...c, kh: Math.min(c.kh, c.h), kw: Math.min(c.kw, c.w) } : c));

/** Property: the wasm backend's gradient (the engine's kernels) equals the cpu backend's over random conv cases. */
export async function assertWasmGradientMatchesCpu(wrt: 'x' | 'filter', fused: boolean, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(convCase, async (c) => {
      const ref = await on('cpu', () => convGradient(c, fused, wrt));
      const got = await on('wasm', () => convGradient(c, fused, wrt));
      expect(relDiff(got, ref)).toBeLessThan(1e-4);
    }),
    { numRuns },
  );
}
