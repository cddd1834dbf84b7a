import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';
import { gradientSwap } from './gradientSwap';

/**
 * ReLU's gradient on WebGL in one packed draw: dy · step(x). tfjs 4.22's gradient is Step then Multiply, two passes
 * over each activation (the CNN preset's first layer: 692,224 values, twice per batch). Same values: step is 1 above
 * 0, 0 at or below it and NaN for NaN, as tfjs's Step kernel has it.
 *
 * Gradients are registered per kernel for every backend at once, so the gradient registered here is tfjs's own on every
 * other backend (the same ops) and only sends WebGL to the fused kernel; restoreReluGradient puts tfjs's own config
 * back for a stock-tfjs reference (the benchmark's).
 */
export const RELU_GRAD = 'TensorscopeReluGrad';

const program = (shape: number[]): WebGLProgram =>
  packedProgram(
    ['Dy', 'X'],
    shape,
    `
    void main() {
      vec4 x = getXAtOutCoords();
      vec4 s = mix(vec4(greaterThan(x, vec4(0.0))), x, vec4(isnan(x)));
      setOutput(getDyAtOutCoords() * s);
    }
  `,
  );

const webglReluGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  return (backend as unknown as WebGLBackend).runWebGLProgram(program(x.shape), [dy, x], 'float32');
};

if (!tf.getKernel(RELU_GRAD, 'webgl')) tf.registerKernel({ kernelName: RELU_GRAD, backendName: 'webgl', kernelFunc: webglReluGrad });

const oursConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const g = dy as tf.Tensor;
    if (tf.getBackend() === 'webgl' && x.dtype === 'float32' && g.dtype === 'float32') {
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: g, x }) as tf.Tensor };
    }
    return { x: () => tf.mul(g, tf.cast(tf.step(x), 'float32')) };
  },
};

const swap = gradientSwap(oursConfig);

/** Registers the gradient above for Relu (idempotent), keeping tfjs's own for restoreReluGradient. */
export const registerReluGradient = swap.register;

/** Puts tfjs's own Relu gradient back (for a stock-tfjs reference); registerReluGradient installs ours again. */
export const restoreReluGradient = swap.restore;
