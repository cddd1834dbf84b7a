import type { Dataset, Task } from '../core/types';

/**
 * Pure parts (no TF.js: the UI imports them). The decision boundary of a model over a plane of two of its numeric
 * inputs: its prediction over a size × size grid that covers the data (with a margin), in the data's raw units and
 * normalised on the device like every batch. With more than two inputs the plane is a slice: the two chosen features
 * vary, every other feature is held at its mean over the data. Classification cells carry the predicted class, the
 * top probability and the entropy (quantised to bytes: 3 bytes a cell); regression cells carry the predicted value.
 */
export interface BoundaryRange {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Which slice of the input space a grid covers: features[0] across, features[1] up, the rest held at `base`. */
export interface BoundaryPlane {
  /** Inputs per example. */
  dims: number;
  /** Feature indices on the x and y axes (distinct, < dims). */
  features: [number, number];
  /** Raw value of every feature held fixed (its mean); the two plotted ones are overwritten per cell. */
  base: Float32Array;
}

export interface BoundaryGrid extends BoundaryRange {
  /** Feature indices on the x and y axes; absent in grids of two-input data from before the feature picker. */
  features?: [number, number];
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

/** Tables wider than this get no boundary: a slice through hundreds of inputs held at their means says little. */
export const MAX_BOUNDARY_DIMS = 256;

/** True when the data has exactly two numeric inputs (a synthetic set, or a table with two feature columns). */
export function isTwoDimensional(ds: Pick<Dataset, 'inputShape' | 'kind' | 'x'>): boolean {
  return boundaryDims(ds) === 2;
}

/** Inputs per example when the data can have a boundary view (a table of 2 to MAX_BOUNDARY_DIMS numeric features), else 0. */
export function boundaryDims(ds: Pick<Dataset, 'inputShape' | 'kind' | 'x'>): number {
  if (ds.kind !== 'tabular' || ds.inputShape.length !== 1 || !(ds.x instanceof Float32Array)) return 0;
  const d = ds.inputShape[0];
  return d >= 2 && d <= MAX_BOUNDARY_DIMS ? d : 0;
}

/** A feature pair that fits `dims` inputs: the asked one when valid (two distinct indices in range), else the first two. */
export function validFeatures(dims: number, asked: readonly number[] | null | undefined): [number, number] {
  if (asked && asked.length === 2) {
    const [a, b] = asked;
    if (Number.isInteger(a) && Number.isInteger(b) && a !== b && a >= 0 && b >= 0 && a < dims && b < dims) return [a, b];
  }
  return [0, 1];
}

/**
 * The pair drawn until the person picks one: the first two features that take more than two values (so one-hot
 * and yes/no columns, which a plane shows as two stripes, come last), looking at the first `sample` rows.
 */
export function defaultFeatures(x: ArrayLike<number>, dims: number, sample = 2000): [number, number] {
  const rows = Math.min(sample, Math.floor(x.length / dims));
  const graded: number[] = [];
  for (let j = 0; j < dims && graded.length < 2; j++) {
    const seen = new Set<number>();
    for (let r = 0; r < rows && seen.size <= 2; r++) {
      const v = x[r * dims + j];
      if (Number.isFinite(v)) seen.add(v);
    }
    if (seen.size > 2) graded.push(j);
  }
  for (let j = 0; j < dims && graded.length < 2; j++) if (!graded.includes(j)) graded.push(j);
  return validFeatures(dims, graded);
}

/** Mean of every feature over the data (non-finite values skipped; 0 for a feature with none). */
export function featureMeans(x: ArrayLike<number>, dims: number): Float32Array {
  const sum = new Float64Array(dims);
  const n = new Float64Array(dims);
  const rows = Math.floor(x.length / dims);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) {
      const v = x[r * dims + j];
      if (Number.isFinite(v)) {
        sum[j] += v;
        n[j]++;
      }
    }
  }
  return Float32Array.from(sum, (s, j) => (n[j] > 0 ? s / n[j] : 0));
}

/** The plane for a feature pair (validated; defaultFeatures when none) of `dims`-input data: the other features at their means. */
export function boundaryPlane(x: ArrayLike<number>, dims: number, features?: readonly number[] | null): BoundaryPlane {
  return { dims, features: features ? validFeatures(dims, features) : defaultFeatures(x, dims), base: featureMeans(x, dims) };
}

/**
 * The range of the two plotted features over the given examples (all when none), widened by `margin` of the span on
 * each side. `plane` picks the features of wider data; without it the data has two inputs.
 */
export function boundaryRange(x: ArrayLike<number>, indices: ArrayLike<number> | null, margin = 0.1, plane?: Pick<BoundaryPlane, 'dims' | 'features'>): BoundaryRange {
  const dims = plane?.dims ?? 2;
  const [fa, fb] = plane?.features ?? [0, 1];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  const n = indices ? indices.length : Math.floor(x.length / dims);
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k] : k;
    const a = x[dims * i + fa];
    const b = x[dims * i + fb];
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

/**
 * The grid's cell centres as raw inputs, [size², dims] row-major: row 0 at the bottom, column 0 at the left. Without
 * `plane` the data has two inputs; with it, every row starts as the plane's base (the means) and the two plotted
 * features vary.
 */
export function gridInputs(r: BoundaryRange, size: number, plane?: BoundaryPlane): Float32Array {
  const dims = plane?.dims ?? 2;
  const [fa, fb] = plane?.features ?? [0, 1];
  const out = new Float32Array(size * size * dims);
  const dx = (r.x1 - r.x0) / size;
  const dy = (r.y1 - r.y0) / size;
  for (let row = 0; row < size; row++) {
    const y = r.y0 + (row + 0.5) * dy;
    for (let col = 0; col < size; col++) {
      const k = (row * size + col) * dims;
      if (plane) out.set(plane.base, k);
      out[k + fa] = r.x0 + (col + 0.5) * dx;
      out[k + fb] = y;
    }
  }
  return out;
}

/** The grid cell under a point of the plane (raw units), or null outside it. */
export function cellAt(grid: Pick<BoundaryGrid, 'x0' | 'x1' | 'y0' | 'y1' | 'size'>, x: number, y: number): number | null {
  const col = Math.floor(((x - grid.x0) / (grid.x1 - grid.x0)) * grid.size);
  const row = Math.floor(((y - grid.y0) / (grid.y1 - grid.y0)) * grid.size);
  if (!(col >= 0 && col < grid.size && row >= 0 && row < grid.size)) return null;
  return row * grid.size + col;
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
