import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dequantizeUint8, fromFloat16, halfToNumber, quantizationError, quantizeUint8, roundTrip, toFloat16 } from './quantize';

const f32 = (...xs: number[]) => Float32Array.from(xs);
/** float32 rounding of a dequantised value: half an ulp of the largest magnitude involved. */
const f32Slack = (q: { min: number; scale: number }) => (Math.abs(q.min) + 255 * q.scale) * 2 ** -23;

/** Arrays of float32 values, from tiny to huge ranges. */
const arbFloat32Array = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 200 }))
  .map(([exp, xs]) => Float32Array.from(xs, (x) => x * 2 ** exp));

describe('quantizeUint8', () => {
  it('dequantises every value within scale / 2 (property)', () => {
    fc.assert(
      fc.property(arbFloat32Array, (values) => {
        const q = quantizeUint8(values);
        const back = dequantizeUint8(q);
        const bound = q.scale / 2 + f32Slack(q);
        for (let i = 0; i < values.length; i++) expect(Math.abs(back[i] - values[i])).toBeLessThanOrEqual(bound);
        expect(quantizationError(values, 'uint8')).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  });

  it('uses scale = (max − min) / 255 and the full code range', () => {
    const q = quantizeUint8(f32(1, 2, 3, 4.5));
    expect(q.scale).toBeCloseTo(3.5 / 255, 12);
    expect(q.min).toBe(1); // 0 not covered: no nudging
    expect(q.data[0]).toBe(0);
    expect(q.data[3]).toBe(255);
  });

  it('keeps 0 exact when the range covers it (zero-point nudging, as tfjs-converter does)', () => {
    fc.assert(
      fc.property(arbFloat32Array, (values) => {
        const withZero = Float32Array.from([...values, 0]);
        const back = roundTrip(withZero, 'uint8');
        expect(back[back.length - 1]).toBe(0);
      }),
      { numRuns: 200 },
    );
    // The classic case: [-1, 0, 1.2] (tfjs-converter's docstring example): 0 maps to an integer code.
    const q = quantizeUint8(f32(-1, 0, 1.2));
    expect(q.data[1] * q.scale + q.min).toBe(0);
  });

  it('gives a constant tensor scale 0 and dequantises it exactly', () => {
    for (const c of [0, -3.25, 1e-30, 7e37]) {
      const values = new Float32Array(10).fill(c);
      const q = quantizeUint8(values);
      expect(q.scale).toBe(0);
      expect(Array.from(q.data)).toEqual(new Array(10).fill(0));
      expect(dequantizeUint8(q)).toEqual(values);
      expect(quantizationError(values, 'uint8')).toBe(0);
    }
  });

  it('handles empty arrays and the widest float32 range', () => {
    expect(quantizeUint8(new Float32Array(0))).toEqual({ data: new Uint8Array(0), min: 0, scale: 0 });
    const wide = f32(-3.4e38, 0, 3.4e38);
    const q = quantizeUint8(wide);
    expect(Number.isFinite(q.scale)).toBe(true);
    expect(quantizationError(wide, 'uint8')).toBeLessThanOrEqual(q.scale / 2 + f32Slack(q));
  });

  it('refuses NaN and Infinity', () => {
    expect(() => quantizeUint8(f32(1, NaN))).toThrow(RangeError);
    expect(() => quantizeUint8(f32(Infinity, 0))).toThrow(/non-finite/);
  });
});

describe('float16', () => {
  const bitsOf = (x: number) => toFloat16(f32(x))[0];

  it('encodes known values', () => {
    expect(bitsOf(0)).toBe(0x0000);
    expect(bitsOf(-0)).toBe(0x8000);
    expect(bitsOf(1)).toBe(0x3c00);
    expect(bitsOf(-2)).toBe(0xc000);
    expect(bitsOf(0.5)).toBe(0x3800);
    expect(bitsOf(65504)).toBe(0x7bff); // largest finite half
    expect(bitsOf(2 ** -14)).toBe(0x0400); // smallest normal
    expect(bitsOf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(bitsOf(1 / 3)).toBe(0x3555);
    expect(bitsOf(Infinity)).toBe(0x7c00);
    expect(bitsOf(-Infinity)).toBe(0xfc00);
    expect(Number.isNaN(fromFloat16(toFloat16(f32(NaN)))[0])).toBe(true);
  });

  it('is exact for every finite half (all 63,488 of them, both ways)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const values = fromFloat16(all);
    const again = toFloat16(values);
    for (let h = 0; h < 65536; h++) {
      const exp = (h >>> 10) & 0x1f;
      if (exp === 0x1f && (h & 0x3ff) !== 0) {
        expect(Number.isNaN(values[h])).toBe(true);
        expect(again[h] & 0x7e00).toBe(0x7e00);
        continue;
      }
      if (again[h] !== h) throw new Error(`half 0x${h.toString(16)} came back as 0x${again[h].toString(16)}`);
    }
    expect(quantizationError(values.filter((v) => !Number.isNaN(v)), 'float16')).toBe(0);
  });

  it('rounds to nearest with ties to even', () => {
    const ulp1 = 2 ** -10; // spacing of halves in [1, 2)
    expect(bitsOf(1 + ulp1 / 2)).toBe(0x3c00); // tie, 0x3c00 is even: down
    expect(bitsOf(1 + ulp1 * 1.5)).toBe(0x3c02); // tie, 0x3c01 is odd: up
    expect(bitsOf(1 + ulp1 / 2 + 2 ** -20)).toBe(0x3c01); // just above the tie: up
    expect(bitsOf(1 + ulp1 / 2 - 2 ** -20)).toBe(0x3c00); // just below: down
  });

  it('handles subnormals and underflow', () => {
    expect(bitsOf(3 * 2 ** -24)).toBe(0x0003);
    expect(bitsOf(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal: even (0)
    expect(bitsOf(2 ** -25 * 1.01)).toBe(0x0001);
    expect(bitsOf(-(2 ** -26))).toBe(0x8000); // underflows to −0
    expect(bitsOf(1e-45)).toBe(0x0000); // a float32 subnormal
    expect(bitsOf(2 ** -14 - 2 ** -25)).toBe(0x0400); // rounds up into the smallest normal (tie, 0x3ff odd)
    expect(bitsOf(1.5 * 2 ** -24)).toBe(0x0002); // tie between 1 and 2 codes: even (2)
  });

  it('overflows to Infinity past the largest half', () => {
    expect(bitsOf(65519)).toBe(0x7bff); // below the halfway point to 65536
    expect(bitsOf(65520)).toBe(0x7c00); // the tie rounds to even: Infinity
    expect(bitsOf(1e6)).toBe(0x7c00);
    expect(bitsOf(-1e30)).toBe(0xfc00);
    expect(quantizationError(f32(1e6), 'float16')).toBe(Infinity);
  });

  it('keeps relative error ≤ 2^-11 in the normal range (property)', () => {
    fc.assert(
      fc.property(
        fc.float({ min: 2 ** -14, max: 65504, noNaN: true }),
        fc.boolean(),
        (x, negative) => {
          const v = Math.fround(negative ? -x : x);
          const back = fromFloat16(toFloat16(f32(v)))[0];
          expect(Math.abs(back - v) / Math.abs(v)).toBeLessThanOrEqual(2 ** -11);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('picks the nearest half, ties to even, symmetric in sign (property)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -70000, max: 70000 }), (x) => {
        const mag = Math.abs(x);
        const h = bitsOf(mag);
        expect(bitsOf(-mag)).toBe(h | 0x8000);
        if (mag >= 65520) {
          expect(h).toBe(0x7c00);
          return;
        }
        const d = Math.abs(halfToNumber(h) - mag);
        for (const neighbour of [h - 1, h + 1]) {
          if (neighbour < 0 || neighbour > 0x7bff) continue;
          const dn = Math.abs(halfToNumber(neighbour) - mag);
          expect(d).toBeLessThanOrEqual(dn);
          if (d === dn) expect(h % 2).toBe(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('quantizationError', () => {
  it('is 0 for float32 and for values representable in the target', () => {
    expect(quantizationError(f32(0.1, 0.2), 'float32')).toBe(0);
    expect(quantizationError(f32(0.5, -0.25, 1024, 0), 'float16')).toBe(0);
  });

  it('reports the largest absolute change', () => {
    const values = f32(0.1, 1000.3);
    const back = roundTrip(values, 'float16');
    expect(quantizationError(values, 'float16')).toBe(Math.max(Math.abs(back[0] - values[0]), Math.abs(back[1] - values[1])));
  });
});
