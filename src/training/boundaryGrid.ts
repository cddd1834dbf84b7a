import type { Dataset, Task } from '../core/types';

/**
 * Pure parts (no TF.js: the UI imports them). The decision boundary of a model with two inputs: its prediction over a size × size grid that covers the data
 * (with a margin), in the data's raw units and normalised on the device like every batch. Classification cells
 * carry the predicted class, the top probability and the entropy (quantised to bytes: 3 bytes a cell); regression
 * cells carry the predicted value.
 */
export interface BoundaryRange {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface BoundaryGrid extends BoundaryRange {
  /** Epochs finished when the grid was computed, plus the fraction of the current one (e.g. 3.5). */
  epoch: number;
  /** Cells per side. Cell (row r, column c) is at index r × size + c; row 0 is the bottom (y0), column 0 the left (x0). */
  size: number;
  task: Task;
  numClasses: number;
  /** Classification: the predicted class per cell; empty for regression. */
  label: Uint8Array;
  /** Classification: the top probability per cell, × 255 (rounded). */
  confidence: Uint8Array;
  /** Classification: the entropy per cell divided by ln(classes), × 255 (0 = certain, 255 = uniform). */
  uncertainty: Uint8Array;
  /** Regression: the predicted value per cell; empty for classification. */
  value: Float32Array;
  /** Wall time of the grid's prediction and read-back in the engine. */
  computeMs: number;
}

export const BOUNDARY_SIZE = 64;

/** True when the data has exactly two numeric inputs (a synthetic set, or a table with two feature columns). */
export function isTwoDimensional(ds: Pick<Dataset, 'inputShape' | 'kind' | 'x'>): boolean {
  return ds.kind === 'tabular' && ds.inputShape.length === 1 && ds.inputShape[0] === 2 && ds.x instanceof Float32Array;
}

/** The range of both features over the given examples (all when none), widened by `margin` of the span on each side. */
export function boundaryRange(x: ArrayLike<number>, indices: ArrayLike<number> | null, margin = 0.1): BoundaryRange {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  const n = indices ? indices.length : Math.floor(x.length / 2);
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k] : k;
    const a = x[2 * i];
    const b = x[2 * i + 1];
    if (Number.isFinite(a)) {
      if (a < x0) x0 = a;
      if (a > x1) x1 = a;
    }
    if (Number.isFinite(b)) {
      if (b < y0) y0 = b;
      if (b > y1) y1 = b;
    }
  }
  const widen = (lo: number, hi: number): [number, number] => {
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
    const span = hi - lo || Math.max(1, Math.abs(lo));
    return [lo - span * margin, hi + span * margin];
  };
  const [a0, a1] = widen(x0, x1);
  const [b0, b1] = widen(y0, y1);
  return { x0: a0, x1: a1, y0: b0, y1: b1 };
}

/** The grid's cell centres as raw inputs, [size², 2] row-major: row 0 at the bottom, column 0 at the left. */
export function gridInputs(r: BoundaryRange, size: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  const dx = (r.x1 - r.x0) / size;
  const dy = (r.y1 - r.y0) / size;
  for (let row = 0; row < size; row++) {
    const y = r.y0 + (row + 0.5) * dy;
    for (let col = 0; col < size; col++) {
      const k = (row * size + col) * 2;
      out[k] = r.x0 + (col + 0.5) * dx;
      out[k + 1] = y;
    }
  }
  return out;
}

/** Per-cell class, top probability and normalised entropy from softmax rows [cells, C], quantised to bytes. */
export function summarizeCells(probs: ArrayLike<number>, cells: number, numClasses: number): { label: Uint8Array; confidence: Uint8Array; uncertainty: Uint8Array } {
  const label = new Uint8Array(cells);
  const confidence = new Uint8Array(cells);
  const uncertainty = new Uint8Array(cells);
  const C = Math.max(1, numClasses);
  const norm = C > 1 ? 1 / Math.log(C) : 0;
  for (let i = 0; i < cells; i++) {
    let best = 0;
    let bestP = -Infinity;
    let h = 0;
    for (let c = 0; c < C; c++) {
      const p = probs[i * C + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
      if (p > 0) h -= p * Math.log(p);
    }
    label[i] = best;
    confidence[i] = Math.round(Math.min(1, Math.max(0, Number.isFinite(bestP) ? bestP : 0)) * 255);
    uncertainty[i] = Math.round(Math.min(1, Math.max(0, Number.isFinite(h) ? h * norm : 1)) * 255);
  }
  return { label, confidence, uncertainty };
}

/**
 * When the next grid may be computed: at least `minMs` after the last one, and never so often that the grid takes
 * more than ~1/`share` of the training time (a slow backend or a big model gets fewer updates, not a slower run).
 */
export function nextBoundaryAt(lastAt: number, lastComputeMs: number, minMs = 250, share = 10): number {
  return lastAt + Math.max(minMs, lastComputeMs * share);
}
