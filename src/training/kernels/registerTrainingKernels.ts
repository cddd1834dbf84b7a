import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/types';
import { wasmBatchMatMul } from './batchMatMul';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { registerReluGradient, restoreReluGradient } from './reluGrad';
import { wasmIdentity } from './identity';
import { wasmSlice } from './slice';
import { webglConv2DBackpropInput } from './webglConv';
import { webglConv2D, webglFusedConv2D } from './webglConvForward';
import { webglLeadingSum } from './webglLeadingSum';
import { setFusedCrossEntropy } from './webglCrossEntropy';
import { registerSoftmaxGradient, restoreSoftmaxGradient, webglSoftmax } from './webglSoftmax';
import { webglMaxPool, webglMaxPoolGrad } from './webglMaxPool';
import { softwareConv2D, softwareConv2DBackpropFilter, softwareConv2DBackpropInput, softwareMatMul, softwareRowBroadcast, softwareSum } from './webgpuSoftware';

/**
 * The engine's own kernels, per backend. Two kinds:
 * - missing: a kernel a training step needs that the backend lacks. Found by training every model the studio can
 *   build (all presets, every layer type, activation, optimizer and loss) on every backend: only wasm's
 *   Conv2DBackpropFilter (tensorflow/tfjs#8474). A later tfjs that ships it keeps its own.
 * - overrides: a kernel the backend has, replaced by a faster one, on the tfjs version it was measured against only
 *   (KERNEL_OVERRIDES_FOR_VERSION); a newer tfjs may have fixed its own. `make` receives the backend's own kernel for
 *   the cases it leaves to it. Measured in Node (wasm, cpu) and SwiftShader Chromium (webgl) on the presets' shapes:
 *   - wasm Conv2DBackpropInput: a scalar C++ loop, 4–11× slower than one XNNPACK Conv2D (a batch-32 step of the CNN
 *     preset spent 43 ms in it, 7 ms in ours); cpu: ours is about 1.6× faster.
 *   - cpu and webgl Conv2DBackpropFilter: a loop per filter element over the batch; as a forward Conv2D 4× (webgl)
 *     to 27× (cpu) faster on the CNN preset's second layer.
 *   - webgl Conv2D (stride 1, no dilation): im2col, a batched packed product and a repacking reshape; ours reads x's
 *     windows in place, one texel of x per two columns and pair of channels (webglConvForward.ts): the CNN preset's
 *     second layer 105 → 37 ms unsynced, and its filter gradient (conv2dBackpropFilter, a forward Conv2D) 106 → 45.
 *     FusedConv2D (evaluation and prediction: bias and ReLU added in the same draw) too: a WebGL CNN epoch on 1,000
 *     digits in the app, 14 → 6 s of evaluation (training 7 s).
 *   - webgl Conv2DBackpropInput (stride 1): one value per fragment, two fetches per multiply-add; ours is the same
 *     window program on dy with the filter turned around (webglConv.ts): the CNN preset's second layer 128 → 43 ms
 *     unsynced (a packed program of its own reading dy's windows where the layout does not suit that one).
 *   - webgl Sum over an image tensor's batch, height and width (a conv bias gradient): a transpose and unpacked
 *     reductions; ours sums texel rows in place in two draws (webglLeadingSum.ts): the CNN preset's first layer
 *     24 → 1.7 ms unsynced, its second 7.6 → 1.3. With the two above: webgl CNN 2.0 → 3.7× plain fit (one run).
 *   - webgl Softmax over a matrix's rows: Max, Sub, Exp, Sum and RealDiv with reshapes and packing conversions; ours
 *     is one packed draw, and its gradient (a gradient config, like Relu's) one more (webglSoftmax.ts). With the fused
 *     cross-entropy and accuracy batchLoss takes on WebGL (webglCrossEntropy.ts: four draws for about twenty), a
 *     Keras-MLP step in one page 12.2 → 9.8 ms against all-stock kernels, webgl MLP 2.3 → 2.55× plain fit (one run).
 *   - webgl Relu's gradient (not a kernel: a gradient config, registered for all backends at once): Step and
 *     Multiply in one packed draw (reluGrad.ts).
 *   - webgl MaxPoolGrad (2 × 2, stride 2): two draws (window maxima, then a loop per value) in one of ours
 *     (webglMaxPool.ts, with the forward pool: one fetch per value against tfjs's four); webgl CNN, two alternating pairs of 3-repeat runs: 1.52, 1.63 → 1.77, 1.83× plain fit.
 *   - wasm BatchMatMul with a transposed operand (every Dense layer's gradients) takes a scalar path: 4.8 ms for the
 *     Keras MLP's xᵀ·dy against 0.6 ms for an explicit Transpose + XNNPACK matmul.
 *   - wasm Slice copies the whole input out of the heap before taking the window (15–25 ms per dropout mask taken
 *     from a 4 MB pool; ours copies the window).
 *   - wasm Identity copies its input; tfjs clones every tensor a gradient needs through it (ours shares the buffer).
 *   - webgpu BatchMatMul, _FusedMatMul, Sum, Conv2D, FusedConv2D and Add on a software adapter (SwiftShader): tfjs's
 *     programs for real GPUs (small workgroups, barriers, shared memory, a transpose before a Dense bias-gradient sum,
 *     tiled convolutions) cost 1.2–35× more there than its packed matmul program (after im2col for a convolution),
 *     a product with ones and its vec4 broadcast (webgpuSoftware.ts); on a hardware adapter they hand back to tfjs's.
 *   - webgpu Conv2DBackpropFilter on a software adapter (stride 1, 4k input channels): im2col and grouped products,
 *     the CNN preset's second layer 1,134 → 609 ms per batch (tf.profile); webgpu CNN 1.21 → 1.57× plain fit.
 *   - webgpu Conv2DBackpropInput on a software adapter: 4 × 4 output blocks reading dy's windows in place
 *     (webgpuConv.ts), the CNN preset's second layer 182 → 149 ms per profiled batch.
 */
