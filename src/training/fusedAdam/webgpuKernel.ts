import * as tf from '@tensorflow/tfjs';
import { webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import type { AdamAttrs } from './adamStep';
import type { AdamInputs } from './hostKernels';
import { FUSED_ADAM } from './kernelName';

/** The part of tfjs-backend-webgpu's program interface these shaders use (its WebGPUProgram, flat layout). */
interface Program {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms: string;
  workgroupSize: [number, number, number];
  size: boolean;
  getUserCode(): string;
}

interface WebGPUBackend {
  runWebGPUProgram(program: Program, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
}

/** One element per invocation, like tfjs's own element-wise WebGPU programs; the formula of adamStep.ts. */
function program(key: string, variableNames: string[], outputShape: number[], uniforms: string[], body: string): Program {
  const dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    outputShape,
    shaderKey: `tensorscopeAdam_${key}`,
    dispatchLayout,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    variableNames,
    uniforms: uniforms.map((u) => `${u} : f32,`).join(' '),
    workgroupSize,
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${variableNames.map((n) => `let ${n.toLowerCase()} = get${n}ByOutputIndex(index);`).join('\n          ')}
          setOutputAtIndex(index, ${body});
        }
      }
    `,
  };
}

const f32 = (x: number) => ({ type: 'float32', data: [x] });

const webgpuFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = args.inputs as unknown as AdamInputs;
  const a = args.attrs as unknown as AdamAttrs;
  const be = args.backend as unknown as WebGPUBackend;
  const shape = w.shape;
  const newM = be.runWebGPUProgram(program('m', ['M', 'G'], shape, ['beta', 'oneMinusBeta'], 'm * uniforms.beta + g * uniforms.oneMinusBeta'), [m, g], 'float32', [f32(a.beta1), f32(1 - a.beta1)]);
  const newV = be.runWebGPUProgram(program('v', ['V', 'G'], shape, ['beta', 'oneMinusBeta'], 'v * uniforms.beta + g * g * uniforms.oneMinusBeta'), [v, g], 'float32', [f32(a.beta2), f32(1 - a.beta2)]);
  const newW = be.runWebGPUProgram(
    program('w', ['W', 'M', 'V'], shape, ['c1', 'c2', 'eps', 'negLr'], 'm / uniforms.c1 / (sqrt(v / uniforms.c2) + uniforms.eps) * uniforms.negLr + w'),
    [w, newM, newV],
    'float32',
    [f32(a.biasCorrection1), f32(a.biasCorrection2), f32(a.epsilon), f32(-a.learningRate)],
  );
  return [newW, newM, newV];
};

export const webgpuFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'webgpu', kernelFunc: webgpuFusedAdam };
