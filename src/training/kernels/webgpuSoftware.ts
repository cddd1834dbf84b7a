import * as tf from '@tensorflow/tfjs';
import { runKernel, withIntermediates, type Backend } from './compose';
import { convBlocks, convBlocksTake, convInputGradientBlocks } from './webgpuConv';
import { blockMatMul, blockMatMulTakes } from './webgpuMatMul';

/**
 * WebGPU kernels for a software adapter (SwiftShader, on machines without a GPU). tfjs 4.22 picks its matmul and
 * reduction programs for real GPUs: many small workgroups, shared memory and barriers, which SwiftShader runs on a few
 * CPU threads at a high cost per workgroup and barrier. Measured in SwiftShader Chromium on the presets' shapes
 * (batch 32, ms per op):
 * - matmul: tfjs sends products with a small output (the Keras MLP's x·W1, 32×784 · 784×128) to its
 *   small-output-size program: 74 ms, against 12 ms for its packed 32×32-tile program. dy·W2ᵀ 7.5 → 2.9 ms.
 * - Sum over leading axes (a Dense layer's bias gradient: dy summed over the batch) transposes its input first, and
 *   that transpose is the slow part: 18 ms for 32×128 against 5 ms as a product with a row of ones. Over many rows
 *   (a convolution's bias gradient, summed over N·H·W: 21,632 × 32 in the CNN preset) tfjs's own was faster in a
 *   tf.profile of the preset (44–65 ms against 115 ms per batch), so sums of 2,000 rows or more stay with it.
 * - matmul, all of them (12-07): 4 × 4 output blocks per invocation without shared memory or barriers
 *   (webgpuMatMul.ts): the Keras MLP's xᵀ·dy 27.6 → 7.6 ms and x·W1 13.9 → 6.1 ms per profiled batch against the
 *   packed program; the packed program stays only for what the block program does not take (rank > 3, prelu…).
 * - convolution: tfjs sends all but the smallest to its Conv2DMM program (tiled for shared memory); im2col and the
 *   packed matmul trained the CNN preset at 14.4 samples/s against 11.6 (npm run bench, webgpu CNN, 2 repeats each).
 *   Since 12-07 forward convolutions and input gradients are the block program reading the windows in place
 *   (webgpuConv.ts): per profiled batch 440 → 109 ms (second layer) and 365 → 47 ms (first), input gradient
 *   182 → 149 ms.
 * - a bias added to every row (x[…, C] + b[C], C < 128: each layer's bias while training, when tfjs does not fuse it):
 *   tfjs loads b into shared memory behind a barrier, one value per invocation; with b as a [1, C] matrix it takes its
 *   vec4 program: the CNN preset's two bias adds took 259 → 9 ms and 112 → 3 ms per batch (tf.profile).
 * On a hardware adapter tfjs's own choices stand (they were tuned there): these kernels hand straight back to them.
 */

/** tfjs-backend-webgpu's MatMulProgramType values (webgpu_util.ts), read through WEBGPU_MATMUL_PROGRAM_TYPE. */
const PROGRAM_TYPE_FLAG = 'WEBGPU_MATMUL_PROGRAM_TYPE';
const CHOOSE = -1;
const PACKED = 3;
/** tfjs's own threshold for its split-K program (a long inner dimension); at or above it, its choice is kept. */
const LONG_INNER = 2000;

interface WebGPUBackendLike {
  adapterInfo?: { vendor?: string; architecture?: string };
}

const software = new WeakMap<object, boolean>();

/** Whether a webgpu backend instance runs on a software adapter (SwiftShader reports architecture 'swiftshader'). */
export function isSoftwareWebGPU(backend: object): boolean {
  let known = software.get(backend);
  if (known === undefined) {
    const info = (backend as WebGPUBackendLike).adapterInfo;
    known = /swiftshader|llvmpipe|software/i.test(`${info?.vendor ?? ''} ${info?.architecture ?? ''}`);
    software.set(backend, known);
  }
  return known;
}

/** Runs `f` with a tfjs flag set to `value`, unless it was set from its default already (then that setting stands). */
function withFlag<T>(flag: string, unset: number | boolean, value: number | boolean, f: () => T): T {
  const env = tf.env();
  if (env.get(flag) !== unset) return f();
  env.set(flag, value);
  try {
    return f();
  } finally {
    env.set(flag, unset);
  }
}

/** Runs `f` with tfjs's matmul program forced to `type`, unless someone set the flag already (then theirs stands). */
const withProgramType = <T>(type: number, f: () => T): T => withFlag(PROGRAM_TYPE_FLAG, CHOOSE, type, f);

