import * as tf from '@tensorflow/tfjs';
import { checkConvOperands, runKernel, transposeInfo, withIntermediates, type Backend } from './compose';

type Attrs = tf.Conv2DBackpropInputAttrs;

/**
 * Conv2DBackpropInput as one forward Conv2D of the same backend (a transposed convolution as a convolution).
 * tfjs 4.22's own wasm kernel is a scalar C++ loop, 4–11× slower than this (XNNPACK) on the studio's conv nets; its
 * cpu kernel is about 1.6× slower than this (im2col). On webgl tfjs's own shader was faster than this; webgl has its own
 * packed program instead (webglConv.ts).
 *
 * The input gradient of y = conv2d(x, W) (NHWC, stride s, input padding top/left) is
 *   dx[n, h, w, ci] = Σ_{a, b, co} dy[n, i, j, co] · W[a, b, ci, co]   over s·i + a − top = h, s·j + b − left = w,
 * which is a stride-1 'valid' convolution of dy dilated by s (s − 1 zeros between neighbours), padded by
 * kh − 1 − top above (kw − 1 − left on the left) and as much below as makes the output inHeight rows, with the
 * spatially flipped filter with its channel axes swapped (F[a, b, co, ci] = W[kh − 1 − a, kw − 1 − b, ci, co]).
 * The padding is handed to the convolution itself (no padded copy); for stride 1 dy is used as it is.
 * A padding that would be negative (explicit padding wider than the kernel) is computed as 0 and the extra
 * output rows/columns are sliced off.
 *
 * Supports any strides, 'same' / 'valid' / explicit / numeric padding (with dimRoundingMode), NHWC only, float32.
 */
export function conv2dBackpropInput({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as Backend;
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Attrs;
  checkConvOperands('Conv2DBackpropInput', dataFormat, ['dy', dy], ['filter', filter]);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const expected = [batchSize, outHeight, outWidth, outChannels];
  if (dy.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`Conv2DBackpropInput: dy has shape [${dy.shape}], the convolution gives [${expected}]`);
  }
  if (tf.util.sizeFromShape(inputShape) === 0 || tf.util.sizeFromShape(dy.shape) === 0 || tf.util.sizeFromShape(filter.shape) === 0) {
    return runKernel(be, 'Fill', {}, { shape: [...inputShape], value: 0, dtype: 'float32' });
  }

  return withIntermediates(be, (keep) => {
    // dy dilated by the strides. Padding [N, Ho, 1, Wo, 1, Co] after the size-1 axes puts s − 1 zeros after every
    // row and column; the trailing s − 1 zero rows/columns only stand in for part of the bottom/right padding.
    let d = dy;
    if (sh > 1 || sw > 1) {
      const spread = keep(runKernel(be, 'Reshape', { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] }));
      const padded = keep(
        runKernel(be, 'PadV2', { x: spread }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 }),
      );
      d = keep(runKernel(be, 'Reshape', { x: padded }, { shape: [batchSize, outHeight * sh, outWidth * sw, outChannels] }));
    }
    const dh = d.shape[1];
    const dw = d.shape[2];
    // Padding of d so that a 'valid' kh × kw convolution gives inHeight × inWidth rows and columns.
    const top = kh - 1 - padInfo.top;
    const left = kw - 1 - padInfo.left;
    const bottom = inHeight + kh - 1 - top - dh;
    const right = inWidth + kw - 1 - left - dw;

    // F[a, b, co, ci] = W[kh − 1 − a, kw − 1 − b, ci, co]: channels swapped, then both spatial axes reversed.
    let f = keep(transposeInfo(be, filter, [0, 1, 3, 2]));
    if (kh > 1 || kw > 1) f = keep(runKernel(be, 'Reverse', { x: f }, { dims: [0, 1] }));

    const convPad = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
    const conv = runKernel(be, 'Conv2D', { x: d, filter: f }, { strides: 1, pad: convPad, dataFormat: 'NHWC', dilations: 1 });
    if (conv.shape[1] === inHeight && conv.shape[2] === inWidth) return conv;
    keep(conv);
    return runKernel(be, 'Slice', { x: conv }, { begin: [0, Math.max(0, -top), Math.max(0, -left), 0], size: [batchSize, inHeight, inWidth, inChannels] });
  });
}
