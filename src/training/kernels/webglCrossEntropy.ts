import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';
import { NON_FINITE } from './webglSoftmax';

/**
 * A batch's cross-entropy, its gradient and its accuracy on WebGL in four packed draws, where the composed ops of
 * losses.ts (the same formulas) take about twenty: each is a draw over a few hundred values, dominated by its fixed
 * cost (~0.1 ms in SwiftShader), on every batch of every classifier.
 *
 * 1. Rows: for each row of probabilities p against its one-hot target t, [q, c, Σp, hit] where q = Σ p·t / Σp (the
 *    label's share), c = q clipped to [ε, 1 − ε], and hit = 1 when the row's first largest value is the label's
 *    (tfjs's argMax rule). A row holding NaN or ±Infinity, or summing to 0, gets NaN for q and c, set explicitly
 *    (shaders do not carry NaN through), so the loss is NaN as the composed ops make it: how a run's divergence shows.
 * 2. Loss: −mean(log c). 3. Accuracy: the mean hit (its own draw from p and t, off the gradient's path).
 * 4. Gradient: ∂L/∂p_j = (dy / n) · m / (c · Σp) · (q − t_j), m = 1 where the clip left q as it was.
 * A padding column (an odd number of classes) is left out of every sum; the rows are short (the classes).
 */

/**
 * GLSL: rowStats(r, …) over rows r, r + 1 (r even) of P and T [n, k]: Σp, Σp·t and hit (1 when the row's first
 * largest value is the label's: tfjs's argMax rule; a row of NaN or −Infinity argMaxes to its first column).
 */
function rowStats(k: number): string {
  return `
    void rowStats(int r, out vec2 sum, out vec2 picked, out vec2 hit, out bvec2 bad) {
      bad = bvec2(false);
      sum = vec2(0.0);
      picked = vec2(0.0);
      vec2 best = vec2(-1.0 / 0.0);
      vec2 bestAt = vec2(-1.0);
      vec2 label = vec2(-1.0);
      for (int j = 0; j < ${Math.ceil(k / 2)}; j++) {
        bool ok = 2 * j + 1 < ${k};
        vec4 p = getP(r, 2 * j);
        vec4 t = getT(r, 2 * j);
        float c0 = float(2 * j);
        bvec4 nf = nonFinite(p);
        bad = bvec2(bad.x || nf.x || (ok && nf.y), bad.y || nf.z || (ok && nf.w));
        sum += vec2(p.x, p.z) + (ok ? vec2(p.y, p.w) : vec2(0.0));
        picked += vec2(p.x * t.x, p.z * t.z) + (ok ? vec2(p.y * t.y, p.w * t.w) : vec2(0.0));
        if (p.x > best.x) { best.x = p.x; bestAt.x = c0; }
        if (ok && p.y > best.x) { best.x = p.y; bestAt.x = c0 + 1.0; }
        if (p.z > best.y) { best.y = p.z; bestAt.y = c0; }
        if (ok && p.w > best.y) { best.y = p.w; bestAt.y = c0 + 1.0; }
        if (label.x < 0.0 && t.x > 0.5) label.x = c0;
        if (label.x < 0.0 && ok && t.y > 0.5) label.x = c0 + 1.0;
        if (label.y < 0.0 && t.z > 0.5) label.y = c0;
        if (label.y < 0.0 && ok && t.w > 0.5) label.y = c0 + 1.0;
      }
      bestAt = mix(bestAt, vec2(0.0), lessThan(bestAt, vec2(0.0)));
      hit = vec2(equal(bestAt, label));
    }`;
}

function rowsProgram(n: number, k: number, eps: number): WebGLProgram {
  return packedProgram(['P', 'T'], [n, 4], `
    ${NON_FINITE}
    ${rowStats(k)}
    void main() {
      ivec2 o = getOutputCoords();
      vec2 sum;
      vec2 picked;
      vec2 hit;
      bvec2 bad;
      rowStats(o.x, sum, picked, hit, bad);
      // A row with NaN or ±Infinity, or summing to 0 (0 / 0), has a NaN share, as the composed ops give; set explicitly.
      bad = bvec2(bad.x || sum.x == 0.0, bad.y || sum.y == 0.0);
      vec2 q = mix(picked / sum, vec2(NAN), bad);
      vec2 c = mix(clamp(q, ${eps}, ${1 - eps}), q, bad);
      setOutput(o.y == 0 ? vec4(q.x, c.x, q.y, c.y) : vec4(sum.x, hit.x, sum.y, hit.y));
    }
  `);
}

/** The fraction of rows whose first largest value is the label's: one fragment over all rows. */
function accuracyProgram(n: number, k: number): WebGLProgram {
  return packedProgram(['P', 'T'], [1], `
    ${NON_FINITE}
    ${rowStats(k)}
    void main() {
      float total = 0.0;
      for (int i = 0; i < ${Math.ceil(n / 2)}; i++) {
        vec2 sum;
        vec2 picked;
        vec2 hit;
        bvec2 bad;
        rowStats(2 * i, sum, picked, hit, bad);
        total += hit.x + (2 * i + 1 < ${n} ? hit.y : 0.0);
      }
      setOutput(vec4(total / ${n}.0));
    }
  `);
}

