/**
 * Image bytes → RGBA pixels → fixed-size uint8 arrays. Runs inside a Web Worker (no DOM `document`, no tfjs).
 * Decoding is a parameter (`ImageDecoder`) so the folder and sprite logic is unit-tested in Node with `pngDecoder`,
 * while the app uses `browserDecoder` (PNG and JPEG via the browser's own codecs).
 */
import { decode as decodePng, type DecodedPng } from 'fast-png';
import { Unzlib } from 'fflate';
import { TensorscopeError } from '../../core/errors';

export interface RawImage {
  width: number;
  height: number;
  /** RGBA 8-bit, row-major, width × height × 4 (not premultiplied). */
  data: Uint8ClampedArray | Uint8Array;
}

/** Turns one file's bytes into RGBA pixels; throws a TensorscopeError ('dataset-format') naming the file. */
export type ImageDecoder = (bytes: Uint8Array, fileName: string) => Promise<RawImage>;

/**
 * Largest image (in pixels) either decoder accepts: 64 Mi pixels fits the 784 × 65,000 MNIST sprite and any
 * ordinary photo, and refusing beyond it keeps a corrupt or hostile header (say 60,000 × 60,000) from asking the
 * worker for gigabytes.
 */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

function formatError(fileName: string, why: string): TensorscopeError {
  return new TensorscopeError('dataset-format', `${fileName}: ${why}`);
}

/** fast-png wraps zlib errors ("Error while decompressing the data:" + cause), so the cause is added. */
function messageOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const own = (e.message || e.name).replace(/:\s*$/, '');
  return e.cause instanceof Error && e.cause.message ? `${own}: ${e.cause.message}` : own;
}

function checkDimensions(width: number, height: number, fileName: string): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw formatError(fileName, `the image has no pixels (${width} × ${height}).`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw formatError(
      fileName,
      `the image is ${width} × ${height} pixels, larger than the ${MAX_IMAGE_PIXELS / 1_000_000} megapixel limit; shrink it first.`,
    );
  }
}

export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** The image format by magic number (file extensions lie; a renamed .heic or .txt is common). */
export function sniffImageType(bytes: Uint8Array): SniffedType | null {
  const b = bytes;
  const at = (i: number, ...values: number[]) => b.length >= i + values.length && values.every((v, k) => b[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (at(4, 0x37, 0x61) || at(4, 0x39, 0x61))) return 'gif'; // GIF87a / GIF89a
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp'; // RIFF....WEBP
  // "BM" alone is weak, so also require room for the 14-byte file header plus the smallest info header.
  if (at(0, 0x42, 0x4d) && b.length >= 26) return 'bmp';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Browser decoder

/**
 * PNG / JPEG (and whatever else the browser can open) via `createImageBitmap` + `OffscreenCanvas`, both available
 * in workers. EXIF orientation is applied the way the browser shows the photo; colour-space conversion is off so
 * the same file gives the same pixels in every browser.
 */
export const browserDecoder: ImageDecoder = async (bytes, fileName) => {
  const cannot = (detail?: string) =>
    formatError(fileName, `not a PNG or JPEG image the browser can decode${detail ? ` (${detail})` : ''}.`);
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas === 'undefined') {
    throw formatError(fileName, 'this browser cannot decode images inside a worker (no OffscreenCanvas); try a current Chrome, Edge, Firefox or Safari.');
  }
  let bitmap: ImageBitmap;
  try {
    // Blob wants ArrayBuffer-backed views; copy only when the bytes sit in a SharedArrayBuffer.
    const part = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    bitmap = await createImageBitmap(new Blob([part]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw cannot();
  }
  try {
    checkDimensions(bitmap.width, bitmap.height, fileName);
    const { width, height } = bitmap;
    // Drawn in horizontal strips: browsers cap canvas height (Firefox at 32,767 px) and the MNIST sprite is
    // 65,000 rows tall.
    const stripHeight = Math.max(1, Math.min(height, 4096, Math.floor(16_777_216 / width)));
    const canvas = new OffscreenCanvas(width, stripHeight);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw cannot('no 2D canvas available');
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y += stripHeight) {
      const h = Math.min(stripHeight, height - y);
      ctx.clearRect(0, 0, width, stripHeight);
      ctx.drawImage(bitmap, 0, y, width, h, 0, 0, width, h);
      data.set(ctx.getImageData(0, 0, width, h).data, y * width * 4);
    }
    return { width, height, data };
  } catch (e) {
    if (e instanceof TensorscopeError) throw e;
    throw cannot(messageOf(e));
  } finally {
    bitmap.close();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Pure-JS PNG decoder (Node tests, and a fallback where the browser has no OffscreenCanvas)

interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
  /** IDAT payloads, in order, as views into the file. */
  idat: Uint8Array[];
  idatBytes: number;
}

const CHANNELS_BY_COLOR_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Reads IHDR and locates IDAT without inflating anything, so sizes are checked before fast-png allocates
 * width × height buffers from an untrusted header.
 */
function readPngHeader(bytes: Uint8Array, fileName: string): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string) => formatError(fileName, `not a valid PNG file (${why}).`);
  if (bytes.length < 33) throw corrupt('the file is too short');
  const type = (at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
  if (view.getUint32(8) !== 13 || type(12) !== 'IHDR') throw corrupt('the header chunk is missing');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24];
  const colorType = bytes[25];
  const channels = CHANNELS_BY_COLOR_TYPE[colorType];
  if (channels === undefined) throw corrupt(`unknown colour type ${colorType}`);
  const depthOk = colorType === 0 ? [1, 2, 4, 8, 16].includes(depth) : colorType === 3 ? [1, 2, 4, 8].includes(depth) : [8, 16].includes(depth);
  if (!depthOk) throw corrupt(`bit depth ${depth} is not allowed for colour type ${colorType}`);
  const interlaced = bytes[28] === 1;
  checkDimensions(width, height, fileName);

  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const name = type(at + 4);
    const start = at + 8;
    if (start + length > bytes.length) break; // truncated: fast-png reports it
    if (name === 'IDAT') {
      idat.push(bytes.subarray(start, start + length));
      idatBytes += length;
    }
    if (name === 'IEND') break;
    at = start + length + 4;
  }
  return { width, height, depth, colorType, interlaced, idat, idatBytes };
}

