import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../core/types';
import { FusedAdamOptimizer } from '../training/fusedAdam/fusedAdamOptimizer';
import { registerTrainingKernels, restoreStockKernels } from '../training/kernels/registerTrainingKernels';
import { disposeNorm, gatherInputs, uploadNorm, type DeviceData } from '../training/deviceData';
import { hasGatherNormalize } from '../training/kernels/gatherNormalize';
import { classificationLoss } from '../training/losses';
import { usesFusedCrossEntropy } from '../training/kernels/webglCrossEntropy';

/** Shapes with sizes that are and are not multiples of 4 (packed WebGL textures), ranks 1–4. */
const SHAPES = [[7], [5, 3], [128, 10], [3, 3, 2, 5]];

/** A seeded, backend-independent sequence of numbers in [-1, 1). */
function numbers(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/**
 * The largest difference relative to the reference value — or to a thousandth of the largest value of its row, or
 * 1e-3, when those are larger: a value near 0 that is a sum of terms near 1 carries float32 rounding of ~1e-6 whatever
 * the order of the sum — how many values were compared, and the largest reference magnitude (a read-back that
 * returned zeros for both sides would otherwise compare as equal).
 */
function compare(ours: number[][], ref: number[][]): { maxRelDiff: number; values: number; refMaxAbs: number } {
  let maxRelDiff = 0;
  let values = 0;
  let refMaxAbs = 0;
  ours.forEach((row, i) => {
    const rowMax = ref[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    refMaxAbs = Math.max(refMaxAbs, rowMax);
    row.forEach((x, j) => {
      values++;
      maxRelDiff = Math.max(maxRelDiff, Math.abs(x - ref[i][j]) / Math.max(1e-3, 1e-3 * rowMax, Math.abs(ref[i][j])));
    });
  });
  return { maxRelDiff, values, refMaxAbs };
}

/**
 * Each tensor's shape then its values, read asynchronously, and the tensors disposed. Not dataSync: on WebGPU it reads
 * through a canvas, which under SwiftShader in a worker returned the same values for different kernels (the check
 * then compared nothing).
 */
async function readAll(tensors: tf.Tensor[], withShapes: boolean): Promise<number[][]> {
  try {
    const rows: number[][] = [];
    for (const t of tensors) rows.push([...(withShapes ? t.shape : []), ...((await t.data()) as Float32Array)]);
    return rows;
  } finally {
    tf.dispose(tensors);
  }
}

async function run(opt: tf.Optimizer, tag: string): Promise<number[][]> {
  // tidy disposes each initial value (a variable keeps its own reference); variables outlive tidy.
  const vars = tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(numbers(tf.util.sizeFromShape(shape), i + 1), shape), true, `${tag}_${i}`)));
  for (let step = 0; step < 10; step++) {
    if (step === 5) (opt as unknown as { learningRate: number }).learningRate = 0.002;
    const scale = step % 3 === 0 ? 5 : 0.01;
    tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.mul(tf.tensor(numbers(v.size, 100 + step * 7 + i), v.shape), scale) }))));
  }
  const state = await opt.getWeights();
  const out = await Promise.all([...vars, ...state.slice(1).map((s) => s.tensor)].map(async (t) => Array.from(await t.data())));
  tf.dispose(vars);
  state[0].tensor.dispose(); // getWeights makes a fresh tensor for the iteration count
  opt.dispose();
  return out;
}

/**
 * The fused Adam kernel on the active backend against tfjs's own Adam over ten steps (large and tiny gradients, a
 * learning-rate change): the largest difference relative to the value (at least 1e-3), over weights and moments.
 */
export async function checkFusedAdam(): Promise<{ backend: string; maxRelDiff: number; values: number; tensorsLeft: number }> {
  const before = tf.memory().numTensors;
  const ours = await run(new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'fused');
  const ref = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 'plain');
  return { backend: tf.getBackend(), ...compare(ours, ref), tensorsLeft: tf.memory().numTensors - before };
}

/** Conv cases (max-pool gradients are checked with them): the CNN preset's two layers (valid, stride 1), strided and padded ones, odd sizes. */
const CONVS: { x: [number, number, number, number]; w: [number, number, number, number]; strides: number; pad: 'valid' | 'same' }[] = [
  { x: [4, 28, 28, 1], w: [3, 3, 1, 8], strides: 1, pad: 'valid' },
  { x: [4, 13, 13, 8], w: [3, 3, 8, 16], strides: 1, pad: 'valid' },
  { x: [3, 9, 10, 5], w: [3, 2, 5, 4], strides: 2, pad: 'same' },
  // Padded, and large enough that WebGPU's software filter gradient sums two groups of images.
  { x: [6, 12, 12, 4], w: [3, 3, 4, 8], strides: 1, pad: 'same' },
  // 1 × 1, channels that are not multiples of 4.
  { x: [2, 5, 7, 3], w: [1, 1, 3, 6], strides: 1, pad: 'valid' },
  // Odd width and channels, a window taller than wide and 'same' padding on one side more than the other (WebGL's
  // window program reads texels that start left of the image and half-empty ones at its right edge).
  { x: [2, 9, 7, 5], w: [4, 3, 5, 7], strides: 1, pad: 'same' },
];

