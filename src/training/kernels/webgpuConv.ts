import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '../fusedAdam/webgpuKernel';
import { ACCUMULATE, blockProgram, writeBlock, ZERO_BLOCK, type Activation } from './webgpuMatMul';

/**
 * Convolutions for a software WebGPU adapter as products with the windows read in place ("implicit im2col"): each
 * invocation computes a 4 × 4 block of the output ([positions, channels]) with the block program's loop
 * (webgpuMatMul.ts), reading the input at each window position straight from storage, so the [positions, kh·kw·Ci]
 * matrix of windows that im2col writes and reads back is never made. NHWC, float32, dilation 1.
 * - forward: out[(n, oh, ow), co] = Σ_{a, b, ci} x[n, oh·sh + a − top, ow·sw + b − left, ci] · W[a, b, ci, co]
 * - input gradient: dx[(n, h, w), ci] = Σ_{a, b, co} dy[n, i, j, co] · W[a, b, ci, co]
 *   over i = (h + top − a) / sh, j = (w + left − b) / sw where those divide exactly and fall inside dy.
 * Window positions outside the input (padding) read the nearest valid address and are multiplied by 0.
 */

const UNIFORMS = 'inH : i32, inW : i32, inC : i32, outH : i32, outW : i32, outC : i32, kh : i32, kw : i32, sh : i32, sw : i32, top : i32, left : i32, rowsM : i32, tiles : i32,';

/** Start of both programs: this invocation's 4 rows (n, p, q as vec4s over the [N, P, Q] grid of rows) and 4 columns. */
const ROWS_AND_COLUMNS = (gridH: string, gridW: string, columns: string) => `
        let u = uniforms;
        if (index >= u.tiles) { return; }
        let tilesN = (${columns} + 3) / 4;
        let row0 = (index / tilesN) * 4;
        let col0 = (index % tilesN) * 4;
        let rows = min(vec4<i32>(row0, row0 + 1, row0 + 2, row0 + 3), vec4<i32>(u.rowsM - 1));
        let cols = min(vec4<i32>(col0, col0 + 1, col0 + 2, col0 + 3), vec4<i32>(${columns} - 1));
        let perImage = ${gridH} * ${gridW};
        let n = rows / vec4<i32>(perImage);
        let within = rows - n * perImage;
        let p = within / vec4<i32>(${gridW});
        let q = within - p * ${gridW};
        ${ZERO_BLOCK}`;

function forwardProgram(outShape: number[], bias: boolean, activation: Activation, tiles: number): WebGPUProgram {
  return blockProgram({
    outputShape: outShape,
    shaderKey: `tensorscopeConvBlocks_${bias ? 'bias' : ''}_${activation}`,
    variableNames: bias ? ['X', 'W', 'Bias'] : ['X', 'W'],
    uniforms: UNIFORMS,
    tiles,
    main: `
        ${ROWS_AND_COLUMNS('u.outH', 'u.outW', 'u.outC')}
        for (var a = 0; a < u.kh; a++) {
          let ih = p * u.sh + vec4<i32>(a - u.top);
          let rowOk = (ih >= vec4<i32>(0)) & (ih < vec4<i32>(u.inH));
          let ihc = clamp(ih, vec4<i32>(0), vec4<i32>(u.inH - 1));
          for (var b = 0; b < u.kw; b++) {
            let iw = q * u.sw + vec4<i32>(b - u.left);
            let ok = rowOk & (iw >= vec4<i32>(0)) & (iw < vec4<i32>(u.inW));
            let mask = select(vec4<f32>(0.0), vec4<f32>(1.0), ok);
            var xi = ((n * u.inH + ihc) * u.inW + clamp(iw, vec4<i32>(0), vec4<i32>(u.inW - 1))) * u.inC;
            var wi = (a * u.kw + b) * u.inC * u.outC + cols;
            for (var c = 0; c < u.inC; c++) {
              let av = vec4<f32>(X[xi.x], X[xi.y], X[xi.z], X[xi.w]) * mask;
              let bv = vec4<f32>(W[wi.x], W[wi.y], W[wi.z], W[wi.w]);
              ${ACCUMULATE}
              xi = xi + vec4<i32>(1);
              wi = wi + vec4<i32>(u.outC);
            }
          }
        }
        ${writeBlock('0', 'u.rowsM', 'u.outC', bias, activation)}`,
  });
}

