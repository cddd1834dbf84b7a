/**
 * Weight quantisation for share links and exports: 8-bit affine (what tfjs-converter calls `uint8`) and IEEE 754
 * half precision (`float16`). Pure functions on typed arrays; no tfjs.
 */

/** How weights are stored: as they are, as halves, or as 8-bit affine codes. */
export type WeightQuantization = 'float32' | 'float16' | 'uint8';
export const WEIGHT_QUANTIZATIONS: readonly WeightQuantization[] = ['float32', 'float16', 'uint8'];

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** 8-bit affine codes: value ≈ data[i] × scale + min. */
export interface Uint8Quantized {
  data: Uint8Array;
  min: number;
  scale: number;
}

/**
 * Affine 8-bit quantisation, as tfjs-converter does it: scale = (max − min) / 255 and, when the range covers 0,
 * `min` is nudged (by at most scale / 2) so that 0 has an exact code — zero padding and zero biases stay exactly
 * zero. Every value then dequantises within scale / 2 of itself (plus float32 rounding of the result).
 *
 * A constant tensor gets scale 0 and all-zero codes: it dequantises exactly. An empty one gets min 0, scale 0.
 * Throws a RangeError for NaN or ±Infinity (there is no affine code for them; a diverged model is not shareable).
 */
export function quantizeUint8(values: Float32Array): Uint8Quantized {
  const n = values.length;
  const data = new Uint8Array(n);
  if (n === 0) return { data, min: 0, scale: 0 };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`cannot quantise a non-finite value (${v}) at index ${i}`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return { data, min: lo, scale: 0 };
  // Doubles throughout: (hi − lo) can exceed the float32 range even when both ends are float32.
  const scale = (hi - lo) / 255;
  let min = lo;
  if (lo <= 0 && hi >= 0) {
    const zeroPoint = Math.round(-lo / scale);
    const nudged = zeroPoint === 0 ? 0 : -zeroPoint * scale;
    // Not where the nudged range would reach past float32 (codes at its ends would dequantise to ±Infinity).
    if (Math.max(-nudged, nudged + 255 * scale) <= FLOAT32_MAX) min = nudged;
  }
  const max = min + 255 * scale;
  for (let i = 0; i < n; i++) {
    const v = Math.min(max, Math.max(min, values[i]));
    const q = Math.round((v - min) / scale);
    data[i] = q < 0 ? 0 : q > 255 ? 255 : q;
  }
  return { data, min, scale };
}

/** The inverse of quantizeUint8 (and what tf.io.decodeWeights computes): data[i] × scale + min, as float32. */
export function dequantizeUint8(q: Uint8Quantized): Float32Array {
  const { data, min, scale } = q;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * scale + min;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// IEEE 754 binary16.

/** One float32 → half bit pattern, round to nearest, ties to even; overflow → ±Infinity, NaN → quiet NaN. */
function halfBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00;
  // Re-biased exponent (half bias 15, float bias 127).
  const e = exp - 112;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Below the smallest normal half (2^-14): a subnormal half, or zero. Values under 2^-25 round to ±0
    // (exactly 2^-25 is a tie, and ties go to the even code 0).
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e; // 14..24
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++; // may carry into the smallest normal: right
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++; // a carry out of 0x7bff gives 0x7c00, Infinity: right
  return sign | half;
}

/** Float32 values → IEEE half bit patterns (round to nearest even; subnormals; overflow to ±Infinity; NaN kept). */
export function toFloat16(values: Float32Array): Uint16Array {
  const n = values.length;
  const out = new Uint16Array(n);
  // Same bytes read as integers; a Float32Array's byteOffset is always a multiple of 4.
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) out[i] = halfBits(bits[i]);
  return out;
}

/** One half bit pattern → its exact value. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** IEEE half bit patterns → float32 values (exact: every half is a float32). */
export function fromFloat16(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = halfToNumber(halves[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** The values as they come back after storing them with `kind`. */
export function roundTrip(values: Float32Array, kind: WeightQuantization): Float32Array {
  if (kind === 'float16') return fromFloat16(toFloat16(values));
  if (kind === 'uint8') return dequantizeUint8(quantizeUint8(values));
  return Float32Array.from(values);
}

/**
 * The largest absolute change any value suffers when stored with `kind` (0 for float32). NaN stays NaN and counts
 * as no change; a finite value that overflows float16 counts as Infinity. uint8 throws for non-finite values.
 */
export function quantizationError(values: Float32Array, kind: WeightQuantization): number {
  if (kind === 'float32') return 0;
  const back = roundTrip(values, kind);
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    const b = back[i];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue; // also ±Infinity kept as itself
    const d = Math.abs(a - b);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