function convGradients(): Promise<number[][]> {
  const tensors = CONVS.flatMap((c, i) =>
    tf.tidy(() => {
      const x = tf.tensor4d(numbers(tf.util.sizeFromShape(c.x), 500 + i), c.x);
      const w = tf.tensor4d(numbers(tf.util.sizeFromShape(c.w), 600 + i), c.w);
      const bias = tf.tensor1d(numbers(c.w[3], 700 + i));
      const loss = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.fused.conv2d({ x: xx, filter: ww, strides: c.strides, pad: c.pad, bias, activation: 'relu' }).square().sum();
      const dw = tf.grad((ww) => loss(x, ww as tf.Tensor4D))(w);
      const dx = tf.grad((xx) => loss(xx as tf.Tensor4D, w))(x);
      const y = tf.fused.conv2d({ x, filter: w, strides: c.strides, pad: c.pad, bias, activation: 'relu' });
      const plain = tf.conv2d(x, w, c.strides, c.pad);
      return [dw, dx, y, plain];
    }),
  );
  // ReLU's gradient (WebGL's is the engine's own) at negative, zero and positive values, odd sizes.
  const relu = tf.tidy(() => {
    const x = tf.tensor3d(numbers(105, 1400), [3, 5, 7]).mul(2).round().div(2);
    const weights = tf.tensor3d(numbers(105, 1401), [3, 5, 7]);
    return tf.grad((xx) => tf.relu(xx).mul(weights).sum())(x);
  });
  return readAll([...tensors, ...pools(), relu], false);
}

/** Max pools and their gradients: the CNN preset's first pool, and odd sizes with many equal values in a window (ties). */
const POOLS: { x: [number, number, number, number]; ties: boolean }[] = [
  { x: [4, 26, 26, 8], ties: false },
  { x: [3, 11, 11, 5], ties: true },
];

function pools(): tf.Tensor[] {
  return POOLS.map((p, i) =>
    tf.tidy(() => {
      const raw = tf.tensor4d(numbers(tf.util.sizeFromShape(p.x), 1200 + i), p.x);
      // Values rounded to halves: most windows hold a repeated maximum.
      const x = p.ties ? raw.mul(2).round().div(2) : raw;
      const [n, h, w, c] = p.x;
      const weights = tf.tensor4d(numbers(n * Math.floor(h / 2) * Math.floor(w / 2) * c, 1300 + i), [n, Math.floor(h / 2), Math.floor(w / 2), c]);
      return [tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), tf.grad((xx) => tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid').mul(weights).sum())(x)];
    }),
  ).flat();
}

/**
 * `run` with the engine's kernels, then with the backend's own (restoreStockKernels; the engine's are registered
 * again afterwards, also when it throws), and whether any of `kernelNames` really differed between the two runs (not
 * one kernel against itself).
 */
async function againstStock<T>(backend: BackendName, kernelNames: string[], run: () => Promise<T>): Promise<{ ours: T; ref: T; swapped: boolean }> {
  const ours = await run();
  const kernels = () => kernelNames.map((k) => tf.getKernel(k, backend)?.kernelFunc);
  const engines = kernels();
  restoreStockKernels(backend);
  const swapped = kernels().some((k, i) => k !== engines[i]);
  try {
    return { ours, ref: await run(), swapped };
  } finally {
    registerTrainingKernels(backend);
  }
}

/**
 * Convolutions, max pools, their gradients and ReLU's gradient with the engine's kernels of the active backend against
 * the backend's own (restoreStockKernels), compared as `compare` says.
 */
export async function checkConvGradients(backend: BackendName): Promise<{ maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean }> {
  const kernels = [tf.Conv2D, tf.FusedConv2D, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.MaxPool, tf.MaxPoolGrad];
  const { ours, ref, swapped } = await againstStock(backend, kernels, convGradients);
  return { ...compare(ours, ref), swapped };
}

/** Dense-layer products as the Keras MLP's step runs them (batch 32) and odd shapes, with and without transposes. */
const PRODUCTS: { a: number[]; b: number[]; ta: boolean; tb: boolean; fused: boolean }[] = [
  { a: [32, 784], b: [784, 128], ta: false, tb: false, fused: true },
  { a: [32, 784], b: [32, 128], ta: true, tb: false, fused: false },
  { a: [32, 10], b: [128, 10], ta: false, tb: true, fused: false },
  { a: [2, 7, 5], b: [2, 5, 3], ta: false, tb: false, fused: false },
  // A batch of one against three (broadcast), and both operands transposed, with sizes that are not multiples of 4.
  { a: [1, 5, 7], b: [3, 7, 6], ta: false, tb: false, fused: false },
  { a: [6, 5], b: [4, 6], ta: true, tb: true, fused: false },
];
/** Sums over leading axes (bias gradients of Dense and conv layers), keepDims, negative axes, and ones left to tfjs. */
const SUMS: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
  { shape: [32, 128], axis: [0], keepDims: false },
  { shape: [4, 26, 26, 8], axis: [0, 1, 2], keepDims: false },
  { shape: [5, 3, 7], axis: [-3], keepDims: true },
  { shape: [5, 3], axis: [1], keepDims: false },
  { shape: [5, 3], axis: [0, 1], keepDims: false },
  { shape: [3000, 4], axis: [0], keepDims: false },
  // Odd width and channels, kept dimensions (WebGL's leading sum skips the padding half of each row's last texel).
  { shape: [8, 11, 11, 5], axis: [0, 1, 2], keepDims: true },
];
/** A bias added to every row (either operand the short one), and a row too long for tfjs's shared-memory program. */
const ROW_ADDS: { a: number[]; b: number[] }[] = [
  { a: [4, 26, 26, 8], b: [8] },
  { a: [3], b: [5, 3] },
  { a: [2, 200], b: [200] },
];

