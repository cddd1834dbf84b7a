import { TensorscopeError } from '../core/errors';
import { nonFiniteWeightsMessage } from './finiteWeights';
import { quantizeUint8, toFloat16, type WeightQuantization } from '../core/quantize';

/**
 * TF.js LayersModel artifacts (model.json + one weights.bin) from a model topology and its weights, optionally
 * quantised — written the way tfjs-converter writes them, so `tf.loadLayersModel` (and `tf.io.decodeWeights`) of
 * tfjs 4.22 dequantise them on load:
 *
 *   uint8:   { dtype: 'uint8', min, scale, original_dtype: 'float32' }, one byte per value, value = byte × scale + min
 *   float16: { dtype: 'float16', original_dtype: 'float32' }, IEEE half, two bytes per value
 *   float32: no `quantization` field, four bytes per value
 *
 * Byte order is little-endian (the typed arrays of every platform tfjs runs on). No tfjs import: this runs
 * anywhere and is tested against tfjs itself.
 */

/** The default `generatedBy`: the library whose model.save() produced the topology. */
export const TFJS_GENERATED_BY = 'TensorFlow.js tfjs-layers v4.22.0';
export const WEIGHTS_FILE_NAME = 'weights.bin';
/** The largest finite half; larger magnitudes would be stored as ±Infinity. */
const FLOAT16_MAX = 65504;

export interface TfjsWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export type TfjsQuantization =
  | { dtype: 'uint8'; min: number; scale: number; original_dtype: 'float32' }
  | { dtype: 'float16'; original_dtype: 'float32' };

/** One entry of model.json's weightsManifest (tfjs's WeightsManifestEntry, narrowed to what we write). */
export interface TfjsWeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: TfjsQuantization;
}

export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: TfjsWeightEntry[] }[];
  trainingConfig?: object;
}

export interface TfjsArtifacts {
  modelJson: TfjsModelJson;
  weightData: ArrayBuffer;
}

export interface TfjsArtifactOptions {
  /** Defaults to TFJS_GENERATED_BY. */
  generatedBy?: string;
  /** The file model.json names for its weights; defaults to 'weights.bin'. */
  weightsFileName?: string;
  /** Written as model.json's trainingConfig when given (loss, metrics, optimizer config). */
  trainingConfig?: object;
}

const BYTES_PER_VALUE: Record<WeightQuantization, number> = { float32: 4, float16: 2, uint8: 1 };

function exportFailed(message: string): never {
  throw new TensorscopeError('export-failed', `Cannot export the model: ${message}`);
}

function checkWeights(weights: TfjsWeight[]): void {
  const names = new Set<string>();
  weights.forEach((w, i) => {
    if (typeof w.name !== 'string' || w.name === '') exportFailed(`weight ${i} has no name`);
    if (names.has(w.name)) exportFailed(`two weights are named "${w.name}"`);
    names.add(w.name);
    if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) exportFailed(`weight "${w.name}" has an invalid shape`);
    if (!(w.values instanceof Float32Array)) exportFailed(`weight "${w.name}" must hold a Float32Array`);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (w.values.length !== size) exportFailed(`weight "${w.name}" has ${w.values.length} values but its shape [${w.shape.join(', ')}] needs ${size}`);
  });
}

/**
 * model.json and weights.bin for a LayersModel. `modelTopology` is what the model's save() reports (artifacts
 * .modelTopology); `weights` must be in the order and with the names of its weightSpecs. Throws
 * TensorscopeError('export-failed') for mismatched sizes, non-finite weights (any format), or values beyond float16's range.
 */
export function toTfjsArtifacts(modelTopology: object, weights: TfjsWeight[], quant: WeightQuantization, options: TfjsArtifactOptions = {}): TfjsArtifacts {
  if (!(quant in BYTES_PER_VALUE)) exportFailed(`unknown weight format "${String(quant)}"`);
  checkWeights(weights);
  // In every format: float32 and float16 could store NaN, but a model that predicts NaN is no export.
  const nonFinite = nonFiniteWeightsMessage(weights);
  if (nonFinite) exportFailed(nonFinite);
  const total = weights.reduce((s, w) => s + w.values.length * BYTES_PER_VALUE[quant], 0);
  const weightData = new ArrayBuffer(total);
  const bytes = new Uint8Array(weightData);
  const entries: TfjsWeightEntry[] = [];
  let offset = 0;
  for (const w of weights) {
    const entry: TfjsWeightEntry = { name: w.name, shape: [...w.shape], dtype: 'float32' };
    let data: Uint8Array;
    if (quant === 'uint8') {
      let q;
      try {
        q = quantizeUint8(w.values);
      } catch (e) {
        return exportFailed(`weight "${w.name}": ${e instanceof Error ? e.message : 'cannot be quantised'}`);
      }
      entry.quantization = { dtype: 'uint8', min: q.min, scale: q.scale, original_dtype: 'float32' };
      data = q.data;
    } else if (quant === 'float16') {
      for (const v of w.values) {
        if (Number.isFinite(v) && Math.abs(v) > FLOAT16_MAX) {
          exportFailed(`weight "${w.name}" holds ${v}, beyond float16's ±65,504; export as float32 or uint8 instead`);
        }
      }
      entry.quantization = { dtype: 'float16', original_dtype: 'float32' };
      const halves = toFloat16(w.values);
      data = new Uint8Array(halves.buffer, halves.byteOffset, halves.byteLength);
    } else {
      data = new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength);
    }
    bytes.set(data, offset);
    offset += data.length;
    entries.push(entry);
  }
  const modelJson: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: options.generatedBy ?? TFJS_GENERATED_BY,
    convertedBy: 'Tensorscope',
    modelTopology,
    weightsManifest: [{ paths: [options.weightsFileName ?? WEIGHTS_FILE_NAME], weights: entries }],
  };
  if (options.trainingConfig) modelJson.trainingConfig = options.trainingConfig;
  return { modelJson, weightData };
}