/** Bytes the zlib stream of a well-formed PNG inflates to (filter byte per row, per Adam7 pass when interlaced). */
function expectedInflatedBytes(h: PngHeader): number {
  const bitsPerPixel = h.depth * CHANNELS_BY_COLOR_TYPE[h.colorType];
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  if (!h.interlaced) return h.height * (1 + rowBytes(h.width));
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((h.width - x0) / dx);
    const ph = Math.ceil((h.height - y0) / dy);
    if (pw > 0 && ph > 0) total += ph * (1 + rowBytes(pw));
  }
  return total;
}

/** A little above deflate's best possible ratio (about 1032:1), so this bound never rejects a real image. */
const DEFLATE_MAX_RATIO = 1100;

/**
 * Checks the compressed size against the header, then streams the image data through zlib counting bytes, which
 * stops a "decompression bomb" (a few kB of IDAT that inflate to gigabytes) before fast-png buffers all of it.
 * The streaming pass only runs when the compressed size makes a bomb possible, so ordinary photos inflate once.
 */
function guardInflatedSize(h: PngHeader, fileName: string): void {
  const expected = expectedInflatedBytes(h);
  // Too little data to fill the image even at deflate's best ratio: truncated, and refusing now saves fast-png
  // allocating a full-size buffer for a header that lies.
  if (h.idatBytes * DEFLATE_MAX_RATIO < expected) throw formatError(fileName, 'not a valid PNG file (the image data is truncated).');
  const allowed = expected * 2 + 1024;
  if (h.idatBytes * DEFLATE_MAX_RATIO <= allowed) return;
  let produced = 0;
  const tooBig = formatError(fileName, `the image data inflates to far more than a ${h.width} × ${h.height} image needs; the file is corrupt.`);
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
    if (produced > allowed) throw tooBig;
  });
  try {
    // Small slices, because fflate inflates each push in full before reporting it (1 kB → at most ~1 MB).
    const SLICE = 1024;
    const last = h.idat.length - 1;
    h.idat.forEach((part, i) => {
      let at = 0;
      do {
        const end = Math.min(part.length, at + SLICE);
        inflater.push(part.subarray(at, end), i === last && end === part.length);
        at = end;
      } while (at < part.length);
    });
  } catch (e) {
    if (e === tooBig) throw e;
    // Other zlib errors are left for fast-png to report with the rest of its checks.
  }
}

