import { describe, expect, it } from 'vitest';
import type { BoundaryGrid } from '../training/boundaryGrid';
import { boundaryPixels, classStrength, hexRgb, pointStride, uncertaintyMask, unsureShare, type Rgb } from './boundary';

/** A 2×2 classification grid: bottom row (row 0) class 0 sure / class 1 unsure, top row class 1 sure / class 0 coin toss. */
function grid(): BoundaryGrid {
  return {
    x0: 0,
    x1: 1,
    y0: 0,
    y1: 1,
    epoch: 1,
    size: 2,
    task: 'classification',
    numClasses: 2,
    label: Uint8Array.from([0, 1, 1, 0]),
    confidence: Uint8Array.from([255, 140, 255, 128]),
    uncertainty: Uint8Array.from([0, 250, 0, 255]),
    value: new Float32Array(0),
    computeMs: 1,
  };
}

const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const WHITE: Rgb = [255, 255, 255];
const px = (a: Uint8ClampedArray, i: number) => Array.from(a.subarray(i * 4, i * 4 + 4));

describe('the decision-boundary painter', () => {
  it('parses theme hex colours', () => {
    expect(hexRgb('#0072B2')).toEqual([0, 114, 178]);
    expect(hexRgb('#fff')).toEqual([255, 255, 255]);
  });

  it('colours cells by class, stronger where the model is sure, top row first', () => {
    const out = boundaryPixels(grid(), [RED, BLUE], WHITE);
    expect(out.length).toBe(16);
    // Output row 0 is the grid's top row (row 1): cell 2 (class 1, sure) then cell 3 (class 0, coin toss).
    const topLeft = px(out, 0);
    const topRight = px(out, 1);
    const bottomLeft = px(out, 2);
    expect(topLeft[2]).toBe(255);
    expect(topLeft[0]).toBeLessThan(120); // strongly blue
    expect(topRight[0]).toBe(255);
    expect(topRight[1]).toBeGreaterThan(200); // barely tinted: the model is guessing
    expect(bottomLeft[0]).toBe(255);
    expect(bottomLeft[1]).toBeLessThan(120); // strongly red
    expect(out.every((v, i) => i % 4 !== 3 || v === 255)).toBe(true);
  });

  it('strength grows with confidence from chance level', () => {
    expect(classStrength(128, 2)).toBeCloseTo(0.12, 2);
    expect(classStrength(255, 2)).toBeCloseTo(0.72, 2);
    expect(classStrength(255, 4)).toBeGreaterThan(classStrength(128, 4));
  });

  it('the uncertainty mask is opaque where entropy is high and clear where it is low', () => {
    const m = uncertaintyMask(grid());
    expect(px(m, 0)[3]).toBe(0); // top-left: sure
    expect(px(m, 1)[3]).toBe(255); // top-right: coin toss
    expect(px(m, 2)[3]).toBe(0);
    expect(px(m, 3)[3]).toBeGreaterThan(220);
    expect(unsureShare(grid())).toBe(0.5);
  });

  it('regression cells follow a ramp over the value range', () => {
    const g: BoundaryGrid = { ...grid(), task: 'regression', numClasses: 0, label: new Uint8Array(0), confidence: new Uint8Array(0), uncertainty: new Uint8Array(0), value: Float32Array.from([0, 1, 2, 4]) };
    const out = boundaryPixels(g, [RED], WHITE, [WHITE, BLUE]);
    expect(px(out, 2)).toEqual([255, 255, 255, 255]); // value 0 (bottom-left) → low end
    expect(px(out, 1)).toEqual([0, 0, 255, 255]); // value 4 (top-right) → high end
    expect(uncertaintyMask(g).every((v) => v === 0)).toBe(true);
  });

  it('draws at most ~2000 points', () => {
    expect(pointStride(500)).toBe(1);
    expect(pointStride(200_000)).toBe(100);
  });
});
