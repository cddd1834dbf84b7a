import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';
import { runKernel, withIntermediates, type Backend } from './compose';
import { forwardConvProgram, standardLayout } from './webglConvForward';

/**
 * The input gradient of a stride-1 convolution on WebGL as a packed program that reads dy's windows in place: each
 * fragment computes one texel of the packed dx — two neighbouring columns (w, w + 1) × two input channels — looping
 * over the window and the output channels two at a time, so each step is one texel of the filter (2 × 2 channels) and
 * one or two of dy: 8 multiply-adds per 2–3 fetches. tfjs 4.22 computes one value per fragment with two fetches per
 * multiply-add: the CNN preset's second layer 205 → 168 ms per profiled batch (tf.profile, SwiftShader).
 *
 * It fetches through tfjs's samplers, which recompute a flat texel index per fetch: the same approach for the forward
 * convolution was slower than tfjs's im2col and packed product. webglConvForward.ts steps texture coordinates instead
 * and is 3× faster; this program stays for the input gradients whose textures that one cannot read (see below).
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

/**
 * The input gradient as a forward convolution of dy (webglConvForward.ts) with the filter turned around and its
 * channel axes swapped — dx[n, i, j, c] = Σ dy[n, i + top − a, j + left − b, o] · W[a, b, c, o] is the stride-1
 * convolution of dy, padded by kh − 1 − top and kw − 1 − left, with W'[a, b, o, c] = W[kh − 1 − a, kw − 1 − b, c, o]
 * — when both textures have the layout that program reads: the CNN preset's second layer 128 → 43 ms unsynced in
 * SwiftShader. Otherwise the packed window program above.
 */
function asForwardConv(backend: WebGLBackend & Backend, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  return withIntermediates(backend, (keep) => {
    const swapped = keep(runKernel(backend, 'Transpose', { x: filter }, { perm: [0, 1, 3, 2] }));
    const turned = keep(runKernel(backend, 'Reverse', { x: swapped }, { dims: [0, 1] }));
    const program = forwardConvProgram({
      batchSize: info.batchSize,
      inHeight: info.outHeight,
      inWidth: info.outWidth,
      inChannels: info.outChannels,
      outHeight: info.inHeight,
      outWidth: info.inWidth,
      outChannels: info.inChannels,
      filterHeight: kh,
      filterWidth: kw,
      padInfo: { top: kh - 1 - padInfo.top, left: kw - 1 - padInfo.left },
    });
    return backend.runWebGLProgram(program, [dy, turned], 'float32');
  });
}

/** Conv2DBackpropInput on WebGL: stride 1, NHWC float32 as above; others to tfjs's own. */
export function webglConv2DBackpropInput(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const nhwc = dataFormat === undefined || dataFormat === 'NHWC';
    if (!nhwc || dy.dtype !== 'float32' || filter.dtype !== 'float32' || dy.shape.length !== 4) return original(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return original(args);
    const backend = args.backend as unknown as WebGLBackend & Backend;
    const [kh, kw, ci, co] = filter.shape;
    if (standardLayout(dy.shape) && standardLayout([kh, kw, co, ci])) return asForwardConv(backend, dy, filter, info);
    return backend.runWebGLProgram(inputGradientProgram(info), [dy, filter], 'float32');
  };
}