/** One sample of row `y`, column `x`, channel `c`, as stored (0..2^depth−1). */
function sampleReader(png: DecodedPng, channels: number): (y: number, x: number, c: number) => number {
  const { data, width, depth } = png;
  if (depth >= 8) {
    return (y, x, c) => data[(y * width + x) * channels + c];
  }
  // Sub-byte samples are packed MSB-first and every row starts on a byte boundary.
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const mask = (1 << depth) - 1;
  return (y, x, c) => {
    const bit = (x * channels + c) * depth;
    const byte = data[y * rowBytes + (bit >> 3)];
    return (byte >> (8 - depth - (bit & 7))) & mask;
  };
}

function pngToRgba(png: DecodedPng, h: PngHeader, fileName: string): RawImage {
  const { width, height, depth } = png;
  const channels = CHANNELS_BY_COLOR_TYPE[h.colorType];
  if (width !== h.width || height !== h.height || png.channels !== channels || depth !== h.depth) {
    throw formatError(fileName, 'not a valid PNG file (inconsistent header).');
  }
  if (h.interlaced && depth < 8) {
    // fast-png mis-decodes interlaced images with packed samples; refusing beats returning wrong pixels.
    throw formatError(fileName, `interlaced PNGs with ${depth}-bit samples are not supported; re-save it without interlacing.`);
  }
  const expectedLength = depth < 8 ? Math.ceil((width * channels * depth) / 8) * height : width * height * channels;
  if (png.data.length < expectedLength) throw formatError(fileName, 'not a valid PNG file (the image data is truncated).');

  if (h.colorType === 6 && depth === 8) return { width, height, data: png.data.subarray(0, expectedLength) as Uint8Array }; // already RGBA8

  const read = sampleReader(png, channels);
  const max = (1 << depth) - 1;
  // Every depth maps to 0..255 with max → 255: ×255/1 for 1-bit, ÷257 for 16-bit.
  const to8 = depth === 8 ? (v: number) => v : (v: number) => Math.round((v * 255) / max);
  const out = new Uint8Array(width * height * 4);
  const t = png.transparency; // tRNS for grey / RGB: the one colour that is fully transparent
  const palette = png.palette;
  if (h.colorType === 3 && !palette) throw formatError(fileName, 'not a valid PNG file (palette image without a palette).');

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let r: number, g: number, b: number, a: number;
      switch (h.colorType) {
        case 0: {
          const v = read(y, x, 0);
          r = g = b = to8(v);
          a = t && t.length >= 1 && t[0] === v ? 0 : 255;
          break;
        }
        case 2: {
          const vr = read(y, x, 0), vg = read(y, x, 1), vb = read(y, x, 2);
          r = to8(vr); g = to8(vg); b = to8(vb);
          a = t && t.length >= 3 && t[0] === vr && t[1] === vg && t[2] === vb ? 0 : 255;
          break;
        }
        case 3: {
          const index = read(y, x, 0);
          const entry = palette?.[index];
          if (!entry) throw formatError(fileName, `not a valid PNG file (pixel uses palette entry ${index}, but the palette has ${palette?.length ?? 0}).`);
          r = entry[0]; g = entry[1]; b = entry[2];
          a = entry.length > 3 ? entry[3] : 255; // fast-png appends tRNS alpha to palette entries
          break;
        }
        case 4:
          r = g = b = to8(read(y, x, 0));
          a = to8(read(y, x, 1));
          break;
        default:
          r = to8(read(y, x, 0)); g = to8(read(y, x, 1)); b = to8(read(y, x, 2));
          a = to8(read(y, x, 3));
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    }
  }
  return { width, height, data: out };
}

/**
 * Pure-JS PNG decoder (fast-png): grey, grey+alpha, RGB, RGBA and palette images at every bit depth (16-bit is
 * scaled to 8-bit, 1/2/4-bit stretched to 0..255), tRNS transparency included. JPEG needs `browserDecoder`.
 */
export const pngDecoder: ImageDecoder = async (bytes, fileName) => {
  const kind = sniffImageType(bytes);
  if (kind !== 'png') {
    const why =
      kind === 'jpeg' ? 'it is a JPEG image, which needs the browser decoder'
      : kind ? `it is a ${kind.toUpperCase()} image`
      : 'the contents are not an image';
    throw formatError(fileName, `not a PNG image (${why}).`);
  }
  const header = readPngHeader(bytes, fileName);
  guardInflatedSize(header, fileName);
  let png: DecodedPng;
  try {
    png = decodePng(bytes);
  } catch (e) {
    throw formatError(fileName, `not a valid PNG file (${messageOf(e)}).`);
  }
  return pngToRgba(png, header, fileName);
};

