import { exampleSize, type Dataset, type Normalization } from '../core/types';

/**
 * x' = (x − shift) × scale, per feature (tables) or one pair for all pixels (images, where per-pixel
 * statistics would divide by zero on always-black borders). Computed from the train split only, so
 * validation and test data never leak into the model.
 */
export interface NormalizationParams {
  shift: Float32Array;
  scale: Float32Array;
}

/** Mean and (population) standard deviation of the train split's regression targets; std 1 when they do not vary. */
export function targetStats(y: ArrayLike<number>, train: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < train.length; k++) {
    const v = y[train[k]];
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  if (n === 0) return { mean: 0, std: 1 };
  const mean = sum / n;
  let sq = 0;
  for (let k = 0; k < train.length; k++) {
    const v = y[train[k]];
    if (Number.isFinite(v)) sq += (v - mean) * (v - mean);
  }
  const std = Math.sqrt(sq / n);
  return { mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

export function normalizationParams(ds: Dataset, train: Int32Array, mode: Normalization): NormalizationParams {
  const d = exampleSize(ds);
  const perFeature = ds.kind === 'tabular';
  const width = perFeature ? d : 1;
  const shift = new Float32Array(width);
  const scale = new Float32Array(width).fill(1);
  if (mode === 'none') return { shift, scale };
  if (mode === 'scale01' && ds.kind === 'image') {
    scale.fill(1 / 255);
    return { shift, scale };
  }
  const min = new Float64Array(width).fill(Infinity);
  const max = new Float64Array(width).fill(-Infinity);
  const sum = new Float64Array(width);
  const sumSq = new Float64Array(width);
  const x = ds.x;
  for (const i of train) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[base + j];
      const k = perFeature ? j : 0;
      sum[k] += v;
      sumSq[k] += v * v;
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  const n = train.length * (perFeature ? 1 : d);
  for (let k = 0; k < width; k++) {
    if (n === 0) break;
    if (mode === 'scale01') {
      const range = max[k] - min[k];
      shift[k] = min[k];
      scale[k] = range > 0 ? 1 / range : 1;
    } else {
      const mean = sum[k] / n;
      const std = Math.sqrt(Math.max(0, sumSq[k] / n - mean * mean));
      shift[k] = mean;
      scale[k] = std > 1e-12 ? 1 / std : 1;
    }
  }
  return { shift, scale };
}
