import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '../fusedAdam/webgpuKernel';
import { runKernel, withIntermediates, type Backend } from './compose';

/**
 * A matrix product for a software WebGPU adapter (SwiftShader): each invocation computes a 4 × 4 block of the output
 * straight from the operands in storage, with no shared memory and no barriers. tfjs's programs (packed tiles,
 * split-K, small-output) stage tiles in workgroup memory behind barriers, which SwiftShader runs as coroutines that
 * switch at every barrier: the Keras MLP's weight gradient xᵀ·dy ([32, 784]ᵀ · [32, 128], 3.2 M multiply-adds) took
 * ~28 ms per batch in the packed program.
 *
 * Operands are read through strides (uniforms), so transposed operands cost nothing extra, and a batch of one on
 * either side is broadcast. Optional: a bias of N values added to every row, and ReLU (_FusedMatMul).
 */

const WORKGROUP = 64;

export type Activation = 'linear' | 'relu';

/** WGSL: zeroed accumulators for a 4 × 4 block (rows acc0…acc3). */
export const ZERO_BLOCK = `
        var acc0 = vec4<f32>(0.0);
        var acc1 = vec4<f32>(0.0);
        var acc2 = vec4<f32>(0.0);
        var acc3 = vec4<f32>(0.0);`;

/** WGSL: adds the outer product of av (4 rows) and bv (4 columns) to the block. */
export const ACCUMULATE = `
          acc0 = fma(vec4<f32>(av.x), bv, acc0);
          acc1 = fma(vec4<f32>(av.y), bv, acc1);
          acc2 = fma(vec4<f32>(av.z), bv, acc2);
          acc3 = fma(vec4<f32>(av.w), bv, acc3);`;

/**
 * A program of `tiles` invocations, one per 4 × 4 output block, flat over workgroups of WORKGROUP; `main` is the body
 * of `fn main(index : i32)` (it must return for index ≥ the tile count, which the dispatch rounds up).
 */
export function blockProgram(p: { outputShape: number[]; shaderKey: string; variableNames: string[]; uniforms: string; tiles: number; main: string }): WebGPUProgram {
  return {
    outputShape: p.outputShape,
    shaderKey: p.shaderKey,
    dispatchLayout: { x: p.outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(p.tiles / WORKGROUP), 1, 1],
    variableNames: p.variableNames,
    uniforms: p.uniforms,
    workgroupSize: [WORKGROUP, 1, 1],
    size: false,
    getUserCode: () => `
      fn main(index : i32) {
        ${p.main}
      }
    `,
  };
}

function program(batch: number, m: number, n: number, bias: boolean, activation: Activation): WebGPUProgram {
  return blockProgram({
    outputShape: [batch, m, n],
    shaderKey: `tensorscopeMatMul4x4_${bias ? 'bias' : ''}_${activation}`,
    variableNames: bias ? ['A', 'B', 'Bias'] : ['A', 'B'],
    uniforms: 'dimM : i32, dimN : i32, dimK : i32, tiles : i32, aBatch : i32, aRow : i32, aK : i32, bBatch : i32, bK : i32, bCol : i32,',
    tiles: batch * Math.ceil(m / 4) * Math.ceil(n / 4),
    main: `
        let u = uniforms;
        if (index >= u.tiles) { return; }
        let tilesN = (u.dimN + 3) / 4;
        let perBatch = ((u.dimM + 3) / 4) * tilesN;
        let b = index / perBatch;
        let rem = index - b * perBatch;
        let row0 = (rem / tilesN) * 4;
        let col0 = (rem % tilesN) * 4;
        // Rows and columns past the edge read the last one (the result is not written).
        let rows = min(vec4<i32>(row0, row0 + 1, row0 + 2, row0 + 3), vec4<i32>(u.dimM - 1));
        let cols = min(vec4<i32>(col0, col0 + 1, col0 + 2, col0 + 3), vec4<i32>(u.dimN - 1));
        var ai = b * u.aBatch + rows * u.aRow;
        var bi = b * u.bBatch + cols * u.bCol;
        ${ZERO_BLOCK}
        for (var k = 0; k < u.dimK; k++) {
          let av = vec4<f32>(A[ai.x], A[ai.y], A[ai.z], A[ai.w]);
          let bv = vec4<f32>(B[bi.x], B[bi.y], B[bi.z], B[bi.w]);
          ${ACCUMULATE}
          ai = ai + vec4<i32>(u.aK);
          bi = bi + vec4<i32>(u.bK);
        }
        ${writeBlock('b * u.dimM * u.dimN', 'u.dimM', 'u.dimN', bias, activation)}`,
  });
}

