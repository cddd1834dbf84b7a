/**
 * Turns a free-hand drawing into a 28×28 MNIST-style input, following the recipe the MNIST set was made with:
 * crop to the ink, scale the longer side to 20 px with anti-aliasing (area averaging), then translate so the
 * centre of mass sits at the centre of the 28×28 field. Pure: no DOM, React or tfjs, so it is unit-testable in node.
 */

/** Side of the output image, as in MNIST. */
export const DIGIT_SIZE = 28;
/** Longer side of the digit's bounding box after scaling, as in MNIST. */
export const DIGIT_BOX = 20;
/** Pixels at or below this fraction of the brightest pixel count as background (drops faint anti-alias haze). */
const INK_THRESHOLD = 0.05;
/** Below this absolute peak intensity (fraction of full scale) the image counts as empty. */
const MIN_PEAK = 0.02;

/**
 * Converts canvas RGBA to ink 0..1. Ink is the brightest channel times alpha, i.e. the pixel composited over
 * black, so white strokes on either a transparent or an opaque black background read the same. The brightest
 * channel (rather than weighted luminance) makes coloured strokes count as full ink.
 */
export function rgbaToInk(rgba: Uint8ClampedArray, width: number, height: number): Float32Array {
  const n = width * height;
  if (rgba.length < n * 4) throw new RangeError(`rgbaToInk: expected ${n * 4} bytes, got ${rgba.length}`);
  const out = new Float32Array(n);
  const inv = 1 / (255 * 255);
  // Plain comparisons and one multiply: this runs per pixel per animation frame while drawing.
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const r = rgba[j];
    const g = rgba[j + 1];
    const b = rgba[j + 2];
    const a = rgba[j + 3];
    if (a === 0) continue;
    let m = r > g ? r : g;
    if (b > m) m = b;
    out[i] = m * a * inv;
  }
  return out;
}

/**
 * For resampling `n` source samples into `m` output samples by area averaging: for each output index, the
 * source indices it covers and the fraction of its footprint each one fills (weights sum to 1). Works for
 * shrinking (box filter) and enlarging (each output pixel takes the overlapping share of one or two sources).
 */
function areaWeights(n: number, m: number): { start: Int32Array; count: Int32Array; idx: Int32Array; w: Float32Array } {
  const step = n / m; // source pixels per output pixel
  const start = new Int32Array(m);
  const count = new Int32Array(m);
  const idxList: number[] = [];
  const wList: number[] = [];
  for (let o = 0; o < m; o++) {
    const a = o * step;
    const b = Math.min(n, (o + 1) * step);
    start[o] = idxList.length;
    for (let s = Math.floor(a); s < b && s < n; s++) {
      const overlap = Math.min(b, s + 1) - Math.max(a, s);
      if (overlap <= 1e-9) continue;
      idxList.push(s);
      wList.push(overlap / step);
    }
    count[o] = idxList.length - start[o];
  }
  return { start, count, idx: Int32Array.from(idxList), w: Float32Array.from(wList) };
}

/**
 * Preprocesses a grayscale ink image (0 = background; Uint8 types 0..255, Float32Array 0..1) of any size into
 * 784 floats in 0..1, row-major 28×28, or null when there is no ink.
 * Intensities are normalised so the brightest input pixel counts as full ink (MNIST strokes peak at 255); an
 * image whose brightest pixel is under 2 % of full scale counts as empty.
 */
export function preprocessDrawing(
  gray: Float32Array | Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): Float32Array | null {
  const n = width * height;
  if (!(width > 0 && height > 0) || gray.length < n) return null;
  const unit = gray instanceof Float32Array ? 1 : 255;

  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = gray[i];
    if (v > peak) peak = v; // NaN compares false, so it is ignored
  }
  // A near-black image (sensor noise, a stray anti-aliased edge) is treated as empty rather than blown up to a digit.
  if (!(peak > unit * MIN_PEAK)) return null;
  const cut = peak * INK_THRESHOLD;
  // Brightest pixel becomes full ink, as MNIST strokes peak at 255 whatever pen made them.
  const toUnit = 1 / peak;

  // Bounding box of ink above the threshold.
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (gray[row + x] > cut) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;

  // Target size: longer side 20, aspect kept (rounded to whole pixels, at least 1).
  const scale = DIGIT_BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.min(DIGIT_BOX, Math.round(bw * scale)));
  const th = Math.max(1, Math.min(DIGIT_BOX, Math.round(bh * scale)));

  // Separable area-averaging resample: rows first (bh × tw), then columns (th × tw).
  const wx = areaWeights(bw, tw);
  const wy = areaWeights(bh, th);
  const tmp = new Float32Array(bh * tw);
  for (let y = 0; y < bh; y++) {
    const srcRow = (y0 + y) * width + x0;
    for (let o = 0; o < tw; o++) {
      let acc = 0;
      const s0 = wx.start[o];
      const s1 = s0 + wx.count[o];
      for (let k = s0; k < s1; k++) {
        const v = gray[srcRow + wx.idx[k]];
        if (v > cut) acc += v * wx.w[k];
      }
      tmp[y * tw + o] = acc * toUnit;
    }
  }
  const small = new Float32Array(th * tw);
  for (let o = 0; o < th; o++) {
    const s0 = wy.start[o];
    const s1 = s0 + wy.count[o];
    for (let x = 0; x < tw; x++) {
      let acc = 0;
      for (let k = s0; k < s1; k++) acc += tmp[wy.idx[k] * tw + x] * wy.w[k];
      small[o * tw + x] = Math.min(1, Math.max(0, acc));
    }
  }

  // Centre of mass in continuous coordinates (pixel i spans [i, i+1)), so the field centre is (14, 14).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  if (!(mass > 0)) return null;
  const centre = DIGIT_SIZE / 2;
  // Shift by whole pixels (as MNIST did), clamped so the whole 20-px box stays inside the frame.
  const dx = clamp(Math.round(centre - mx / mass), 0, DIGIT_SIZE - tw);
  const dy = clamp(Math.round(centre - my / mass), 0, DIGIT_SIZE - th);

  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let y = 0; y < th; y++) {
    out.set(small.subarray(y * tw, (y + 1) * tw), (y + dy) * DIGIT_SIZE + dx);
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
