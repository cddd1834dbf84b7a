/**
 * CSV text for each inspection chart, from the same props the chart takes, for
 * ChartExportMenu's `csv` callback. Fractions stay fractions (0..1), as the props give them.
 */
import { toCsv } from './exportChart';
import { classLabel, finite, kernelIndex, mapShape } from './inspectMath';
import type { ClassStat, MetricEpoch, ReliabilityBin } from './inspectRows';

type Cell = string | number | null;

function num(v: number | null | undefined): number | null {
  return finite(v) ? v : null;
}

export function perClassCsv(classNames: readonly string[], stats: readonly ClassStat[]): string {
  return toCsv(
    ['class', 'support', 'precision', 'precision_ci_low', 'precision_ci_high', 'recall', 'recall_ci_low', 'recall_ci_high', 'f1', 'f1_ci_low', 'f1_ci_high'],
    stats.map((s, i) => [
      classLabel(classNames, i),
      num(s.support),
      num(s.precision),
      num(s.precisionCI?.[0]),
      num(s.precisionCI?.[1]),
      num(s.recall),
      num(s.recallCI?.[0]),
      num(s.recallCI?.[1]),
      num(s.f1),
      num(s.f1CI?.[0]),
      num(s.f1CI?.[1]),
    ]),
  );
}

export function reliabilityCsv(bins: readonly ReliabilityBin[], ece?: number): string {
  const rows: Cell[][] = bins.map((b) => [num(b.lo), num(b.hi), num(b.count), num(b.meanConfidence), num(b.accuracy), num(b.ci?.[0]), num(b.ci?.[1])]);
  if (finite(ece)) rows.push(['ECE', null, null, null, ece, null, null]);
  return toCsv(['bin_low', 'bin_high', 'count', 'mean_confidence', 'accuracy', 'accuracy_ci_low', 'accuracy_ci_high'], rows);
}

export function confidenceHistogramCsv(edges: readonly number[], correct: ArrayLike<number>, wrong: ArrayLike<number>): string {
  const rows: Cell[][] = [];
  for (let i = 0; i + 1 < edges.length; i++) rows.push([edges[i], edges[i + 1], num(correct[i]) ?? 0, num(wrong[i]) ?? 0]);
  return toCsv(['confidence_low', 'confidence_high', 'correct', 'wrong'], rows);
}

export function histogramCsv(edges: readonly number[], counts: ArrayLike<number>, valueName = 'value'): string {
  const rows: Cell[][] = [];
  for (let i = 0; i + 1 < edges.length; i++) rows.push([edges[i], edges[i + 1], num(counts[i]) ?? 0]);
  return toCsv([`${valueName}_low`, `${valueName}_high`, 'count'], rows);
}

export function weightHistogramsCsv(histograms: readonly { layer: string; weight: string; edges: number[]; counts: number[]; mean: number; std: number }[]): string {
  const rows: Cell[][] = [];
  for (const h of histograms) {
    for (let i = 0; i + 1 < h.edges.length; i++) rows.push([h.layer, h.weight, h.edges[i], h.edges[i + 1], num(h.counts[i]) ?? 0, num(h.mean), num(h.std)]);
  }
  return toCsv(['layer', 'weight', 'bin_low', 'bin_high', 'count', 'mean', 'std'], rows);
}

export function probabilityCsv(
  classNames: readonly string[],
  mean: ArrayLike<number>,
  std?: ArrayLike<number>,
  q05?: ArrayLike<number>,
  q95?: ArrayLike<number>,
  trueClass?: number | null,
): string {
  const rows: Cell[][] = Array.from({ length: mean.length }, (_, i) => [
    classLabel(classNames, i),
    num(mean[i]),
    std ? num(std[i]) : null,
    q05 ? num(q05[i]) : null,
    q95 ? num(q95[i]) : null,
    trueClass === i ? 1 : 0,
  ]);
  return toCsv(['class', 'mean', 'std', 'q05', 'q95', 'is_true_class'], rows);
}

export function scatterCsv(actual: ArrayLike<number>, predicted: ArrayLike<number>): string {
  const n = Math.min(actual.length, predicted.length);
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const a = num(actual[i]);
    const p = num(predicted[i]);
    rows.push([a, p, a !== null && p !== null ? p - a : null]);
  }
  return toCsv(['actual', 'predicted', 'residual'], rows);
}

export function predictionBandCsv(curveX: readonly number[], mean: readonly number[], lo: readonly number[], hi: readonly number[]): string {
  return toCsv(
    ['x', 'mean', 'low', 'high'],
    curveX.map((x, i) => [num(x), num(mean[i]), num(lo[i]), num(hi[i])]),
  );
}

export function metricHistoryCsv(epochs: readonly MetricEpoch[]): string {
  return toCsv(
    ['epoch', 'accuracy', 'ece', 'mean_entropy_nats', 'val_loss'],
    epochs.map((e) => [e.epoch, num(e.accuracy), num(e.ece), num(e.meanEntropy), num(e.valLoss)]),
  );
}

/** One row per unit. */
export function activationsCsv(values: ArrayLike<number>): string {
  return toCsv(['unit', 'activation'], Array.from({ length: values.length }, (_, i) => [i, num(values[i])]));
}

/** One row per (channel, row, col) of an HWC layer output. */
export function featureMapsCsv(shape: readonly number[], values: ArrayLike<number>): string {
  const d = mapShape(shape);
  const rows: Cell[][] = [];
  if (d && values.length >= d.h * d.w * d.c) {
    for (let ch = 0; ch < d.c; ch++) {
      for (let y = 0; y < d.h; y++) for (let x = 0; x < d.w; x++) rows.push([ch, y, x, num(values[(y * d.w + x) * d.c + ch])]);
    }
  }
  return toCsv(['channel', 'row', 'col', 'value'], rows);
}

/** One row per weight of a [kh, kw, in, out] conv kernel. */
export function convFiltersCsv(kernel: ArrayLike<number>, size: readonly [number, number, number, number]): string {
  const [kh, kw, inC, outC] = size;
  const rows: Cell[][] = [];
  if (kernel.length >= kh * kw * inC * outC) {
    for (let o = 0; o < outC; o++)
      for (let i = 0; i < inC; i++)
        for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) rows.push([o, i, y, x, num(kernel[kernelIndex(size, y, x, i, o)])]);
  }
  return toCsv(['filter', 'input_channel', 'row', 'col', 'weight'], rows);
}