/** The inner (summed) dimension of a BatchMatMul / _FusedMatMul call. */
function innerDim(inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap | undefined): number {
  const { a } = inputs as { a: tf.TensorInfo };
  const transposeA = attrs?.transposeA === true;
  return a.shape[a.shape.length - (transposeA ? 2 : 1)];
}

/**
 * BatchMatMul and _FusedMatMul on a software adapter: the block program of webgpuMatMul.ts where it applies, else
 * tfjs's packed program (split-K stays for long inner dimensions).
 */
export function softwareMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    if (!isSoftwareWebGPU(args.backend)) return original(args);
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean; activation?: string };
    const o = { a, b, transposeA: attrs.transposeA === true, transposeB: attrs.transposeB === true, bias: bias ?? null, activation: attrs.activation, prelu: preluActivationWeights ?? null };
    if (blockMatMulTakes(o)) return blockMatMul(args.backend as unknown as Backend, { ...o, activation: o.activation as 'linear' | 'relu' | undefined });
    if (innerDim(args.inputs, args.attrs) >= LONG_INNER) return original(args);
    return withProgramType(PACKED, () => original(args));
  };
}

/**
 * Sum over a leading run of axes of a float32 tensor (R < 2,000 rows of C values) as ones[1, R] · x[R, C] on a
 * software adapter. Other sums (all axes, inner axes, integers, many rows) and hardware adapters go to tfjs's own.
 */
export function softwareSum(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (!isSoftwareWebGPU(args.backend) || x.dtype !== 'float32') return original(args);
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading) return original(args);
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((p, d) => p * d, 1);
    if (rows === 0 || cols === 0 || rows >= LONG_INNER) return original(args);
    const be = args.backend as unknown as Backend;
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    return withIntermediates(be, (keep) => {
      const x3 = keep(runKernel(be, 'Reshape', { x }, { shape: [1, rows, cols] }));
      const ones = keep(runKernel(be, 'Fill', [], { shape: [1, 1, rows], value: 1, dtype: 'float32' }));
      // The registered BatchMatMul: on this adapter, the block program of webgpuMatMul.ts.
      const product = keep(runKernel(be, tf.BatchMatMul, { a: ones, b: x3 }, { transposeA: false, transposeB: false }));
      return runKernel(be, 'Reshape', { x: product }, { shape: outShape });
    });
  };
}

/** tfjs's flag that sends every convolution through its im2col program and a matmul (else: only small ones). */
const IM2COL_FLAG = 'WEBGPU_CONV_SEPARATE_IM2COL_SHADER';

/**
 * Conv2D and FusedConv2D on a software adapter: the block program with the windows read in place (webgpuConv.ts) for
 * NHWC float32 with dilation 1 and a linear or ReLU activation; else im2col, then the packed matmul program (tfjs
 * otherwise picks its Conv2DMM program, tiled for a real GPU's shared memory, for all but the smallest convolutions).
 */
export function softwareConv2D(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    if (!isSoftwareWebGPU(args.backend)) return original(args);
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    const activation = attrs.activation ?? 'linear';
    const biasOk = !bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]);
    if (convBlocksTake(x, filter, attrs.dataFormat, attrs.dilations) && biasOk && !preluActivationWeights && (activation === 'linear' || activation === 'relu')) {
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
      return convBlocks(args.backend as unknown as Backend, x, filter, info, bias ?? null, activation);
    }
    const inner = filter.shape[0] * filter.shape[1] * filter.shape[2];
    return withFlag(IM2COL_FLAG, false, true, () => (inner >= LONG_INNER ? original(args) : withProgramType(PACKED, () => original(args))));
  };
}

/** tfjs's limit for its shared-memory program (binary_op_webgpu.ts): a 1-D operand shorter than this. */
const SHARED_BELOW = 128;

/**
 * Add of a tensor and a short 1-D one on a software adapter: the 1-D operand as a [1, C] matrix (the same
 * broadcast), which tfjs computes four values per invocation without shared memory. Others go to tfjs's own kernel.
 */