async function denseAndSums(): Promise<{ values: number[][]; ms: number }> {
  const start = performance.now();
  const tensors = tf.tidy(() => {
    const products = PRODUCTS.map((p, i) => {
      const a = tf.tensor(numbers(tf.util.sizeFromShape(p.a), 800 + i), p.a);
      const b = tf.tensor(numbers(tf.util.sizeFromShape(p.b), 900 + i), p.b);
      const bias = p.fused ? tf.tensor1d(numbers(p.tb ? p.b[p.b.length - 2] : p.b[p.b.length - 1], 950 + i)) : undefined;
      return p.fused ? tf.fused.matMul({ a, b, transposeA: p.ta, transposeB: p.tb, bias, activation: 'relu' }) : tf.matMul(a, b, p.ta, p.tb);
    });
    const sums = SUMS.map((s, i) => tf.sum(tf.tensor(numbers(tf.util.sizeFromShape(s.shape), 1000 + i), s.shape), s.axis, s.keepDims));
    const adds = ROW_ADDS.map((r, i) => tf.add(tf.tensor(numbers(tf.util.sizeFromShape(r.a), 1100 + i), r.a), tf.tensor(numbers(tf.util.sizeFromShape(r.b), 1150 + i), r.b)));
    return [...products, ...sums, ...adds];
  });
  const values = await readAll(tensors, true);
  return { values, ms: performance.now() - start };
}

/**
 * Dense products, leading-axis sums and row broadcasts with the engine's kernels against the backend's own (webgpu's software-adapter
 * kernels; the others have none and compare a kernel with itself: `swapped` false). Shapes are compared too (each row
 * starts with its output shape). The times (one run each, shader compilation included) are for reading, not asserting.
 */
export async function checkDenseAndSums(backend: BackendName): Promise<{ maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; oursMs: number; stockMs: number }> {
  const { ours, ref, swapped } = await againstStock(backend, [tf.Sum], denseAndSums);
  return { ...compare(ours.values, ref.values), swapped, oursMs: ours.ms, stockMs: ref.ms };
}

/**
 * Classifier heads: logits [n, k] through softmax into the batch loss and accuracy (classificationLoss, as every
 * classifier's batch runs them), the loss's gradient back to the logits, and softmax's gradient against weights.
 * Sizes odd and even; a row with a tie for its largest value (the first wins), and one whose label's probability
 * underflows below ε (clipped: no gradient through it).
 */
const HEADS: { n: number; k: number; extreme: boolean }[] = [
  { n: 32, k: 10, extreme: false },
  { n: 7, k: 3, extreme: true },
  { n: 1, k: 5, extreme: false },
];

