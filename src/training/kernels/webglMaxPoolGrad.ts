import * as tf from '@tensorflow/tfjs';
import type { WebGLBackend, WebGLProgram } from '../fusedAdam/webglKernel';

/**
 * The gradient of a 2 × 2, stride-2, unpadded max pool on WebGL in one packed draw. tfjs 4.22 draws twice: the
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

function program(xShape: number[], outHeight: number, outWidth: number): WebGLProgram {
  return {
    variableNames: ['Dy', 'X'],
    outputShape: xShape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: [],
    userCode: `
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
    `,
  };
}

/** MaxPoolGrad on WebGL: the one-draw program for 2 × 2, stride 2, no padding, float32 NHWC; others to tfjs's own. */
export function webglMaxPoolGrad(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) return original(args);
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const { top, bottom, left, right } = info.padInfo;
    const simple = info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 && top + bottom + left + right === 0;
    if (!simple) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(program(input.shape, info.outHeight, info.outWidth), [dy, input], 'float32');
  };
}
