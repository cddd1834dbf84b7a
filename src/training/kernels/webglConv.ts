import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';

/**
 * The input gradient of a stride-1 convolution on WebGL as a packed program that reads dy's windows in place: each
 * fragment computes one texel of the packed dx — two neighbouring columns (w, w + 1) × two input channels — looping
 * over the window and the output channels two at a time, so each step is one texel of the filter (2 × 2 channels) and
 * one or two of dy: 8 multiply-adds per 2–3 fetches. tfjs 4.22 computes one value per fragment with two fetches per
 * multiply-add: the CNN preset's second layer 205 → 168 ms per profiled batch (tf.profile, SwiftShader).
 *
 * The same approach for the forward convolution was slower than tfjs's im2col and packed product (150 against 138 ms
 * and 80 against 49 ms for the preset's two layers), so forward convolutions stay tfjs's.
 *
 * The shapes and paddings are written into the shader as constants (one program per layer shape, as tfjs does). In a
 * packed texture a texel holds (row, col), (row, col + 1), (row + 1, col), (row + 1, col + 1) of the last two axes —
 * here (w, channel) — and whether a window column starts a texel is the same for every fragment (the output column w
 * is even), so each kernel column's fetches are chosen when the shader is written. NHWC, float32.
 */

/**
 * The fragment's loops: over the window's rows, and, unrolled, its columns b, each reading dy at columns
 * j0 = w + left − b and j0 + 1 (one texel when j0 is even, two otherwise; w is even, so that is known here).
 */
function inputGradientBody(info: tf.backend_util.Conv2DInfo): string {
  const { outHeight, outWidth, outChannels, filterHeight: kh, filterWidth: kw, padInfo } = info;
  const cols: string[] = [];
  for (let b = 0; b < kw; b++) {
    const off = padInfo.left - b;
    const even = ((off % 2) + 2) % 2 === 0;
    cols.push(`
        {
          int j0 = w + ${off};
          int j1 = j0 + 1;
          float ok0 = (j0 >= 0 && j0 < ${outWidth}) ? 1.0 : 0.0;
          float ok1 = (j1 >= 0 && j1 < ${outWidth}) ? 1.0 : 0.0;
          int jj0 = clamp(j0, 0, ${outWidth - 1});
          int jj1 = clamp(j1, 0, ${outWidth - 1});
          for (int s = 0; s < ${outChannels}; s += 2) {
            // f: (ic, s), (ic, s + 1), (ic + 1, s), (ic + 1, s + 1); x0, x1: dy at columns w, w + 1, channels s, s + 1.
            vec4 f = getW(a, ${b}, ic, s);
            vec4 t0 = getDy(n, r, jj0, s);
            ${even ? '' : 'vec4 t1 = getDy(n, r, jj1, s);'}
            vec2 x0 = ${even ? 't0.xy' : 't0.zw'} * ok0;
            vec2 x1 = ${even ? 't0.zw' : 't1.xy'} * ok1;
            ${outChannels % 2 === 1 ? `if (s + 1 >= ${outChannels}) { x0.y = 0.0; x1.y = 0.0; f.yw = vec2(0.0); }` : ''}
            acc.x += dot(x0, f.xy);
            acc.y += dot(x0, f.zw);
            acc.z += dot(x1, f.xy);
            acc.w += dot(x1, f.zw);
          }
        }`);
  }
  return `
      for (int a = 0; a < ${kh}; a++) {
        int r = h + ${padInfo.top} - a;
        if (r < 0 || r >= ${outHeight}) continue;
        ${cols.join('\n')}
      }`;
}

function inputGradientProgram(info: tf.backend_util.Conv2DInfo): WebGLProgram {
  return packedProgram(['Dy', 'W'], [info.batchSize, info.inHeight, info.inWidth, info.inChannels], `
      void main() {
        ivec4 o = getOutputCoords();
        int n = o.x;
        int h = o.y;
        int w = o.z;
        int ic = o.w;
        vec4 acc = vec4(0.0);
        ${inputGradientBody(info)}
        setOutput(acc);
      }
    `);
}

/** Conv2DBackpropInput on WebGL: the packed window program for stride 1, NHWC float32; others to tfjs's own. */
export function webglConv2DBackpropInput(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const nhwc = dataFormat === undefined || dataFormat === 'NHWC';
    if (!nhwc || dy.dtype !== 'float32' || filter.dtype !== 'float32' || dy.shape.length !== 4) return original(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(inputGradientProgram(info), [dy, filter], 'float32');
  };
}
