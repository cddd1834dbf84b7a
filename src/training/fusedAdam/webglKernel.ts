import * as tf from '@tensorflow/tfjs';
import { runAdamPasses, type AdamAttrs, type AdamPass } from './adamStep';
import type { AdamInputs } from './hostKernels';
import { FUSED_ADAM } from './kernelName';

/** The part of tfjs-backend-webgl's program interface these shaders use (structural: no import of the package). */
export interface WebGLProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: { name: string; type: 'float' }[];
}

/** A program on packed (vec4) textures in and out, as tfjs's own packed programs; `userCode` defines main(). */
export function packedProgram(variableNames: string[], outputShape: number[], userCode: string, customUniforms: WebGLProgram['customUniforms'] = []): WebGLProgram {
  return { variableNames, outputShape, packedInputs: true, packedOutput: true, customUniforms, userCode };
}

export interface WebGLBackend {
  runWebGLProgram(program: WebGLProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, customUniformValues?: number[][]): tf.TensorInfo;
}

/**
 * One pass as a packed (vec4) program, like tfjs's own element-wise ones: three draws per weight tensor instead of
 * tfjs Adam's fourteen kernels and eight scalar uploads. The hyper-parameters are uniforms, so a learning-rate
 * schedule does not compile new shaders.
 */
function program(pass: AdamPass, outputShape: number[]): WebGLProgram {
  return packedProgram(
    [...pass.inputs],
    outputShape,
    `
      void main() {
        ${pass.inputs.map((n) => `vec4 ${n.toLowerCase()} = get${n}AtOutCoords();`).join('\n        ')}
        setOutput(${pass.expr});
      }
    `,
    pass.uniforms.map((name) => ({ name, type: 'float' })),
  );
}

const webglFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = args.inputs as unknown as AdamInputs;
  const a = args.attrs as unknown as AdamAttrs;
  const be = args.backend as unknown as WebGLBackend;
  return runAdamPasses({ W: w, G: g, M: m, V: v }, (pass, inputs) =>
    be.runWebGLProgram(program(pass, w.shape), inputs, 'float32', pass.values(a).map((x) => [x])),
  );
};

export const webglFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'webgl', kernelFunc: webglFusedAdam };
