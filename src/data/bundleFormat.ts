import { isGzip } from '../core/bytes';
import { TensorscopeError } from '../core/errors';
import type { ImageArrays } from '../core/types';

/**
 * The bundled-dataset layout (written by scripts/bundle-format.mjs), little-endian:
 *   0  'TSDS' magic          4  u16 version (1)      6  u16 header bytes (32)
 *   8  u32 count            12  u16 height          14  u16 width
 *  16  u8 channels          17  u8 numClasses       18..31 reserved
 * then count×height×width×channels uint8 pixels, then count uint8 labels.
 */
export type DecodedBundle = ImageArrays;

const MAGIC = 'TSDS';

export function decodeBundle(bytes: Uint8Array, source = 'dataset bundle'): DecodedBundle {
  const fail = (why: string) => new TensorscopeError('dataset-format', `${source}: ${why}`);
  if (bytes.length < 32) throw fail(`file is ${bytes.length} bytes, too short for a header.`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) throw fail(`not a Tensorscope bundle (magic "${magic}", expected "${MAGIC}").`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== 1) throw fail(`unsupported bundle version ${version}.`);
  const header = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const height = view.getUint16(12, true);
  const width = view.getUint16(14, true);
  const channels = bytes[16];
  const numClasses = bytes[17];
  if (header < 32 || count === 0 || height === 0 || width === 0 || channels === 0 || numClasses < 2) {
    throw fail('header holds impossible sizes.');
  }
  const pixels = count * height * width * channels;
  const expected = header + pixels + count;
  if (bytes.length !== expected) throw fail(`file is ${bytes.length} bytes, expected ${expected} (truncated or padded).`);
  const images = bytes.subarray(header, header + pixels);
  const labels = bytes.subarray(header + pixels, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= numClasses) throw fail(`label ${labels[i]} at example ${i} is outside 0..${numClasses - 1}.`);
  }
  return { images, labels, count, height, width, channels, numClasses };
}

/** Inflates gzip when the bytes start with its magic number, else returns them as they are. */
export async function maybeGunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new TensorscopeError('dataset-format', 'dataset bundle: the gzip data is corrupt or truncated.');
  }
}
