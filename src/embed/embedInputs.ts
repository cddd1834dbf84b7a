import { describeError } from '../core/errors';
import { encodeRecord, type RawRecord } from '../data/table/encodeRecord';
import { MAX_REQUEST_BYTES, type EmbedErrorCode } from '../client/protocol';
import { describeValue } from './embedRequest';
import type { EmbedModel } from './embedModel';

/** Numbers are counted as 8 bytes each (as JSON or a Float64Array would carry them), strings by their length. */
export const BYTES_PER_NUMBER = 8;
const MAX_NUMBERS = Math.floor(MAX_REQUEST_BYTES / BYTES_PER_NUMBER);
/** Nesting deeper than an image's [28][28][1] is not an input. */
const MAX_DEPTH = 4;

export type EncodedInputs = { ok: true; values: Float32Array; count: number } | { ok: false; code: EmbedErrorCode; message: string };

type Fail = { ok: false; code: EmbedErrorCode; message: string };
const fail = (code: EmbedErrorCode, message: string): Fail => ({ ok: false, code, message });

const isArrayLike = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !isArrayLike(v) && !(v instanceof DataView) && !(v instanceof ArrayBuffer);

/** The request's size in numbers, counting stops once over `limit` (a 100 MB array is measured by its length, not walked). */
function countNumbers(v: unknown, limit: number, depth = 0): number {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return (v as unknown as ArrayLike<number>).length;
  if (Array.isArray(v)) {
    if (depth >= MAX_DEPTH || v.length > limit) return v.length;
    let n = 0;
    for (let i = 0; i < v.length && n <= limit; i++) {
      const e: unknown = v[i];
      n += typeof e === 'object' && e !== null ? countNumbers(e, limit - n, depth + 1) : 1;
    }
    return n;
  }
  if (isRecord(v)) {
    let n = 0;
    for (const value of Object.values(v)) {
      n += typeof value === 'string' ? Math.max(1, Math.ceil(value.length / BYTES_PER_NUMBER)) : 1;
      if (n > limit) break;
    }
    return n;
  }
  return 1;
}

const Where = (i: number, single: boolean) => (single ? 'The input' : `Input ${i}`);

/** Flattens nested arrays / typed arrays into `out` from `at`; the first non-number found is reported by position. */
function flatten(v: unknown, out: number[], depth: number): { bad: unknown; at: number } | null {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== 'number') return { bad: x, at: out.length };
      out.push(x);
    }
    return null;
  }
  if (Array.isArray(v) && depth < MAX_DEPTH) {
    for (const e of v) {
      if (typeof e === 'number') out.push(e);
      else if (isArrayLike(e)) {
        const bad = flatten(e, out, depth + 1);
        if (bad) return bad;
      } else return { bad: e, at: out.length };
    }
    return null;
  }
  return { bad: v, at: out.length };
}

/** Image and vector models: numbers, the right count, finite, and pixels in range (converted to 0–255 as the draw pad does). */
function encodeNumbers(model: EmbedModel, inputs: unknown[], single: boolean, scale: 'auto' | '0-1' | '0-255'): EncodedInputs {
  const d = model.description;
  const image = d.input === 'image';
  const takes = image ? `28×28 = ${model.size}` : `${model.size}`;
  const values = new Float32Array(inputs.length * model.size);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (!isArrayLike(input)) {
      return fail('bad-input', `${Where(i, single)} is ${describeValue(input)}; this model takes ${image ? `28×28 pixels (a flat array of ${model.size} numbers or 28 rows of 28)` : `an array of ${model.size} numbers`}.`);
    }
    const flat: number[] = [];
    const bad = flatten(input, flat, 0);
    if (bad) return fail('not-finite', `${Where(i, single)} has ${describeValue(bad.bad)} at position ${bad.at}; every value must be a number.`);
    if (flat.length !== model.size) return fail('bad-input', `${Where(i, single)} has ${flat.length} numbers; this model takes ${takes}.`);
    let max = -Infinity;
    for (let k = 0; k < flat.length; k++) {
      const x = flat[k];
      if (!Number.isFinite(x)) return fail('not-finite', `${Where(i, single)} has ${String(x)} at position ${k}; every value must be a finite number.`);
      if (x > max) max = x;
    }
    if (!image) {
      values.set(flat, i * model.size);
      continue;
    }
    // 'auto': an image whose brightest pixel is ≤ 1 reads as 0–1 (a blank image reads the same either way).
    const unit = scale === '0-1' || (scale === 'auto' && max <= 1);
    const top = unit ? 1 : 255;
    for (let k = 0; k < flat.length; k++) {
      const x = flat[k];
      if (x < 0 || x > top) return fail('bad-input', `${Where(i, single)} has a pixel of ${x} at position ${k}; pixels are ${unit ? '0–1' : '0–255'}${scale === 'auto' ? ' (0–1 when the brightest is at most 1, else 0–255)' : ''}.`);
      // The engine takes the dataset's raw units, 0–255 pixels, and normalises like training (as the draw pad's ×255).
      values[i * model.size + k] = unit ? x * 255 : x;
    }
  }
  return { ok: true, values, count: inputs.length };
}

