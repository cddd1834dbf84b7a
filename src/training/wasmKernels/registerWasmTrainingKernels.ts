import * as tf from '@tensorflow/tfjs';
// The package registers its own wasm kernels when it is first imported; importing it here first means an override
// below can never be overwritten by a later first import of the package.
import '@tensorflow/tfjs-backend-wasm';
import { wasmBatchMatMul } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { wasmIdentity } from './identity';
import { wasmSlice } from './slice';

/**
 * Kernels a training step needs that tfjs 4.22's wasm backend lacks. Found by training every model the studio
 * can build (all presets, every layer type, activation, optimizer and loss) on wasm: only Conv2DBackpropFilter
 * (tensorflow/tfjs#8474) is missing. MaxPoolGrad, AvgPoolGrad, EluGrad, the fused conv's and batch norm's
 * gradients all run on kernels wasm has.
 */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [conv2dBackpropFilterConfig];

/** The tfjs-core version whose wasm kernels the overrides below were measured against. */
export const WASM_OVERRIDES_FOR_VERSION = '4.22.0';

/** A faster replacement for a kernel wasm has; `make` receives wasm's own kernel (for the cases it leaves to it). */
export interface WasmKernelOverride {
  kernelName: string;
  make(original: tf.KernelFunc): tf.KernelFunc;
}

/**
 * Kernels wasm has, replaced by faster ones on tfjs 4.22 only; a newer tfjs may have fixed them, so there it keeps
 * its own. Measured in Node on the shapes of the presets:
 * - Conv2DBackpropInput is a scalar C++ loop, 4–11× slower than the same gradient as one XNNPACK Conv2D (a batch-32
 *   step of the CNN preset spent 43 ms in it, 7 ms in ours).
 * - BatchMatMul with a transposed operand (every Dense layer's gradients) takes a scalar path: 4.8 ms for the Keras
 *   MLP's x^T·dy against 0.6 ms for an explicit Transpose + XNNPACK matmul.
 * - Slice copies the whole input out of the heap before taking the window (15–25 ms per dropout mask taken from a
 *   4 MB pool; ours copies the window).
 * - Identity copies its input; tfjs clones every tensor a gradient needs through it (ours shares the buffer).
 */
export const WASM_KERNEL_OVERRIDES: readonly WasmKernelOverride[] = [
  { kernelName: tf.Conv2DBackpropInput, make: () => conv2dBackpropInput as tf.KernelFunc },
  { kernelName: tf.BatchMatMul, make: wasmBatchMatMul },
  { kernelName: tf.Slice, make: wasmSlice },
  { kernelName: tf.Identity, make: wasmIdentity },
];

/** wasm's own kernels that an override replaced, to put back for a stock-tfjs reference (the benchmark's). */
const stock = new Map<string, tf.KernelConfig>();
const installed = new Set<tf.KernelFunc>();
/** The replacement made for each of wasm's kernels: re-registering after a restore installs the same function. */
const made = new Map<tf.KernelFunc, tf.KernelFunc>();

/**
 * Registers the missing wasm training kernels and, on tfjs 4.22 (`coreVersion`, the running tfjs-core unless a
 * test says otherwise), the faster replacements. Idempotent. A missing kernel that wasm already has (a later tfjs
 * that ships it, or an earlier call) is left alone; an override replaces wasm's kernel once (unregister, then
 * register, keeping wasm's setup function: some kernels bind their C++ entry point in it) and is left in place on
 * later calls.
 */
export function registerWasmTrainingKernels(coreVersion: string = tf.version_core): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  }
  if (coreVersion !== WASM_OVERRIDES_FOR_VERSION) return;
  for (const { kernelName, make } of WASM_KERNEL_OVERRIDES) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current && installed.has(current.kernelFunc)) continue;
    if (current) {
      stock.set(kernelName, current);
      tf.unregisterKernel(kernelName, 'wasm');
    }
    const original = current?.kernelFunc ?? missing(kernelName);
    const kernelFunc = made.get(original) ?? make(original);
    made.set(original, kernelFunc);
    installed.add(kernelFunc);
    tf.registerKernel({ ...current, kernelName, backendName: 'wasm', kernelFunc });
  }
}

/**
 * Puts wasm's own kernels back where an override replaced them, as plain TF.js has them: for the benchmark's
 * reference (model.fit as the tfjs examples run it), never in the app. The kernels wasm lacks stay registered, so
 * that the reference can train conv nets at all.
 */
export function restoreStockWasmKernels(): void {
  for (const [name, config] of stock) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  stock.clear();
}

function missing(kernelName: string): tf.KernelFunc {
  return () => {
    throw new Error(`the wasm backend has no ${kernelName} kernel of its own`);
  };
}