function heads(): Promise<number[][]> {
  const tensors = HEADS.flatMap((h, i) =>
    tf.tidy(() => {
      const values = numbers(h.n * h.k, 1500 + i).map((v) => v * 3);
      const label = (r: number) => (r * 7 + i) % h.k;
      if (h.extreme) {
        // Row 0: columns 0 and 1 tie for the largest value (argMax takes 0; the label is 1); row 1: its label's logit
        // 200 below the others (its probability underflows: clipped).
        for (let j = 0; j < h.k; j++) values[j] = j < 2 ? 5 : values[j];
        values[h.k + label(1)] = -200;
      }
      const logits = tf.tensor2d(values, [h.n, h.k]);
      const labels = tf.tensor1d(Array.from({ length: h.n }, (_, r) => label(r)), 'int32');
      const weights = tf.tensor2d(numbers(h.n * h.k, 1600 + i), [h.n, h.k]);
      const { loss, metric } = classificationLoss(labels, tf.softmax(logits), h.k);
      const dLogits = tf.grad((z) => classificationLoss(labels, tf.softmax(z as tf.Tensor2D), h.k).loss)(logits);
      const dSoftmax = tf.grad((z) => tf.softmax(z as tf.Tensor2D).mul(weights).sum())(logits);
      return [tf.softmax(logits), loss.reshape([1]), metric.reshape([1]), dLogits, dSoftmax];
    }),
  );
  return readAll(tensors, false);
}

/** The classifier heads above with the engine's kernels against tfjs's own (restoreStockKernels), compared as `compare` says. */
export async function checkHeads(backend: BackendName): Promise<{ maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; fused: boolean; accuracy: number[]; lossIsNaN: boolean }> {
  // Whether the engine's run takes the fused loss draws (restoreStockKernels turns them off for the reference run).
  const fused = usesFusedCrossEntropy();
  // A NaN logit makes its softmax row and the loss NaN (what tells the engine a run diverged), infinities too.
  const nanLoss = tf.tidy(() => {
    const logits = tf.tensor2d([[NaN, 1, 1], [1, 2, 3], [Infinity, 0, 0]]);
    return classificationLoss(tf.tensor1d([0, 1, 2], 'int32'), tf.softmax(logits), 3).loss;
  });
  const lossIsNaN = Number.isNaN((await nanLoss.data())[0]);
  nanLoss.dispose();
  const { ours, ref, swapped } = await againstStock(backend, [tf.Softmax], heads);
  // The accuracies (every head's third row) must agree exactly: a hit is a hit.
  const accuracy = HEADS.map((_, i) => ours[i * 5 + 2][0] - ref[i * 5 + 2][0]);
  return { ...compare(ours, ref), swapped, fused, accuracy, lossIsNaN };
}

/**
 * Batches of images through gatherInputs on the active backend (the fused kernel where it has one) against the four
 * composed ops, for standardised and 0–1 scaled pixels: the largest absolute difference, whether the backend has the
 * fused kernel (gatherInputs takes it whenever it does), and the values compared.
 */
export async function checkGatherNormalize(): Promise<{ fused: boolean; maxAbsDiff: number; values: number; tensorsLeft: number }> {
  const before = tf.memory().numTensors;
  const count = 37;
  const features = 28 * 28;
  const pixels = Int32Array.from({ length: count * features }, (_, i) => (i * 7919 + (i >> 5) * 31) % 256);
  const x = tf.tensor2d(pixels, [count, features], 'int32');
  const idx = tf.tensor1d([36, 0, 5, 5, 17, 36, 2], 'int32');
  const data = { x, hostX: null, features, inputShape: [28, 28, 1] } as unknown as DeviceData;
  let maxAbsDiff = 0;
  let values = 0;
  for (const p of [{ shift: 33.318421, scale: 1 / 78.567497 }, { shift: 0, scale: 1 / 255 }]) {
    const norm = uploadNorm({ shift: Float32Array.of(p.shift), scale: Float32Array.of(p.scale) });
    const ours = gatherInputs(data, norm, idx);
    const ref = tf.tidy(() => tf.gather(x, idx).toFloat().sub(norm.shift).mul(norm.scale).reshape([-1, 28, 28, 1]));
    const [a, b] = await Promise.all([ours.data(), ref.data()]);
    if (ours.shape.join() !== ref.shape.join()) throw new Error(`gatherInputs gave [${ours.shape}], the ops [${ref.shape}]`);
    for (let i = 0; i < b.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i] - b[i]));
    values += b.length;
    tf.dispose([ours, ref]);
    disposeNorm(norm);
  }
  tf.dispose([x, idx]);
  return { fused: hasGatherNormalize(), maxAbsDiff, values, tensorsLeft: tf.memory().numTensors - before };
}
