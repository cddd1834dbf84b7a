import * as tf from '@tensorflow/tfjs';

/**
 * Helpers for writing a kernel out of kernels the same backend already has, the way tfjs's own backends compose
 * kernels: call the registered kernel functions directly on TensorInfos (no Tensor objects, nothing tracked by the
 * engine, nothing recorded on a gradient tape) and free every intermediate through the backend, which
 * reference-counts data ids (a Reshape shares its input's buffer and bumps the count).
 */
export type Backend = tf.KernelBackend;

/** The two methods of tfjs-backend-wasm's BackendWasm that kernels reading the heap use (public in its typings). */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

const backendNames = new WeakMap<Backend, string>();

/** The registered name of a backend instance (wasm, webgl, cpu…): kernels are looked up by it. */
function backendNameOf(backend: Backend): string {
  const known = backendNames.get(backend);
  if (known) return known;
  const registry = tf.engine().registry;
  const name = Object.keys(registry).find((n) => registry[n] === backend);
  if (!name) throw new Error('a composed kernel ran on a backend the engine does not know');
  backendNames.set(backend, name);
  return name;
}

/** Runs the backend's own `kernelName` on TensorInfos; the result belongs to the backend (free it or return it). */
export function runKernel(
  backend: Backend,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap | tf.TensorInfo[],
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const name = backendNameOf(backend);
  const kernel = tf.getKernel(kernelName, name);
  if (!kernel) throw new Error(`the ${name} backend has no ${kernelName} kernel to build on`);
  const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend, attrs });
  if (Array.isArray(out)) throw new Error(`the ${kernelName} kernel returned ${out.length} outputs, expected one`);
  return out;
}

/** Drops this holder's reference to each intermediate (the buffer is freed when no other TensorInfo shares it). */
export function release(backend: Backend, ...infos: (tf.TensorInfo | null | undefined)[]): void {
  for (const info of infos) if (info) backend.disposeData(info.dataId);
}

/**
 * Runs `body` with a list it can push intermediates on; they are released afterwards, also when `body` throws,
 * so a failing kernel leaks nothing. The returned TensorInfo must not be on the list.
 */
export function withIntermediates<T>(backend: Backend, body: (keep: <I extends tf.TensorInfo>(info: I) => I) => T): T {
  const held: tf.TensorInfo[] = [];
  try {
    return body((info) => {
      held.push(info);
      return info;
    });
  } finally {
    release(backend, ...held);
  }
}

/**
 * Transposes `x` by `perm`; when the permutation only moves size-1 axes the memory order is unchanged, and a
 * Reshape (which shares the buffer) stands in for the copy.
 */
export function transposeInfo(backend: Backend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  const shape = perm.map((p) => x.shape[p]);
  const moved = perm.filter((p) => x.shape[p] !== 1);
  const inOrder = moved.every((p, i) => i === 0 || moved[i - 1] < p);
  return runKernel(backend, inOrder ? 'Reshape' : 'Transpose', { x }, inOrder ? { shape } : { perm });
}

/**
 * The checks both composed convolution gradients make before computing: NHWC, float32, rank-4 operands. Throws
 * naming the kernel and the operands (`a`, `b` with their names), so a misuse reads like tfjs's own errors.
 */
export function checkConvOperands(kernel: string, dataFormat: string | undefined, a: [string, tf.TensorInfo], b: [string, tf.TensorInfo]): void {
  const [an, at] = a;
  const [bn, bt] = b;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') throw new Error(`${kernel} (Tensorscope kernel) supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  if (at.dtype !== 'float32' || bt.dtype !== 'float32') throw new Error(`${kernel} (Tensorscope kernel) supports float32 only, got ${an} ${at.dtype} and ${bn} ${bt.dtype}`);
  if (at.shape.length !== 4 || bt.shape.length !== 4) throw new Error(`${kernel} expects rank-4 ${an} and ${bn}, got shapes [${at.shape}] and [${bt.shape}]`);
}
