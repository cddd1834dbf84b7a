import * as tf from '@tensorflow/tfjs';
import { runKernel, withIntermediates, type Backend } from './compose';

/**
 * BatchMatMul for the wasm backend with transposed operands made explicit. tfjs 4.22's wasm kernel sends
 * `transposeA`/`transposeB` down a scalar loop instead of XNNPACK, and every Dense layer's gradients use them
 * (dW = xᵀ·dy, dx = dy·Wᵀ): for the Keras MLP's first layer 4.8 ms against 0.6 ms for a Transpose (XNNPACK) plus
 * the untransposed product. Untransposed products go straight to wasm's own kernel.
 */
export function wasmBatchMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original(args);
    const be = args.backend as unknown as Backend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    return withIntermediates(be, (keep) => {
      const aa = transposeA ? keep(swapLastAxes(be, a)) : a;
      const bb = transposeB ? keep(swapLastAxes(be, b)) : b;
      return original({ ...args, inputs: { a: aa, b: bb }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    });
  };
}

function swapLastAxes(be: Backend, x: tf.TensorInfo): tf.TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return runKernel(be, 'Transpose', { x }, { perm });
}