/**
 * WGSL that writes the 4 × 4 block acc0…acc3 (rows row0…row0 + 3, columns col0…col0 + 3, `cols` the clamped
 * column indices) of a row-major [rows, columns] output at `base`, with the bias (input Bias) and activation applied.
 */
export function writeBlock(base: string, rows: string, columns: string, bias: boolean, activation: Activation): string {
  return `
        ${bias ? 'let bb = vec4<f32>(Bias[cols.x], Bias[cols.y], Bias[cols.z], Bias[cols.w]);' : ''}
        let outBase = ${base};
        for (var r = 0; r < 4; r++) {
          let row = row0 + r;
          if (row >= ${rows}) { break; }
          var v = acc0;
          if (r == 1) { v = acc1; } else if (r == 2) { v = acc2; } else if (r == 3) { v = acc3; }
          ${bias ? 'v = v + bb;' : ''}
          ${activation === 'relu' ? 'v = max(v, vec4<f32>(0.0));' : ''}
          for (var c = 0; c < 4; c++) {
            if (col0 + c < ${columns}) { result[outBase + row * ${columns} + col0 + c] = v[c]; }
          }
        }`;
}

interface Operands {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  bias?: tf.TensorInfo | null;
  activation?: Activation;
}

/**
 * Whether the block program takes this product: float32 operands of rank 2 or 3 whose batches match or one is 1, and
 * (fused) no bias or a bias of N values, with a linear or ReLU activation.
 */
export function blockMatMulTakes(o: { a: tf.TensorInfo; b: tf.TensorInfo; transposeB: boolean; bias?: tf.TensorInfo | null; activation?: string; prelu?: tf.TensorInfo | null }): boolean {
  const { a, b } = o;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return false;
  if (a.shape.length < 2 || a.shape.length > 3 || b.shape.length < 2 || b.shape.length > 3) return false;
  const batchA = a.shape.length === 3 ? a.shape[0] : 1;
  const batchB = b.shape.length === 3 ? b.shape[0] : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return false;
  if (o.prelu) return false;
  if (o.activation !== undefined && o.activation !== 'linear' && o.activation !== 'relu') return false;
  if (o.bias) {
    const n = b.shape[b.shape.length - (o.transposeB ? 2 : 1)];
    if (o.bias.dtype !== 'float32' || o.bias.shape.length !== 1 || o.bias.shape[0] !== n) return false;
  }
  return true;
}

/** The product (see blockMatMulTakes for what it accepts), shaped as tfjs's BatchMatMul shapes its output. */
export function blockMatMul(backend: Backend, o: Operands): tf.TensorInfo {
  const { a, b, transposeA, transposeB } = o;
  const rank = Math.max(a.shape.length, b.shape.length);
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const kb = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  if (k !== kb) throw new Error(`BatchMatMul: inner dimensions ${k} and ${kb} differ ([${a.shape}] · [${b.shape}])`);
  const batchA = a.shape.length === 3 ? a.shape[0] : 1;
  const batchB = b.shape.length === 3 ? b.shape[0] : 1;
  const batch = Math.max(batchA, batchB);
  const outShape = rank === 3 ? [batch, m, n] : [m, n];
  const be = backend as unknown as WebGPUBackend;
  const activation = o.activation ?? 'linear';
  const uniforms = [
    m,
    n,
    k,
    batch * Math.ceil(m / 4) * Math.ceil(n / 4),
    batchA === 1 ? 0 : ar * ac,
    transposeA ? 1 : ac,
    transposeA ? ac : 1,
    batchB === 1 ? 0 : br * bc,
    transposeB ? 1 : bc,
    transposeB ? bc : 1,
  ].map((v) => ({ type: 'int32', data: [v] }));
  return withIntermediates(backend, (keep) => {
    const inputs = o.bias ? [a, b, o.bias] : [a, b];
    const out = be.runWebGPUProgram(program(batch, m, n, !!o.bias, activation), inputs, 'float32', uniforms);
    if (rank === 3) return out;
    keep(out);
    return runKernel(backend, 'Reshape', { x: out }, { shape: outShape });
  });
}
