import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convCase, convGradient, relDiff, startWasmAndCpu } from '../../test/kernelTestKit';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { registerTrainingKernels, restoreStockKernels } from './registerTrainingKernels';

// The composed convolution gradients also replace the cpu backend's own (and webgl's filter gradient, checked in
// Chromium by the CNN e2e runs): here against tfjs's own cpu kernels, which restoreStockKernels puts back.
beforeAll(async () => {
  await startWasmAndCpu();
  await tf.setBackend('cpu');
});
afterAll(() => restoreStockKernels('cpu'));

function withStock<T>(f: () => T): T {
  restoreStockKernels('cpu');
  try {
    return f();
  } finally {
    registerTrainingKernels('cpu');
  }
}

describe('composed convolution gradients on cpu', () => {
  it('replace tfjs’s own cpu kernels, and restoreStockKernels puts those back', () => {
    registerTrainingKernels('cpu');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc).toBe(conv2dBackpropFilter);
    expect(tf.getKernel('Conv2DBackpropInput', 'cpu')?.kernelFunc).toBe(conv2dBackpropInput);
    withStock(() => {
      expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc).not.toBe(conv2dBackpropFilter);
      expect(tf.getKernel('Conv2DBackpropInput', 'cpu')?.kernelFunc).not.toBe(conv2dBackpropInput);
    });
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc).toBe(conv2dBackpropFilter);
  });

  for (const wrt of ['filter', 'x'] as const) {
    it(`give tfjs’s own ${wrt === 'x' ? 'input' : 'filter'} gradient for random shapes, strides and paddings, plain and fused`, () => {
      registerTrainingKernels('cpu');
      fc.assert(
        fc.property(convCase, fc.boolean(), (c, fused) => {
          const ours = convGradient(c, fused, wrt);
          const ref = withStock(() => convGradient(c, fused, wrt));
          expect(relDiff(ours, ref)).toBeLessThan(1e-4);
        }),
        { numRuns: 60 },
      );
    });
  }
});