function inputGradientProgram(outShape: number[], tiles: number): WebGPUProgram {
  return blockProgram({
    outputShape: outShape,
    shaderKey: 'tensorscopeConvInputGradBlocks',
    variableNames: ['Dy', 'W'],
    uniforms: UNIFORMS,
    tiles,
    main: `
        ${ROWS_AND_COLUMNS('u.inH', 'u.inW', 'u.inC')}
        for (var a = 0; a < u.kh; a++) {
          let ti = p + vec4<i32>(u.top - a);
          let i = ti / vec4<i32>(u.sh);
          let rowOk = (ti >= vec4<i32>(0)) & (i * u.sh == ti) & (i < vec4<i32>(u.outH));
          let ic = clamp(i, vec4<i32>(0), vec4<i32>(u.outH - 1));
          for (var b = 0; b < u.kw; b++) {
            let tj = q + vec4<i32>(u.left - b);
            let j = tj / vec4<i32>(u.sw);
            let ok = rowOk & (tj >= vec4<i32>(0)) & (j * u.sw == tj) & (j < vec4<i32>(u.outW));
            let mask = select(vec4<f32>(0.0), vec4<f32>(1.0), ok);
            var di = ((n * u.outH + ic) * u.outW + clamp(j, vec4<i32>(0), vec4<i32>(u.outW - 1))) * u.outC;
            var wi = ((a * u.kw + b) * u.inC + cols) * u.outC;
            for (var c = 0; c < u.outC; c++) {
              let av = vec4<f32>(Dy[di.x], Dy[di.y], Dy[di.z], Dy[di.w]) * mask;
              let bv = vec4<f32>(W[wi.x], W[wi.y], W[wi.z], W[wi.w]);
              ${ACCUMULATE}
              di = di + vec4<i32>(1);
              wi = wi + vec4<i32>(1);
            }
          }
        }
        ${writeBlock('0', 'u.rowsM', 'u.inC', false, 'linear')}`,
  });
}

function uniformsOf(info: tf.backend_util.Conv2DInfo, rowsM: number, tiles: number) {
  return [
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    rowsM,
    tiles,
  ].map((v) => ({ type: 'int32', data: [v] }));
}

/** Whether the block programs take a convolution of this kind (NHWC float32, dilation 1). */
export function convBlocksTake(x: tf.TensorInfo, filter: tf.TensorInfo, dataFormat: string | undefined, dilations: number | [number, number] | undefined): boolean {
  const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  return (dataFormat === undefined || dataFormat === 'NHWC') && x.dtype === 'float32' && filter.dtype === 'float32' && x.shape.length === 4 && d[0] === 1 && d[1] === 1;
}

/** The forward convolution of `info`'s shapes, with an optional bias [Co] and ReLU. */
export function convBlocks(backend: tf.KernelBackend, x: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, bias: tf.TensorInfo | null, activation: Activation): tf.TensorInfo {
  const rowsM = info.batchSize * info.outHeight * info.outWidth;
  const tiles = Math.ceil(rowsM / 4) * Math.ceil(info.outChannels / 4);
  const outShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const inputs = bias ? [x, filter, bias] : [x, filter];
  return (backend as unknown as WebGPUBackend).runWebGPUProgram(forwardProgram(outShape, !!bias, activation, tiles), inputs, 'float32', uniformsOf(info, rowsM, tiles));
}

/** The input gradient of the convolution of `info`'s shapes. */
export function convInputGradientBlocks(backend: tf.KernelBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const rowsM = info.batchSize * info.inHeight * info.inWidth;
  const tiles = Math.ceil(rowsM / 4) * Math.ceil(info.inChannels / 4);
  const outShape = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
  return (backend as unknown as WebGPUBackend).runWebGPUProgram(inputGradientProgram(outShape, tiles), [dy, filter], 'float32', uniformsOf(info, rowsM, tiles));
}