export interface KernelOverride {
  kernelName: string;
  make(original: tf.KernelFunc): tf.KernelFunc;
}

const composed = (f: unknown) => () => f as tf.KernelFunc;

export const TRAINING_KERNELS: Readonly<Record<BackendName, { missing: readonly tf.KernelConfig[]; overrides: readonly KernelOverride[] }>> = {
  wasm: {
    missing: [{ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dBackpropFilter as tf.KernelFunc }],
    overrides: [
      { kernelName: tf.Conv2DBackpropInput, make: composed(conv2dBackpropInput) },
      { kernelName: tf.BatchMatMul, make: wasmBatchMatMul },
      { kernelName: tf.Slice, make: wasmSlice },
      { kernelName: tf.Identity, make: wasmIdentity },
    ],
  },
  cpu: {
    missing: [],
    overrides: [
      { kernelName: tf.Conv2DBackpropFilter, make: composed(conv2dBackpropFilter) },
      { kernelName: tf.Conv2DBackpropInput, make: composed(conv2dBackpropInput) },
    ],
  },
  webgl: {
    missing: [],
    overrides: [
      { kernelName: tf.Conv2D, make: webglConv2D },
      { kernelName: tf.FusedConv2D, make: webglFusedConv2D },
      { kernelName: tf.Conv2DBackpropFilter, make: composed(conv2dBackpropFilter) },
      { kernelName: tf.Conv2DBackpropInput, make: webglConv2DBackpropInput },
      { kernelName: tf.MaxPool, make: webglMaxPool },
      { kernelName: tf.MaxPoolGrad, make: webglMaxPoolGrad },
      { kernelName: tf.Sum, make: webglLeadingSum },
      { kernelName: tf.Softmax, make: webglSoftmax },
    ],
  },
  webgpu: {
    missing: [],
    overrides: [
      { kernelName: tf.BatchMatMul, make: softwareMatMul },
      { kernelName: tf._FusedMatMul, make: softwareMatMul },
      { kernelName: tf.Sum, make: softwareSum },
      { kernelName: tf.Conv2D, make: softwareConv2D },
      { kernelName: tf.FusedConv2D, make: softwareConv2D },
      { kernelName: tf.Add, make: softwareRowBroadcast },
      { kernelName: tf.Conv2DBackpropFilter, make: softwareConv2DBackpropFilter },
      { kernelName: tf.Conv2DBackpropInput, make: softwareConv2DBackpropInput },
    ],
  },
};

