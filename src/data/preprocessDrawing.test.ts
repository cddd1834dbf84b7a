import { describe, expect, it } from 'vitest';
import { DIGIT_SIZE, preprocessDrawing, rgbaToInk } from './preprocessDrawing';

const W = 280;
const H = 280;

function blank(): Uint8ClampedArray {
  return new Uint8ClampedArray(W * H);
}

function fillRect(img: Uint8ClampedArray, x: number, y: number, w: number, h: number, v = 255): void {
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) img[yy * W + xx] = v;
}

function fillDisc(img: Uint8ClampedArray, cx: number, cy: number, r: number): void {
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) img[y * W + x] = 255;
}

/** Ink within `halfWidth` of the segment (ax,ay)-(bx,by): a thick straight stroke. */
function stroke(img: Uint8ClampedArray, ax: number, ay: number, bx: number, by: number, halfWidth: number): void {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
      const ex = ax + t * dx - px;
      const ey = ay + t * dy - py;
      if (ex * ex + ey * ey <= halfWidth * halfWidth) img[y * W + x] = 255;
    }
}

/** Bounding box of output pixels above `t`, and centre of mass in continuous coords (pixel i spans [i, i+1)). */
function measure(out: Float32Array, t = 0.05) {
  let x0 = DIGIT_SIZE, y0 = DIGIT_SIZE, x1 = -1, y1 = -1, mass = 0, mx = 0, my = 0;
  for (let y = 0; y < DIGIT_SIZE; y++)
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const v = out[y * DIGIT_SIZE + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > t) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, x0, y0, cx: mx / mass, cy: my / mass, mass };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe('preprocessDrawing', () => {
  it('returns null for an empty drawing', () => {
    expect(preprocessDrawing(blank(), W, H)).toBeNull();
    expect(preprocessDrawing(new Float32Array(W * H), W, H)).toBeNull();
    expect(preprocessDrawing(new Uint8Array(0), 0, 0)).toBeNull();
  });

  it('treats near-black noise as empty', () => {
    const img = blank();
    img[1234] = 2;
    expect(preprocessDrawing(img, W, H)).toBeNull();
  });

  it.each([
    [10, 20, 100, 60],
    [150, 170, 97, 43],
    [5, 5, 40, 230],
    [200, 0, 80, 80],
  ])('scales a filled rectangle at (%i,%i) size %i×%i to a 20-px longer side, centred by mass', (x, y, w, h) => {
    const img = blank();
    fillRect(img, x, y, w, h);
    const out = preprocessDrawing(img, W, H);
    expect(out).not.toBeNull();
    const m = measure(out!);
    expect(out!.length).toBe(784);
    expect(Math.abs(Math.max(m.w, m.h) - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(m.cx - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(Math.abs(m.cy - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
    // Aspect ratio kept to within whole-pixel rounding.
    expect(Math.abs(m.w / m.h - w / h)).toBeLessThan(0.15 * (w / h) + 0.05);
  });

  it('centres a small off-centre blob', () => {
    const img = blank();
    fillDisc(img, 30, 250, 12);
    const m = measure(preprocessDrawing(img, W, H)!);
    expect(Math.abs(m.cx - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(Math.abs(m.cy - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(Math.abs(m.w - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(m.h - 20)).toBeLessThanOrEqual(1);
  });

  it('keeps a tall thin bar tall and thin', () => {
    const img = blank();
    fillRect(img, 200, 30, 20, 200);
    const m = measure(preprocessDrawing(img, W, H)!);
    expect(m.h).toBe(20);
    expect(m.w).toBeLessThanOrEqual(3);
    expect(m.h / m.w).toBeGreaterThanOrEqual(6);
  });

  it('outputs values in [0, 1] for every input type', () => {
    const u8 = blank();
    stroke(u8, 50, 60, 230, 200, 10);
    const f32 = Float32Array.from(u8, (v) => v / 255);
    const plain = Uint8Array.from(u8);
    const results = [preprocessDrawing(u8, W, H), preprocessDrawing(f32, W, H), preprocessDrawing(plain, W, H)];
    for (const out of results) {
      expect(out).not.toBeNull();
      for (const v of out!) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // Same picture, same result, whatever the array type.
    for (let i = 0; i < 784; i++) expect(results[1]![i]).toBeCloseTo(results[0]![i], 5);
    expect(Math.max(...results[0]!)).toBeGreaterThan(0.5);
  });

  it('normalises a faint drawing so its strokes read as full ink', () => {
    const img = blank();
    fillRect(img, 100, 40, 60, 200, 128);
    const out = preprocessDrawing(img, W, H)!;
    expect(Math.max(...out)).toBeCloseTo(1, 5);
  });

  it('ignores faint haze outside the strokes when finding the bounding box', () => {
    const img = blank();
    fillRect(img, 100, 40, 60, 200);
    img[5 * W + 5] = 6; // under 5 % of the peak
    img[270 * W + 270] = 6;
    const m = measure(preprocessDrawing(img, W, H)!);
    expect(m.h).toBe(20);
    expect(m.w).toBe(6);
  });

  it('conserves total ink by area averaging, so a 10-px line on 280×280 does not vanish', () => {
    const img = blank();
    // A "7": a horizontal bar and a 10-px-wide diagonal.
    stroke(img, 40, 40, 240, 40, 5);
    stroke(img, 240, 40, 110, 250, 5);
    const out = preprocessDrawing(img, W, H)!;
    // The bounding box is about 210 × 220, so the scale is about 20/220 per axis.
    let x0 = W, x1 = 0, y0 = H, y1 = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (img[y * W + x]) {
          x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
        }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    const s = 20 / Math.max(bw, bh);
    const tw = Math.round(bw * s);
    const th = Math.round(bh * s);
    const expected = (sum(img) / 255) * (tw / bw) * (th / bh);
    expect(sum(out)).toBeGreaterThan(expected * 0.98);
    expect(sum(out)).toBeLessThan(expected * 1.02);
    // Every row the diagonal crosses still carries visible ink.
    const m = measure(out);
    for (let y = m.y0; y < m.y0 + m.h; y++) {
      let rowMax = 0;
      for (let x = 0; x < DIGIT_SIZE; x++) rowMax = Math.max(rowMax, out[y * DIGIT_SIZE + x]);
      expect(rowMax).toBeGreaterThan(0.3);
    }
  });

  it('keeps a lone thin stroke visible', () => {
    const img = blank();
    stroke(img, 60, 30, 220, 250, 5);
    const out = preprocessDrawing(img, W, H)!;
    expect(Math.max(...out)).toBeGreaterThan(0.5);
    const m = measure(out);
    expect(Math.max(m.w, m.h)).toBeGreaterThanOrEqual(19);
  });

  it('accepts non-square inputs of other sizes', () => {
    const w = 50;
    const h = 30;
    const img = new Uint8Array(w * h);
    for (let y = 5; y < 25; y++) for (let x = 20; x < 30; x++) img[y * w + x] = 200;
    const m = measure(preprocessDrawing(img, w, h)!);
    expect(m.h).toBe(20);
    expect(m.w).toBe(10);
    expect(Math.abs(m.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(m.cy - 14)).toBeLessThanOrEqual(0.5);
  });
});

describe('rgbaToInk', () => {
  it('reads white ink on transparent or black backgrounds, weighted by alpha', () => {
    const rgba = new Uint8ClampedArray([
      0, 0, 0, 0, // transparent
      255, 255, 255, 255, // white
      0, 0, 0, 255, // opaque black
      255, 255, 255, 128, // half-transparent white
      255, 0, 0, 255, // red counts as ink via its brightest channel
      255, 255, 255, 0, // fully transparent white is no ink
    ]);
    const ink = rgbaToInk(rgba, 3, 2);
    expect(Array.from(ink).map((v) => Math.round(v * 100) / 100)).toEqual([0, 1, 0, 0.5, 1, 0]);
  });

  it('rejects a buffer that is too short', () => {
    expect(() => rgbaToInk(new Uint8ClampedArray(4), 2, 1)).toThrow(RangeError);
  });
});
