import * as tf from '@tensorflow/tfjs';
import { adamStep, type AdamAttrs } from './adamStep';
import type { WasmHeapBackend } from '../kernels/compose';
import { FUSED_ADAM } from './kernelName';

/** The tensors one fused Adam step reads: weights, gradient, first and second moment (same shape, float32). */
export interface AdamInputs {
  w: tf.TensorInfo;
  g: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
}

function inputsOf(args: Parameters<tf.KernelFunc>[0]): AdamInputs {
  return args.inputs as unknown as AdamInputs;
}

/** tfjs-backend-cpu keeps each tensor's values in a JS typed array; readSync hands out that array (no copy). */
interface CpuBackend {
  readSync(dataId: tf.DataId): tf.TypedArray;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

const cpuFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = inputsOf(args);
  const be = args.backend as unknown as CpuBackend;
  const n = tf.util.sizeFromShape(w.shape);
  const outW = new Float32Array(n);
  const outM = new Float32Array(n);
  const outV = new Float32Array(n);
  adamStep(be.readSync(w.dataId), be.readSync(g.dataId), be.readSync(m.dataId), be.readSync(v.dataId), outW, outM, outV, args.attrs as unknown as AdamAttrs);
  return [be.makeTensorInfo(w.shape, 'float32', outW), be.makeTensorInfo(w.shape, 'float32', outM), be.makeTensorInfo(w.shape, 'float32', outV)];
};

const wasmFusedAdam: tf.KernelFunc = (args) => {
  const { w, g, m, v } = inputsOf(args);
  // Tensors live in the wasm heap; views of it need no copy.
  const be = args.backend as unknown as WasmHeapBackend;
  // Outputs first: making them can grow the heap, which detaches views taken before.
  const outs = [be.makeOutput(w.shape, 'float32'), be.makeOutput(w.shape, 'float32'), be.makeOutput(w.shape, 'float32')];
  const [outW, outM, outV] = outs.map((o) => be.typedArrayFromHeap(o) as Float32Array);
  adamStep(be.typedArrayFromHeap(w), be.typedArrayFromHeap(g), be.typedArrayFromHeap(m), be.typedArrayFromHeap(v), outW, outM, outV, args.attrs as unknown as AdamAttrs);
  return outs;
};

export const cpuFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'cpu', kernelFunc: cpuFusedAdam };
export const wasmFusedAdamConfig: tf.KernelConfig = { kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: wasmFusedAdam };
