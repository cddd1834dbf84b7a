import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from './adamStep';
import type { AdamInputs } from './hostKernels';
import { FUSED_ADAM } from './kernelName';

/** The part of tfjs-backend-webgl's program interface these shaders use (structural: no import of the package). */
interface WebGLProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: { name: string; type: 'float' }[];
}

interface WebGLBackend {
  runWebGLProgram(program: WebGLProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, customUniformValues?: number[][]): tf.TensorInfo;
}

/**
 * Packed (vec4) programs, like tfjs's own element-wise ones: three draws per weight tensor (m', v', then w' from
 * them) instead of tfjs Adam's fourteen kernels and eight scalar uploads. The hyper-parameters are uniforms, so
 * a learning-rate schedule does not compile new shaders. The order of operations follows adamStep.ts.
 */
function program(variableNames: string[], outputShape: number[], uniforms: string[], body: string): WebGLProgram {
  return {
    variableNames,
    outputShape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: uniforms.map((name) => ({ name, type: 'float' })),
    userCode: `
      void main() {
        ${variableNames.map((n) => `vec4 ${n.toLowerCase()} = get${n}AtOutCoords();`).join('\n        ')}
        setOutput(${body});
      }
    `,
  };
}

const webglFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = args.inputs as unknown as AdamInputs;
  const a = args.attrs as unknown as AdamAttrs;
  const be = args.backend as unknown as WebGLBackend;
  const shape = w.shape;
  const newM = be.runWebGLProgram(program(['M', 'G'], shape, ['beta', 'oneMinusBeta'], 'm * beta + g * oneMinusBeta'), [m, g], 'float32', [[a.beta1], [1 - a.beta1]]);
  const newV = be.runWebGLProgram(program(['V', 'G'], shape, ['beta', 'oneMinusBeta'], 'v * beta + g * g * oneMinusBeta'), [v, g], 'float32', [[a.beta2], [1 - a.beta2]]);
  const newW = be.runWebGLProgram(
    program(['W', 'M', 'V'], shape, ['c1', 'c2', 'eps', 'negLr'], 'm / c1 / (sqrt(v / c2) + eps) * negLr + w'),
    [w, newM, newV],
    'float32',
    [[a.biasCorrection1], [a.biasCorrection2], [a.epsilon], [-a.learningRate]],
  );
  return [newW, newM, newV];
};

export const webglFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'webgl', kernelFunc: webglFusedAdam };