/** −mean(log c) over the rows' [n, 4]: one fragment, one value; NaN when any row's c is (set explicitly). */
function lossProgram(n: number): WebGLProgram {
  return packedProgram(['R'], [1], `
    ${NON_FINITE}
    void main() {
      vec2 total = vec2(0.0);
      bool bad = false;
      for (int i = 0; i < ${Math.ceil(n / 2)}; i++) {
        vec4 r = getR(2 * i, 0);
        bool second = 2 * i + 1 < ${n};
        bvec4 nf = nonFinite(r);
        bad = bad || nf.y || (second && nf.w);
        vec2 v = -log(vec2(r.y, r.w));
        total += vec2(v.x, second ? v.y : 0.0);
      }
      setOutput(bad ? vec4(NAN) : vec4((total.x + total.y) / ${n}.0));
    }
  `);
}

function gradientProgram(n: number, k: number): WebGLProgram {
  return packedProgram(['R', 'T', 'Dy'], [n, k], `
    void main() {
      ivec2 o = getOutputCoords();
      vec4 qc = getR(o.x, 0);
      vec4 s = getR(o.x, 2);
      vec2 q = vec2(qc.x, qc.z);
      vec2 c = vec2(qc.y, qc.w);
      vec2 kept = vec2(equal(c, q));
      vec2 scale = kept * (getDy().x / ${n}.0) / (c * vec2(s.x, s.z));
      setOutput(scale.xxyy * (q.xxyy - getTAtOutCoords()));
    }
  `);
}

export const XENT_ROWS = 'TensorscopeCrossEntropyRows';
export const XENT_LOSS = 'TensorscopeCrossEntropyLoss';
export const XENT_ACCURACY = 'TensorscopeCrossEntropyAccuracy';
export const XENT_GRAD = 'TensorscopeCrossEntropyGrad';

const be = (backend: unknown) => backend as WebGLBackend;

const kernels: tf.KernelConfig[] = [
  {
    kernelName: XENT_ROWS,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { p, t } = inputs as { p: tf.TensorInfo; t: tf.TensorInfo };
      const [n, k] = p.shape;
      return be(backend).runWebGLProgram(rowsProgram(n, k, (attrs as { eps: number }).eps), [p, t], 'float32');
    },
  },
  {
    kernelName: XENT_LOSS,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { rows } = inputs as { rows: tf.TensorInfo };
      return be(backend).runWebGLProgram(lossProgram(rows.shape[0]), [rows], 'float32');
    },
  },
  {
    kernelName: XENT_ACCURACY,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { p, t } = inputs as { p: tf.TensorInfo; t: tf.TensorInfo };
      return be(backend).runWebGLProgram(accuracyProgram(p.shape[0], p.shape[1]), [p, t], 'float32');
    },
  },
  {
    kernelName: XENT_GRAD,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { rows, t, dy } = inputs as { rows: tf.TensorInfo; t: tf.TensorInfo; dy: tf.TensorInfo };
      return be(backend).runWebGLProgram(gradientProgram(t.shape[0], t.shape[1]), [rows, t, dy], 'float32');
    },
  },
];
for (const config of kernels) if (!tf.getKernel(config.kernelName, 'webgl')) tf.registerKernel(config);

let enabled = false;

/** Turned on by registerTrainingKernels('webgl'), off by restoreStockKernels('webgl') (the benchmark's reference). */
export function setFusedCrossEntropy(on: boolean): void {
  enabled = on;
}

/** Whether batches on the active backend take the fused draws (WebGL, turned on). */
export function usesFusedCrossEntropy(): boolean {
  return enabled && tf.getBackend() === 'webgl';
}

/**
 * The mean cross-entropy (with its gradient) and the accuracy of probability rows `out` [n, k] against one-hot
 * targets, in the fused draws above — or null where they do not apply (another backend, not float32 matrices, or
 * turned off), for the composed ops. Same formulas as losses.ts's crossEntropy.
 */
export function fusedCrossEntropy(oneHot: tf.Tensor2D, out: tf.Tensor2D, eps: number): { loss: tf.Scalar; metric: tf.Scalar } | null {
  if (!usesFusedCrossEntropy() || out.dtype !== 'float32' || out.rank !== 2 || out.shape[0] === 0 || out.shape[1] === 0) return null;
  const t = oneHot.dtype === 'float32' ? oneHot : tf.cast(oneHot, 'float32');
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const p = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const rows = tf.engine().runKernel(XENT_ROWS, { p, t }, { eps }) as tf.Tensor;
    save([rows, t]);
    return {
      value: tf.reshape(tf.engine().runKernel(XENT_LOSS, { rows }) as tf.Tensor, []) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(XENT_GRAD, { rows: saved[0], t: saved[1], dy }) as tf.Tensor,
    };
  });
  // Not on the loss's path (the tape leaves it out of the gradient): a kernel without a gradient is fine.
  const metric = tf.reshape(tf.engine().runKernel(XENT_ACCURACY, { p: out, t }) as tf.Tensor, []) as tf.Scalar;
  return { loss: f(out) as tf.Scalar, metric };
}
