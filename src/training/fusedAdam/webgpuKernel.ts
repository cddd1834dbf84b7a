import * as tf from '@tensorflow/tfjs';
import { webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import { ADAM_PASSES, runAdamPasses, type AdamAttrs, type AdamPass } from './adamStep';
import type { AdamInputs } from './hostKernels';
import { FUSED_ADAM } from './kernelName';

/** The part of tfjs-backend-webgpu's program interface these shaders use (its WebGPUProgram, flat layout). */
export interface WebGPUProgram {
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

export interface WebGPUBackend {
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
}

/** Each pass's expression in WGSL, where uniforms read as `uniforms.x` (made once, not per step). */
const WGSL_EXPR = new Map(ADAM_PASSES.map((p) => [p, p.uniforms.reduce((e, u) => e.replace(new RegExp(`\\b${u}\\b`, 'g'), `uniforms.${u}`), p.expr)]));

/** One pass, one element per invocation, like tfjs's own element-wise WebGPU programs. */
function program(pass: AdamPass, outputShape: number[]): WebGPUProgram {
  const dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    outputShape,
    shaderKey: `tensorscopeAdam_${pass.out}`,
    dispatchLayout,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    variableNames: [...pass.inputs],
    uniforms: pass.uniforms.map((u) => `${u} : f32,`).join(' '),
    workgroupSize,
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${pass.inputs.map((n) => `let ${n.toLowerCase()} = get${n}ByOutputIndex(index);`).join('\n          ')}
          setOutputAtIndex(index, ${WGSL_EXPR.get(pass)});
        }
      }
    `,
  };
}

const webgpuFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = args.inputs as unknown as AdamInputs;
  const a = args.attrs as unknown as AdamAttrs;
  const be = args.backend as unknown as WebGPUBackend;
  return runAdamPasses({ W: w, G: g, M: m, V: v }, (pass, inputs) =>
    be.runWebGPUProgram(program(pass, w.shape), inputs, 'float32', pass.values(a).map((x) => ({ type: 'float32', data: [x] }))),
  );
};

export const webgpuFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'webgpu', kernelFunc: webgpuFusedAdam };