/** Table models: an object of raw column values through the fitted table (encodeRecord), as the studio's prediction form. */
function encodeTable(model: EmbedModel, inputs: unknown[], single: boolean): EncodedInputs {
  const table = model.table!;
  const names = new Set(table.columns.map((c) => c.name));
  const values = new Float32Array(inputs.length * model.size);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (!isRecord(input)) return fail('bad-input', `${Where(i, single)} is ${describeValue(input)}; this model takes an object of raw values by column (${[...names].slice(0, 8).join(', ')}${names.size > 8 ? ', …' : ''}).`);
    for (const [key, v] of Object.entries(input)) {
      if (!names.has(key)) return fail('bad-input', `${Where(i, single)} names an unknown column ${describeValue(key)}; this model's columns are ${[...names].slice(0, 12).join(', ')}${names.size > 12 ? ', …' : ''}.`);
      if (typeof v === 'number' && !Number.isFinite(v)) return fail('not-finite', `${Where(i, single)}: “${key}” is ${String(v)}; numbers must be finite (leave a value out or send null for a missing one).`);
      if (v !== null && typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') return fail('bad-input', `${Where(i, single)}: “${key}” is ${describeValue(v)}; send a number, a string or null.`);
    }
    let row: Float32Array;
    try {
      row = encodeRecord(table, input as RawRecord);
    } catch (err) {
      const text = describeError(err);
      return fail(/must be a number/.test(text) ? 'not-finite' : 'bad-input', `${Where(i, single)}: ${text}`);
    }
    if (row.length !== model.size) return fail('bad-input', `${Where(i, single)} encodes to ${row.length} features; this model takes ${model.size}.`);
    values.set(row, i * model.size);
  }
  return { ok: true, values, count: inputs.length };
}

/** Every input of a predict request checked against the model and turned into the engine's raw units (count × size). */
export function encodeInputs(model: EmbedModel, inputs: unknown[], single: boolean, scale: 'auto' | '0-1' | '0-255'): EncodedInputs {
  const numbers = countNumbers(inputs, MAX_NUMBERS);
  if (numbers > MAX_NUMBERS) {
    const mb = numbers * BYTES_PER_NUMBER >= 10_000_000 ? `${Math.round((numbers * BYTES_PER_NUMBER) / 1_000_000)} MB` : `${((numbers * BYTES_PER_NUMBER) / 1_000_000).toFixed(1)} MB`;
    return fail('too-large', `The request carries ${numbers > MAX_NUMBERS * 10 ? 'about ' : 'over '}${mb} of numbers (${BYTES_PER_NUMBER} bytes each); one request carries at most ${MAX_REQUEST_BYTES / 1_000_000} MB (${MAX_NUMBERS.toLocaleString('en-US')} numbers).`);
  }
  return model.table ? encodeTable(model, inputs, single) : encodeNumbers(model, inputs, single, scale);
}
