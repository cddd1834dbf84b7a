import * as tf from '@tensorflow/tfjs';
import { checkConvOperands, runKernel, transposeInfo, withIntermediates, type Backend } from './compose';

type Attrs = tf.Conv2DBackpropFilterAttrs;

/**
 * Conv2DBackpropFilter as one forward Conv2D of the same backend. tfjs 4.22's wasm backend lacks the kernel
 * (tensorflow/tfjs#8474); on cpu and webgl it has one, a loop per filter element over the whole batch, that this
 * beats by far (SwiftShader WebGL: 770 → 175 ms for the CNN preset's second layer at batch 32; cpu: 4.6 s → 0.17 s),
 * because the forward convolution goes through XNNPACK (wasm), im2col + packed matmul (webgl) or im2col (cpu).
 *
 * The filter gradient of y = conv2d(x, W) (NHWC, stride s, zero-padded input xp) is
 *   dW[a, b, ci, co] = Σ_{n, i, j} xp[n, a + s·i, b + s·j, ci] · dy[n, i, j, co],
 * which is itself a stride-1 convolution with dilation s: swap the batch and channel axes of the input
 * (X'[ci, h, w, n] = xp[n, h, w, ci], batch Ci, channels N) and use dy as the filter (F[i, j, n, co] =
 * dy[n, i, j, co], an Ho × Wo filter from N to Co channels). Its output [Ci, kh (+ slack), kw (+ slack), Co]
 * is transposed to [kh, kw, Ci, Co]. One batched convolution instead of per-example loops or an explicit
 * im2col; the same multiply-adds as the forward pass.
 *
 * Supports any strides, 'same' / 'valid' / explicit / numeric padding (with dimRoundingMode), NHWC only, float32.
 * Dilated forward convolutions have no gradient in tfjs anyway (its conv2d gradient refuses dilations > 1).
 */
export function conv2dBackpropFilter({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as Backend;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  checkConvOperands('Conv2DBackpropFilter', dataFormat, ['x', x], ['dy', dy]);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
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
    throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape}], the convolution gives [${expected}]`);
  }
  if (tf.util.sizeFromShape(x.shape) === 0 || tf.util.sizeFromShape(dy.shape) === 0) {
    return runKernel(be, 'Fill', {}, { shape: [...filterShape], value: 0, dtype: 'float32' });
  }

  return withIntermediates(be, (keep) => {
    // Rows the dilated "filter" (dy) reaches: (Ho − 1)·s + kh. Pad below/right only as far as that (rounding modes
    // can ask for more than the input has); rows past it are never read and only add up to s − 1 slack rows.
    const needH = (outHeight - 1) * sh + kh;
    const needW = (outWidth - 1) * sw + kw;
    const top = padInfo.top;
    const left = padInfo.left;
    const bottom = Math.max(0, needH - inHeight - top);
    const right = Math.max(0, needW - inWidth - left);
    let xp = x;
    if (top || bottom || left || right) {
      xp = keep(runKernel(be, 'PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }));
    }
    const xT = keep(transposeInfo(be, xp, [3, 1, 2, 0])); // [Ci, Hp, Wp, N]
    const dyT = keep(transposeInfo(be, dy, [1, 2, 0, 3])); // [Ho, Wo, N, Co]
    const conv = keep(
      runKernel(be, 'Conv2D', { x: xT, filter: dyT }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] }),
    ); // [Ci, kh + slack, kw + slack, Co]
    let dw = conv;
    if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
      dw = keep(runKernel(be, 'Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [inChannels, kh, kw, outChannels] }));
    }
    return transposeInfo(be, dw, [1, 2, 0, 3]); // [kh, kw, Ci, Co]
  });
}
