import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertWasmGradientMatchesCpu, on, randoms, relDiff, startWasmAndCpu } from '../../test/kernelTestKit';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { registerTrainingKernels, KERNEL_OVERRIDES_FOR_VERSION } from './registerTrainingKernels';

const KERNEL = 'Conv2DBackpropInput';
/** tfjs's own wasm kernel, as the package registered it (captured before the override replaces it). */
let native: tf.KernelConfig;

beforeAll(async () => {
  native = tf.getKernel(KERNEL, 'wasm')!;
  expect(native).toBeDefined();
  expect(native.kernelFunc).not.toBe(conv2dBackpropInput);
  await startWasmAndCpu();
});

function restoreOverride(): void {
  if (tf.getKernel(KERNEL, 'wasm')) tf.unregisterKernel(KERNEL, 'wasm');
  tf.registerKernel(native);
  registerTrainingKernels('wasm');
}

describe('Conv2DBackpropInput on wasm (XNNPACK Conv2D)', () => {
  it(`replaces wasm's own kernel on tfjs ${KERNEL_OVERRIDES_FOR_VERSION} only, idempotently`, () => {
    const expected = tf.version_core === KERNEL_OVERRIDES_FOR_VERSION ? conv2dBackpropInput : native.kernelFunc;
    registerTrainingKernels('wasm');
    registerTrainingKernels('wasm');
    expect(tf.getKernel(KERNEL, 'wasm')?.kernelFunc).toBe(expected);
    try {
      // Another tfjs: its own kernel stays, also on repeated calls.
      tf.unregisterKernel(KERNEL, 'wasm');
      tf.registerKernel(native);
      registerTrainingKernels('wasm', '4.23.0');
      registerTrainingKernels('wasm', '4.23.0');
      expect(tf.getKernel(KERNEL, 'wasm')?.kernelFunc).toBe(native.kernelFunc);
      // 4.22: replaced once, and calling again keeps the replacement.
      registerTrainingKernels('wasm', KERNEL_OVERRIDES_FOR_VERSION);
      expect(tf.getKernel(KERNEL, 'wasm')?.kernelFunc).toBe(conv2dBackpropInput);
      registerTrainingKernels('wasm', KERNEL_OVERRIDES_FOR_VERSION);
      expect(tf.getKernel(KERNEL, 'wasm')?.kernelFunc).toBe(conv2dBackpropInput);
    } finally {
      restoreOverride();
    }
    expect(tf.getKernel(KERNEL, 'wasm')?.kernelFunc).toBe(expected);
  });

  it('matches the cpu backend’s conv2d input gradient over random shapes, strides and paddings', async () => {
    await assertWasmGradientMatchesCpu('x', false, 40);
  });

  it('matches cpu through the fused conv2d (bias + relu) that tf.layers.conv2d uses', async () => {
    await assertWasmGradientMatchesCpu('x', true, 10);
  });

  it('matches cpu and tfjs’s own wasm kernel as a forward conv2dTranspose', async () => {
    const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; out: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' }[] = [
      { x: [2, 4, 5, 3], filter: [3, 3, 2, 3], out: [2, 8, 10, 2], strides: [2, 2], pad: 'same' },
      { x: [1, 3, 3, 4], filter: [2, 3, 1, 4], out: [1, 6, 7, 1], strides: [2, 2], pad: 'valid' },
      { x: [3, 6, 6, 2], filter: [5, 5, 3, 2], out: [3, 6, 6, 3], strides: [1, 1], pad: 'same' },
    ];
    for (const [i, c] of cases.entries()) {
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(randoms(tf.util.sizeFromShape(c.x), 30 + i), c.x);
          const f = tf.tensor4d(randoms(tf.util.sizeFromShape(c.filter), 40 + i), c.filter);
          const y = tf.conv2dTranspose(x, f, c.out, c.strides, c.pad);
          expect(y.shape).toEqual(c.out);
          return y.dataSync();
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expect(relDiff(got, ref)).toBeLessThan(1e-4);
      tf.unregisterKernel(KERNEL, 'wasm');
      tf.registerKernel(native);
      try {
        const theirs = await on('wasm', run);
        expect(relDiff(got, theirs)).toBeLessThan(1e-4);
      } finally {
        restoreOverride();
      }
    }
  });

  it('handles explicit and numeric padding with rounding, also wider than the kernel, like the cpu kernel', async () => {
    const cases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: tf.Conv2DBackpropInputAttrs['pad']; round?: 'floor' | 'ceil' | 'round' }[] = [
      { x: [2, 7, 6, 3], filter: [3, 2, 3, 4], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
      { x: [1, 9, 8, 2], filter: [4, 3, 2, 3], strides: [2, 2], pad: 1, round: 'floor' },
      { x: [3, 5, 5, 1], filter: [2, 2, 1, 2], strides: [2, 2], pad: 0, round: 'ceil' },
      // Padding beyond kernel − 1: the transposed convolution's own padding would be negative.
      { x: [2, 5, 4, 2], filter: [2, 1, 2, 3], strides: [1, 2], pad: [[0, 0], [3, 2], [1, 4], [0, 0]] },
      { x: [1, 6, 6, 3], filter: [1, 1, 3, 2], strides: [2, 2], pad: 2, round: 'round' },
    ];
    for (const [i, c] of cases.entries()) {
      const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.round);
      const dyShape = info.outShape;
      const fv = randoms(tf.util.sizeFromShape(c.filter), 10 + i);
      const dyv = randoms(tf.util.sizeFromShape(dyShape), 20 + i);
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.round, inputShape: c.x } as unknown as tf.NamedAttrMap;
      const run = () =>
        tf.tidy(() => {
          const out = tf.engine().runKernel(KERNEL, { dy: tf.tensor(dyv, dyShape), filter: tf.tensor(fv, c.filter) }, attrs) as tf.Tensor;
          expect(out.shape).toEqual(c.x);
          return out.dataSync();
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expect(relDiff(got, ref)).toBeLessThan(1e-4);
    }
  });

  it('refuses NCHW and non-float inputs with a clear error', async () => {
    await tf.setBackend('wasm');
    const dy = tf.zeros([1, 2, 2, 3]);
    const filter = tf.zeros([3, 3, 2, 3]);
    const attrs = { strides: 1, pad: 'valid', dimRoundingMode: undefined, inputShape: [1, 4, 4, 2] };
    try {
      expect(() => tf.engine().runKernel(KERNEL, { dy, filter }, { ...attrs, dataFormat: 'NCHW' } as unknown as tf.NamedAttrMap)).toThrow(/NHWC/);
      const dyi = dy.toInt();
      expect(() => tf.engine().runKernel(KERNEL, { dy: dyi, filter }, { ...attrs, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap)).toThrow(/float32/);
      dyi.dispose();
    } finally {
      tf.dispose([dy, filter]);
    }
  });

  it('leaves no intermediate buffers behind (engine and wasm backend counts stay flat)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randoms(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
    const w = tf.tensor4d(randoms(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    // Stride 2 takes the dilation path (reshape, pad, reshape), 'valid' with stride 1 the plain one.
    const grads = [
      tf.grad((v) => tf.conv2d(v as tf.Tensor4D, w, 2, 'same').square().sum()),
      tf.grad((v) => tf.conv2d(v as tf.Tensor4D, w, 1, 'valid').square().sum()),
    ];
    for (const g of grads) tf.dispose(g(x)); // warm-up: XNNPACK set-up and anything cached once
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 0; i < 10; i++) for (const g of grads) tf.dispose(g(x));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    tf.dispose([x, w]);
  });
});
