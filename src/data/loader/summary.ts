import { exampleSize, type Dataset } from '../../core/types';
import type { ColumnSummary, DatasetSummary } from './types';

function columnStats(name: string, get: (i: number) => number, n: number): ColumnSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  return { name, min: n ? min : 0, max: n ? max : 0, mean, std: Math.sqrt(Math.max(0, n ? sumSq / n - mean * mean : 0)) };
}

export function summarizeDataset(ds: Dataset, samplesPerClass = 8): DatasetSummary {
  const d = exampleSize(ds);
  const x = ds.x;
  let vmin = Infinity;
  let vmax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < vmin) vmin = v;
    if (v > vmax) vmax = v;
  }
  const valueRange = { min: x.length ? vmin : 0, max: x.length ? vmax : 0 };

  if (ds.task === 'regression') {
    return {
      classCounts: [],
      imbalanceRatio: null,
      samplesPerClass: [],
      meanImages: null,
      valueRange,
      columns: ds.kind === 'tabular' ? ds.featureNames.map((name, j) => columnStats(name, (i) => x[i * d + j], ds.count)) : null,
      target: columnStats(ds.targetName, (i) => ds.y[i], ds.count),
    };
  }

  const C = ds.numClasses;
  const counts = new Array<number>(C).fill(0);
  const samples: number[][] = Array.from({ length: C }, () => []);
  for (let i = 0; i < ds.count; i++) {
    const c = ds.y[i];
    counts[c]++;
    if (samples[c].length < samplesPerClass) samples[c].push(i);
  }
  const present = counts.filter((n) => n > 0);
  const imbalanceRatio = present.length ? Math.max(...present) / Math.min(...present) : null;

  let meanImages: Uint8Array[] | null = null;
  if (ds.kind === 'image') {
    const sums = Array.from({ length: C }, () => new Float64Array(d));
    for (let i = 0; i < ds.count; i++) {
      const s = sums[ds.y[i]];
      const base = i * d;
      for (let j = 0; j < d; j++) s[j] += x[base + j];
    }
    meanImages = sums.map((s, c) => {
      const out = new Uint8Array(d);
      if (counts[c] > 0) for (let j = 0; j < d; j++) out[j] = Math.round(s[j] / counts[c]);
      return out;
    });
  }
  return {
    classCounts: counts,
    imbalanceRatio,
    samplesPerClass: samples,
    meanImages,
    valueRange,
    columns: ds.kind === 'tabular' ? ds.featureNames.map((name, j) => columnStats(name, (i) => x[i * d + j], ds.count)) : null,
    target: null,
  };
}
