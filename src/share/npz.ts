import { zipSync } from 'fflate';
import { TensorscopeError } from '../core/errors';

/**
 * NumPy's .npy (format version 1.0) and .npz (a zip of .npy files) written by hand, so the browser can hand Python
 * its arrays with no NumPy in sight. Little-endian float32, uint8 and int32, C order.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

export type NpyArray = Float32Array | Uint8Array | Int32Array;

export interface NamedArray {
  data: NpyArray;
  shape: readonly number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function descrOf(data: NpyArray): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Int32Array) return '<i4';
  return '|u1';
}

/** The header dictionary as NumPy writes it: a Python literal, padded with spaces to a 64-byte boundary. */
function header(descr: string, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  // magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = (total - 10) & 0xff;
  out[9] = (total - 10) >> 8;
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One .npy file. Throws when the shape does not hold exactly the array's elements. */
export function npy(data: NpyArray, shape: readonly number[]): Uint8Array {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new TensorscopeError('invalid-spec', `Bad .npy shape [${shape.join(', ')}].`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new TensorscopeError('invalid-spec', `A [${shape.join(', ')}] array holds ${size} values, not ${data.length}.`);
  const head = header(descrOf(data), shape);
  const out = new Uint8Array(head.length + data.byteLength);
  out.set(head, 0);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian || data.BYTES_PER_ELEMENT === 1) out.set(body, head.length);
  else {
    // A big-endian host (none that runs browsers today): swap each element's bytes.
    const n = data.BYTES_PER_ELEMENT;
    for (let i = 0; i < body.length; i += n) for (let k = 0; k < n; k++) out[head.length + i + k] = body[i + n - 1 - k];
  }
  return out;
}

/**
 * An .npz: each array as `<name>.npy` in a zip, in the order given (np.load(...).files keeps it). `compress`
 * deflates like np.savez_compressed; without it the members are stored like np.savez.
 */
export function npz(arrays: Record<string, NamedArray>, compress = true): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, a] of Object.entries(arrays)) {
    if (!name || name.endsWith('/')) throw new TensorscopeError('invalid-spec', `Bad .npz array name ${JSON.stringify(name)}.`);
    files[`${name}.npy`] = npy(a.data, a.shape);
  }
  return zipSync(files, { level: compress ? 6 : 0 });
}
