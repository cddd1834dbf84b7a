import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertWasmGradientMatchesCpu, on, randoms, relDiff, startWasmAndCpu } from '../../test/kernelTestKit';
import { buildModel } from '../../models/buildModel';
import { specFromPreset } from '../../models/presets';
import { batchLoss } from '../losses';
import { makeOptimizer } from '../optimizers';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { registerTrainingKernels, TRAINING_KERNELS } from './registerTrainingKernels';

beforeAll(async () => {
  await startWasmAndCpu();
});

describe('Conv2DBackpropFilter on wasm', () => {
  it('is registered for wasm, idempotently, and leaves a kernel tfjs already has alone', () => {
    registerTrainingKernels('wasm');
    registerTrainingKernels('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(conv2dBackpropFilter);
    for (const k of TRAINING_KERNELS.wasm.missing) expect(tf.getKernel(k.kernelName, 'wasm')).toBeDefined();

    // A future tfjs that ships the kernel: its own registration must win.
    const native: tf.KernelFunc = () => {
      throw new Error('native');
    };
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: native });
    try {
      registerTrainingKernels('wasm');
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(native);
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
      registerTrainingKernels('wasm');
    }
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(conv2dBackpropFilter);
  });

  it('matches the cpu backend’s conv2d filter gradient over random shapes, strides and paddings', async () => {
    await assertWasmGradientMatchesCpu('filter', false, 40);
  });

  it('matches cpu through the fused conv2d (bias + relu) that tf.layers.conv2d uses', async () => {
    await assertWasmGradientMatchesCpu('filter', true, 10);
  });

  it('handles explicit and numeric padding with rounding, like the cpu kernel', async () => {
    const cases: { x: number[]; filter: [number, number, number, number]; strides: [number, number]; pad: tf.Conv2DBackpropFilterAttrs['pad']; round?: 'floor' | 'ceil' | 'round' }[] = [
      { x: [2, 7, 6, 3], filter: [3, 2, 3, 4], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
      { x: [1, 9, 8, 2], filter: [4, 3, 2, 3], strides: [2, 2], pad: 1, round: 'floor' },
      { x: [3, 5, 5, 1], filter: [2, 2, 1, 2], strides: [2, 2], pad: 0, round: 'ceil' },
    ];
    for (const [i, c] of cases.entries()) {
      const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter, c.strides, 1, c.pad, c.round);
      const dyShape = info.outShape;
      const xv = randoms(tf.util.sizeFromShape(c.x), 10 + i);
      const dyv = randoms(tf.util.sizeFromShape(dyShape), 20 + i);
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.round, filterShape: c.filter } as unknown as tf.NamedAttrMap;
      const run = () =>
        tf.tidy(() => {
          const out = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) }, attrs) as tf.Tensor;
          expect(out.shape).toEqual(c.filter);
          return out.dataSync();
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expect(relDiff(got, ref)).toBeLessThan(1e-4);
    }
  });

  it('refuses NCHW and non-float inputs with a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 2, 2, 3]);
    const attrs = { strides: 1, pad: 'valid', dimRoundingMode: undefined, filterShape: [3, 3, 2, 3] };
    try {
      expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' } as unknown as tf.NamedAttrMap)).toThrow(/NHWC/);
      const xi = x.toInt();
      expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: xi, dy }, { ...attrs, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap)).toThrow(/float32/);
      xi.dispose();
    } finally {
      tf.dispose([x, dy]);
    }
  });

  it('leaves no intermediate buffers behind (engine and wasm backend counts stay flat)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randoms(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
    const w = tf.tensor4d(randoms(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const grad = tf.grad((f) => tf.conv2d(x, f as tf.Tensor4D, 2, 'same').square().sum());
    tf.dispose(grad(w)); // warm-up: XNNPACK set-up and anything cached once
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 0; i < 10; i++) tf.dispose(grad(w));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    tf.dispose([x, w]);
  });
});

describe('training the CNN preset on wasm', () => {
  const spec = specFromPreset('cnn');
  const inputShape = [28, 28, 1];
  const batch = 4;
  const xv = Float32Array.from(randoms(batch * 28 * 28, 7), (v) => (v + 1) / 2);
  const labels = [3, 1, 4, 1];

  /** Loss and per-weight gradients of one batch, with the given initial weights (or the preset's own). */
  function lossAndGrads(model: tf.LayersModel): { loss: number; grads: Float32Array[] } {
    return tf.tidy(() => {
      const x = tf.tensor4d(xv, [batch, 28, 28, 1]);
      const y = tf.tensor1d(labels, 'int32');
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const data = { task: 'classification', numClasses: 10 } as Parameters<typeof batchLoss>[1];
      const { value, grads } = tf.variableGrads(() => batchLoss('sparseCategoricalCrossentropy', data, model.apply(x, { training: true }) as tf.Tensor, y).loss, vars);
      return { loss: value.dataSync()[0], grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
    });
  }

  function step(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const data = { task: 'classification', numClasses: 10 } as Parameters<typeof batchLoss>[1];
      return optimizer.minimize(() => batchLoss('sparseCategoricalCrossentropy', data, model.apply(x, { training: true }) as tf.Tensor, y).loss, true) as tf.Scalar;
    });
  }

  it('gives the cpu backend’s first-step loss and gradients, then trains', async () => {
    const { weights, ref } = await on('cpu', () => {
      const model = buildModel(spec, inputShape);
      const weights = model.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));
      const ref = lossAndGrads(model);
      model.dispose();
      return { weights, ref };
    });
    await tf.setBackend('wasm');
    const model = buildModel(spec, inputShape);
    model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
    const got = lossAndGrads(model);
    expect(Number.isFinite(got.loss)).toBe(true);
    expect(Math.abs(got.loss - ref.loss)).toBeLessThan(1e-3);
    expect(got.grads.length).toBe(ref.grads.length);
    got.grads.forEach((g, i) => expect(relDiff(g, ref.grads[i])).toBeLessThan(1e-3));

    const optimizer = makeOptimizer(spec.training);
    const x = tf.tensor4d(xv, [batch, 28, 28, 1]);
    const y = tf.tensor1d(labels, 'int32');
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const loss = step(model, optimizer, x, y);
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[2]).toBeLessThan(losses[0]);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('does not leak tensors or wasm buffers across training steps', async () => {
    await tf.setBackend('wasm');
    const model = buildModel(spec, inputShape);
    const optimizer = makeOptimizer(spec.training);
    const x = tf.tensor4d(xv, [batch, 28, 28, 1]);
    const y = tf.tensor1d(labels, 'int32');
    // Two warm-up steps: the optimizer creates its slot variables on the first.
    for (let i = 0; i < 2; i++) step(model, optimizer, x, y).dispose();
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) step(model, optimizer, x, y).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
