import * as tf from '@tensorflow/tfjs';
// The package registers its own wasm kernels when it is first imported; importing it here first means an override
// below can never be overwritten by a later first import of the package.
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';

/**
 * Kernels a training step needs that tfjs 4.22's wasm backend lacks. Found by training every model the studio
 * can build (all presets, every layer type, activation, optimizer and loss) on wasm: only Conv2DBackpropFilter
 * (tensorflow/tfjs#8474) is missing. MaxPoolGrad, AvgPoolGrad, EluGrad, the fused conv's and batch norm's
 * gradients all run on kernels wasm has.
 */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [conv2dBackpropFilterConfig];

/** The tfjs-core version whose wasm kernels the overrides below were measured against. */
export const WASM_OVERRIDES_FOR_VERSION = '4.22.0';

/**
 * Kernels wasm has, replaced by faster ones on tfjs 4.22 only. Its Conv2DBackpropInput is a scalar C++ loop,
 * 4–11× slower than the same gradient as one XNNPACK Conv2D (in Node, a batch-32 step of the CNN preset spends
 * 43 ms in it, 7 ms in ours); a newer tfjs may have fixed that, so there it keeps its own kernel.
 */
export const WASM_KERNEL_OVERRIDES: readonly tf.KernelConfig[] = [conv2dBackpropInputConfig];

/**
 * Registers the missing wasm training kernels and, on tfjs 4.22 (`coreVersion`, the running tfjs-core unless a
 * test says otherwise), the faster replacements. Idempotent. A missing kernel that wasm already has (a later tfjs
 * that ships it, or an earlier call) is left alone; an override replaces wasm's kernel once (unregister, then
 * register) and is left in place on later calls.
 */
export function registerWasmTrainingKernels(coreVersion: string = tf.version_core): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  }
  if (coreVersion !== WASM_OVERRIDES_FOR_VERSION) return;
  for (const config of WASM_KERNEL_OVERRIDES) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}