// ---------------------------------------------------------------------------------------------------------------
// Resizing

/**
 * For each output column (or row), the source columns it covers and by how much. Coordinates are scaled by
 * `dst` so every overlap is an integer and each output's weights sum exactly to `src`: a constant image stays
 * exactly constant, and an edge on a pixel boundary stays sharp.
 */
function boxWeights(src: number, dst: number): { first: Int32Array; weights: Float64Array[] } {
  const first = new Int32Array(dst);
  const weights: Float64Array[] = [];
  for (let i = 0; i < dst; i++) {
    const start = i * src; // in units of 1/dst source pixels
    const end = start + src;
    const j0 = Math.floor(start / dst);
    const j1 = Math.ceil(end / dst); // exclusive
    first[i] = j0;
    const w = new Float64Array(j1 - j0);
    for (let j = j0; j < j1; j++) w[j - j0] = Math.min(end, (j + 1) * dst) - Math.max(start, j * dst);
    weights.push(w);
  }
  return { first, weights };
}

/**
 * Area-averaging (box filter) resize of RGBA pixels to `size`, output row-major height × width × (1 or 3), 0..255.
 *
 * Transparent pixels are composited over BLACK (colour × alpha) before averaging, and 'grayscale' is luminance
 * 0.299 R + 0.587 G + 0.114 B. No inversion happens: MNIST-like data is white strokes on black, so dark-on-white
 * drawings must be inverted by whoever prepares them. The aspect ratio is not preserved (images are stretched).
 */
export function resizeToArray(img: RawImage, size: { width: number; height: number }, mode: 'grayscale' | 'rgb'): Uint8Array {
  const { width: sw, height: sh, data } = img;
  const { width: dw, height: dh } = size;
  if (!(Number.isInteger(dw) && Number.isInteger(dh) && dw > 0 && dh > 0 && dw * dh <= MAX_IMAGE_PIXELS)) {
    throw new TensorscopeError('invalid-spec', `Cannot resize images to ${dw} × ${dh}; width and height must be positive whole numbers.`);
  }
  if (!(Number.isInteger(sw) && Number.isInteger(sh) && sw > 0 && sh > 0) || !data || data.length < sw * sh * 4) {
    throw new TensorscopeError('dataset-format', `The decoded image is malformed (${sw} × ${sh} with ${data?.length ?? 0} bytes of RGBA).`);
  }
  const xs = boxWeights(sw, dw);
  const ys = boxWeights(sh, dh);

  // Horizontal pass: per source row, premultiplied R,G,B summed with integer weights (exact in float64).
  const rows = new Float64Array(sh * dw * 3);
  for (let y = 0; y < sh; y++) {
    for (let ox = 0; ox < dw; ox++) {
      const w = xs.weights[ox];
      let r = 0, g = 0, b = 0;
      let p = (y * sw + xs.first[ox]) * 4;
      for (let k = 0; k < w.length; k++, p += 4) {
        const a = data[p + 3] * w[k];
        r += data[p] * a;
        g += data[p + 1] * a;
        b += data[p + 2] * a;
      }
      const o = (y * dw + ox) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }

  // Vertical pass, then one division by (total weight × 255 for alpha).
  const channels = mode === 'grayscale' ? 1 : 3;
  const out = new Uint8Array(dw * dh * channels);
  const scale = sw * sh * 255;
  for (let oy = 0; oy < dh; oy++) {
    const w = ys.weights[oy];
    const y0 = ys.first[oy];
    for (let ox = 0; ox < dw; ox++) {
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < w.length; k++) {
        const o = ((y0 + k) * dw + ox) * 3;
        r += rows[o] * w[k];
        g += rows[o + 1] * w[k];
        b += rows[o + 2] * w[k];
      }
      const o = (oy * dw + ox) * channels;
      if (channels === 1) {
        // Integer luminance weights (‰) keep grey inputs exact: 299 + 587 + 114 = 1000.
        out[o] = clampByte((299 * r + 587 * g + 114 * b) / (1000 * scale));
      } else {
        out[o] = clampByte(r / scale);
        out[o + 1] = clampByte(g / scale);
        out[o + 2] = clampByte(b / scale);
      }
    }
  }
  return out;
}

function clampByte(v: number): number {
  const r = Math.round(v);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}
