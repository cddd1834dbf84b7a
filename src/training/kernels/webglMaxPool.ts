import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';

/**
 * A 2 × 2, stride-2, unpadded max pool on WebGL, forward and gradient, as packed programs.
 *
 * Forward: a fragment computes one texel of the packed output — window columns j, j + 1 × two channels — from four
 * texels of x (the two windows' two rows): one fetch per value, where tfjs 4.22's unpacked program makes four. The
 * maximum is taken with the same operations in the same order as tfjs's (so NaN comes out as there).
 *
 * Gradient: in one packed draw. tfjs 4.22 draws twice: the
 * position of each window's maximum (four fetches per window), then, one value per fragment, a loop over the windows
 * that could hold it (two fetches per step). Here a fragment computes one texel of the packed dx — columns w, w + 1
 * (one window's two columns: w is even) × two channels — from the window's two rows of x (two texels) and one texel of
 * dy: 3 fetches for 4 values (tfjs's: about 9 per value over its two draws).
 *
 * The maximum is chosen as tfjs chooses it: scanning the window row by row, a value at least as large as the maximum
 * so far takes its place (so of equal values the last wins), and a NaN is never chosen unless the scan starts with
 * one. Columns and rows that no window covers (an odd width or height) get 0.
 */

/** GLSL: the position (0–3, row-major) of the window's maximum, tfjs's rule. */
const ARGMAX = `
  int argmax4(vec4 v) {
    float best = 0.0;
    float found = 0.0;
    int pos = 0;
    for (int k = 0; k < 4; k++) {
      float value = v[k];
      if (value >= mix(value, best, found)) {
        best = value;
        found = 1.0;
        pos = k;
      }
    }
    return pos;
  }
`;

/** GLSL: tfjs's max of a window's two rows (t0, t1 and b0, b1), its operations in its order. */
const MAX4 = `
  float max4(float t0, float t1, float b0, float b1) {
    const float init = -1.0 / 1e-20;
    vec4 m = max(vec4(t0, t1, init, init), vec4(init));
    m = max(vec4(b0, b1, init, init), m);
    return max(max(max(m[0], m[1]), m[2]), m[3]);
  }
`;

function forwardProgram(shape: number[], outHeight: number, outWidth: number): WebGLProgram {
  return packedProgram(['X'], [shape[0], outHeight, outWidth, shape[3]], `
      ${MAX4}
      void main() {
        ivec4 o = getOutputCoords();
        int n = o.x;
        int i = o.y;
        int j = o.z;
        int c = o.w;
        // Texels: (col, ch), (col, ch + 1), (col + 1, ch), (col + 1, ch + 1); window j's columns, then window j + 1's.
        vec4 t0 = getX(n, 2 * i, 2 * j, c);
        vec4 b0 = getX(n, 2 * i + 1, 2 * j, c);
        vec4 t1 = vec4(0.0);
        vec4 b1 = vec4(0.0);
        if (j + 1 < ${outWidth}) {
          t1 = getX(n, 2 * i, 2 * j + 2, c);
          b1 = getX(n, 2 * i + 1, 2 * j + 2, c);
        }
        setOutput(vec4(
          max4(t0.x, t0.z, b0.x, b0.z),
          max4(t0.y, t0.w, b0.y, b0.w),
          max4(t1.x, t1.z, b1.x, b1.z),
          max4(t1.y, t1.w, b1.y, b1.w)));
      }
    `);
}

function program(xShape: number[], outHeight: number, outWidth: number): WebGLProgram {
  return packedProgram(['Dy', 'X'], xShape, `
      ${ARGMAX}
      void main() {
        ivec4 o = getOutputCoords();
        int n = o.x;
        int h = o.y;
        int w = o.z;
        int c = o.w;
        int i = h / 2;
        int j = w / 2;
        if (i >= ${outHeight} || j >= ${outWidth}) {
          setOutput(vec4(0.0));
          return;
        }
        // Texels: (col, ch), (col, ch + 1), (col + 1, ch), (col + 1, ch + 1) for the window's top and bottom rows.
        vec4 top = getX(n, 2 * i, w, c);
        vec4 bottom = getX(n, 2 * i + 1, w, c);
        int p0 = argmax4(vec4(top.x, top.z, bottom.x, bottom.z));
        int p1 = argmax4(vec4(top.y, top.w, bottom.y, bottom.w));
        vec4 d = getDy(n, i, j, c);
        vec2 g = (j - (j / 2) * 2) == 0 ? d.xy : d.zw;
        int row = (h - 2 * i) * 2;
        setOutput(vec4(
          p0 == row ? g.x : 0.0,
          p1 == row ? g.y : 0.0,
          p0 == row + 1 ? g.x : 0.0,
          p1 == row + 1 ? g.y : 0.0));
      }
    `);
}

/** The pool's output size when it is 2 × 2, stride 2, unpadded, over a float32 NHWC tensor; else null. */
function simplePool(x: tf.TensorInfo, attrs: tf.MaxPoolAttrs): { outHeight: number; outWidth: number } | null {
  if (x.dtype !== 'float32' || x.shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { top, bottom, left, right } = info.padInfo;
  const simple = info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 && top + bottom + left + right === 0;
  return simple && info.outHeight > 0 && info.outWidth > 0 ? { outHeight: info.outHeight, outWidth: info.outWidth } : null;
}

/** MaxPool on WebGL: the packed program for 2 × 2, stride 2, no padding, float32 NHWC; others to tfjs's own. */
export function webglMaxPool(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const out = simplePool(x, args.attrs as unknown as tf.MaxPoolAttrs);
    if (!out) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(forwardProgram(x.shape, out.outHeight, out.outWidth), [x], 'float32');
  };
}

/** MaxPoolGrad on WebGL: the one-draw program for 2 × 2, stride 2, no padding, float32 NHWC; others to tfjs's own. */
export function webglMaxPoolGrad(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const out = dy.dtype === 'float32' ? simplePool(input, args.attrs as unknown as tf.MaxPoolAttrs) : null;
    if (!out) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(program(input.shape, out.outHeight, out.outWidth), [dy, input], 'float32');
  };
}
