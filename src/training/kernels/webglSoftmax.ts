import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';
import { gradientSwap } from './gradientSwap';

/**
 * Softmax over the last axis of a matrix on WebGL, forward and gradient, each in one packed draw. tfjs 4.22 composes
 * the forward of Max, Reshape, Sub, Exp, Sum, Reshape and RealDiv (unpacked reductions, with packing conversions
 * around them) and its gradient of Mul, Sum, Mul and Sub: about a dozen draws of a few values each on every batch of
 * a classifier (a softmax head), where each draw costs more than its arithmetic (~0.1 ms in SwiftShader).
 *
 * A fragment computes one texel of the packed output — rows r, r + 1 × columns c, c + 1 — looping over its two rows
 * (one texel holds both rows' values of two columns): the rows' maxima, then their sums of exp(x − max), as tfjs's
 * does; the gradient y·(dy − Σ dy·y). A padding column (an odd width) is left out of the maxima and sums. A row
 * holding NaN or ±Infinity comes out all NaN, as tfjs's does. Rows are short (the classes), so recomputing a row per
 * fragment costs less than a draw.
 */

/**
 * GLSL: which lanes hold NaN or ±Infinity, from the bits. Shader arithmetic does not reliably carry NaN through (in
 * SwiftShader a NaN logit gave a softmax row of [NaN, 0, 0] and a finite loss), so rows with one are set to NaN (the
 * `NAN` uniform tfjs gives every program) explicitly, as tfjs's composed ops give.
 */
export const NON_FINITE = `
  bvec4 nonFinite(vec4 v) {
    return greaterThanEqual(floatBitsToUint(v) & uvec4(0x7fffffffu), uvec4(0x7f800000u));
  }`;

/** GLSL: loops over the texels of rows r, r + 1 (`body` sees the texel `t` and `ok`, the real columns' lanes). */
function overRows(width: number, body: string): string {
  const texels = Math.ceil(width / 2);
  return `
      for (int j = 0; j < ${texels}; j++) {
        bvec4 ok = bvec4(true, 2 * j + 1 < ${width}, true, 2 * j + 1 < ${width});
        ${body}
      }`;
}

function forwardProgram(shape: [number, number]): WebGLProgram {
  const [, width] = shape;
  return packedProgram(['Logits'], shape, `
    ${NON_FINITE}
    void main() {
      ivec2 o = getOutputCoords();
      vec2 top = vec2(-1.0 / 0.0);
      bvec2 bad = bvec2(false);
      ${overRows(width, `vec4 t = getLogits(o.x, 2 * j);
        bvec4 nf = nonFinite(t);
        bad = bvec2(bad.x || nf.x || (ok.y && nf.y), bad.y || nf.z || (ok.y && nf.w));
        top = max(top, vec2(t.x, t.z));
        if (ok.y) top = max(top, vec2(t.y, t.w));`)}
      vec2 sum = vec2(0.0);
      ${overRows(width, `vec4 e = exp(getLogits(o.x, 2 * j) - top.xxyy);
        sum += vec2(e.x, e.z) + (ok.y ? vec2(e.y, e.w) : vec2(0.0));`)}
      vec4 y = exp(getLogitsAtOutCoords() - top.xxyy) / sum.xxyy;
      setOutput(mix(y, vec4(NAN), bvec4(bad.x, bad.x, bad.y, bad.y)));
    }
  `);
}

function gradientProgram(shape: [number, number]): WebGLProgram {
  const [, width] = shape;
  return packedProgram(['Dy', 'Y'], shape, `
    void main() {
      ivec2 o = getOutputCoords();
      vec2 dot = vec2(0.0);
      ${overRows(width, `vec4 p = getDy(o.x, 2 * j) * getY(o.x, 2 * j);
        dot += vec2(p.x, p.z) + (ok.y ? vec2(p.y, p.w) : vec2(0.0));`)}
      vec4 y = getYAtOutCoords();
      setOutput(y * (getDyAtOutCoords() - dot.xxyy));
    }
  `);
}

const isMatrix = (t: tf.TensorInfo) => t.shape.length === 2 && t.dtype === 'float32' && t.shape[0] > 0 && t.shape[1] > 0;

/** Softmax on WebGL: one draw for a float32 matrix over its last axis; everything else to tfjs's own. */
export function webglSoftmax(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { logits } = args.inputs as { logits: tf.TensorInfo };
    const { dim } = args.attrs as unknown as tf.SoftmaxAttrs;
    if (!isMatrix(logits) || (dim !== -1 && dim !== 1)) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(forwardProgram(logits.shape as [number, number]), [logits], 'float32');
  };
}

export const SOFTMAX_GRAD = 'TensorscopeSoftmaxGrad';

const webglSoftmaxGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  return (backend as unknown as WebGLBackend).runWebGLProgram(gradientProgram(y.shape as [number, number]), [dy, y], 'float32');
};

if (!tf.getKernel(SOFTMAX_GRAD, 'webgl')) tf.registerKernel({ kernelName: SOFTMAX_GRAD, backendName: 'webgl', kernelFunc: webglSoftmaxGrad });

const oursConfig: tf.GradConfig = {
  kernelName: tf.Softmax,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved;
    const g = dy as tf.Tensor;
    const { dim } = attrs as unknown as tf.SoftmaxAttrs;
    if (tf.getBackend() === 'webgl' && isMatrix(y) && g.dtype === 'float32' && (dim === -1 || dim === 1)) {
      return { logits: () => tf.engine().runKernel(SOFTMAX_GRAD, { dy: g, y }) as tf.Tensor };
    }
    // tfjs's own for the other backends and shapes.
    const stock = swap.stock();
    if (!stock) throw new Error('Softmax has no gradient of its own registered');
    return stock.gradFunc(dy, saved, attrs);
  },
};

const swap = gradientSwap(oursConfig);

/** Registers the gradient above for Softmax (idempotent; only WebGL matrices take the fused draw). */
export const registerSoftmaxGradient = swap.register;

/** Puts tfjs's own Softmax gradient back (for a stock-tfjs reference); registerSoftmaxGradient installs ours again. */
export const restoreSoftmaxGradient = swap.restore;