export function softwareRowBroadcast(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (!isSoftwareWebGPU(args.backend)) return original(args);
    const short = (t: tf.TensorInfo, other: tf.TensorInfo) => t.shape.length === 1 && other.shape.length > 1 && t.shape[0] < SHARED_BELOW;
    const which = short(b, a) ? 'b' : short(a, b) ? 'a' : null;
    if (!which) return original(args);
    const be = args.backend as unknown as Backend;
    const row = args.inputs[which] as tf.TensorInfo;
    return withIntermediates(be, (keep) => {
      const matrix = keep(runKernel(be, 'Reshape', { x: row }, { shape: [1, row.shape[0]] }));
      return original({ ...args, inputs: { ...args.inputs, [which]: matrix } });
    });
  };
}

/** Rows of the filter gradient's products: few enough for the packed program, many enough to keep batches few. */
const GRADIENT_ROWS = 512;

/**
 * Conv2DBackpropFilter (stride 1, input channels in fours) on a software adapter as im2col and batched products:
 *   dW[a, b, ci, co] = Σ_{n, i, j} xp[n, i + a, j + b, ci] · dy[n, i, j, co],
 * the kh·kw shifted windows of the padded input side by side on the channel axis ([N, Ho, Wo, kh·kw·Ci], the
 * filter's own order), cut into groups of whole images of at most GRADIENT_ROWS rows, one product per group
 * (dyᵀ · windows, [Co, rows] · [rows, kh·kw·Ci]: the smaller operand transposed), the groups summed and the
 * [Co, kh·kw·Ci] result transposed. tfjs's own kernel loops over N·Ho·Wo per filter value; as one product the sum
 * is 3,872 long for the CNN preset's second layer, which the split-K and packed programs both take slowly under
 * SwiftShader. A single input channel (the first layer) measured 3× slower this way. Other shapes and hardware
 * adapters go to tfjs's own.
 */
export function softwareConv2DBackpropFilter(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    if (!isSoftwareWebGPU(args.backend)) return original(args);
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if ((dataFormat !== undefined && dataFormat !== 'NHWC') || x.dtype !== 'float32' || x.shape.length !== 4) return original(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize: n, inHeight, inWidth, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co, filterHeight: kh, filterWidth: kw, padInfo } = info;
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || ci % 4 !== 0 || n === 0 || ho * wo === 0) return original(args);
    const be = args.backend as unknown as Backend;
    return withIntermediates(be, (keep) => {
      const bottom = Math.max(0, ho + kh - 1 - inHeight - padInfo.top);
      const right = Math.max(0, wo + kw - 1 - inWidth - padInfo.left);
      const xp =
        padInfo.top || bottom || padInfo.left || right
          ? keep(runKernel(be, 'PadV2', { x }, { paddings: [[0, 0], [padInfo.top, bottom], [padInfo.left, right], [0, 0]], constantValue: 0 }))
          : x;
      const windows: tf.TensorInfo[] = [];
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) windows.push(keep(runKernel(be, 'Slice', { x: xp }, { begin: [0, a, b, 0], size: [n, ho, wo, ci] })));
      const cols = windows.length === 1 ? windows[0] : keep(runKernel(be, 'Concat', windows, { axis: 3 }));
      // Whole images per group, the largest count dividing N that keeps a group within GRADIENT_ROWS rows (at least one).
      let perGroup = 1;
      for (let d = 1; d <= n; d++) if (n % d === 0 && d * ho * wo <= GRADIENT_ROWS) perGroup = d;
      const groups = n / perGroup;
      const rows = perGroup * ho * wo;
      const a3 = keep(runKernel(be, 'Reshape', { x: cols }, { shape: [groups, rows, kh * kw * ci] }));
      const b3 = keep(runKernel(be, 'Reshape', { x: dy }, { shape: [groups, rows, co] }));
      const products = keep(runKernel(be, tf.BatchMatMul, { a: b3, b: a3 }, { transposeA: true, transposeB: false }));
      const summed = groups === 1 ? products : keep(runKernel(be, tf.Sum, { x: products }, { axis: [0], keepDims: false }));
      const dw = keep(runKernel(be, 'Reshape', { x: summed }, { shape: [co, kh * kw * ci] }));
      const t = keep(runKernel(be, 'Transpose', { x: dw }, { perm: [1, 0] }));
      return runKernel(be, 'Reshape', { x: t }, { shape: [kh, kw, ci, co] });
    });
  };
}

/** Conv2DBackpropInput on a software adapter: the input gradient as blocks read in place (webgpuConv.ts); others to tfjs. */
export function softwareConv2DBackpropInput(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    if (!isSoftwareWebGPU(args.backend)) return original(args);
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (!convBlocksTake(dy, filter, dataFormat, 1)) return original(args);
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    return convInputGradientBlocks(args.backend as unknown as Backend, dy, filter, info);
  };
}