/** The tfjs-core version whose kernels the overrides were measured against. */
export const KERNEL_OVERRIDES_FOR_VERSION = '4.22.0';

/** Each backend's own kernels that an override replaced, to put back for a stock-tfjs reference (the benchmark's). */
const stock = new Map<string, tf.KernelConfig>();
/** The replacement made for each original kernel: re-registering after a restore installs the same function. */
const made = new Map<tf.KernelFunc, tf.KernelFunc>();
const isOurs = (f: tf.KernelFunc) => [...made.values()].includes(f);

/**
 * Registers a backend's missing training kernels and, on tfjs 4.22 (`coreVersion`, the running tfjs-core unless a
 * test says otherwise), its faster replacements. Idempotent. A missing kernel the backend already has (a later tfjs
 * that ships it, or an earlier call) is left alone; an override replaces the backend's kernel once (unregister, then
 * register, keeping its setup function: some wasm kernels bind their C++ entry point in it) and stays on later calls.
 */
export function registerTrainingKernels(backend: BackendName, coreVersion: string = tf.version_core): void {
  // The wasm package registers its own kernels when it is imported: registering ours before that would see them
  // replaced by a later first import (backends.ts imports it in configureWasm first; Node tests import it).
  if (backend === 'wasm' && !tf.findBackendFactory('wasm')) throw new Error('import @tensorflow/tfjs-backend-wasm before registering its training kernels');
  const { missing, overrides } = TRAINING_KERNELS[backend];
  for (const config of missing) {
    if (!tf.getKernel(config.kernelName, backend)) tf.registerKernel(config);
  }
  if (coreVersion !== KERNEL_OVERRIDES_FOR_VERSION) return;
  // Relu's and Softmax's gradients (registered for all backends at once; only WebGL's differ from tfjs's): see
  // reluGrad.ts and webglSoftmax.ts; and the fused cross-entropy batchLoss takes on WebGL (webglCrossEntropy.ts).
  if (backend === 'webgl') {
    registerReluGradient();
    registerSoftmaxGradient();
    setFusedCrossEntropy(true);
  }
  for (const { kernelName, make } of overrides) {
    const current = tf.getKernel(kernelName, backend);
    if (current && isOurs(current.kernelFunc)) continue;
    if (current) {
      stock.set(`${backend}/${kernelName}`, current);
      tf.unregisterKernel(kernelName, backend);
    }
    const original = current?.kernelFunc ?? missingKernel(backend, kernelName);
    const kernelFunc = made.get(original) ?? make(original);
    made.set(original, kernelFunc);
    tf.registerKernel({ ...current, kernelName, backendName: backend, kernelFunc });
  }
}

/**
 * Puts a backend's own kernels back where an override replaced them, as plain TF.js has them: for the benchmark's
 * reference (model.fit as the tfjs examples run it) and for tests that compare against tfjs, never in the app. The
 * kernels a backend lacks stay registered, so that the reference can train conv nets on wasm at all.
 */
export function restoreStockKernels(backend: BackendName): void {
  if (backend === 'webgl') {
    restoreReluGradient();
    restoreSoftmaxGradient();
    setFusedCrossEntropy(false);
  }
  for (const { kernelName } of TRAINING_KERNELS[backend].overrides) {
    const config = stock.get(`${backend}/${kernelName}`);
    if (!config) continue;
    tf.unregisterKernel(kernelName, backend);
    tf.registerKernel(config);
    stock.delete(`${backend}/${kernelName}`);
  }
}

function missingKernel(backend: string, kernelName: string): tf.KernelFunc {
  return () => {
    throw new Error(`the ${backend} backend has no ${kernelName} kernel of its own`);
  };
}
