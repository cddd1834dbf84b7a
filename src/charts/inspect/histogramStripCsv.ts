import type { EpochHistograms } from '../../training/inspect/histogramMath';
import { toCsv } from './exportChart';

export const HISTOGRAM_CSV_HEADER = ['epoch', 'layer', 'kind', 'bin_low', 'bin_high', 'count', 'mean', 'std', 'min', 'max', 'near_zero_fraction'] as const;

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** Every epoch's weight and gradient histograms as sent by the engine (each on its own range), one row per bin. */
export function epochHistogramsCsv(history: readonly EpochHistograms[]): string {
  const rows: (string | number | null)[][] = [];
  for (const e of history) {
    for (const l of e.layers) {
      const w = (l.hi - l.lo) / l.counts.length;
      l.counts.forEach((count, i) => rows.push([e.epoch, l.name, l.kind, l.lo + i * w, l.lo + (i + 1) * w, count, num(l.mean), num(l.std), num(l.min), num(l.max), num(l.nearZero)]));
    }
  }
  return toCsv(HISTOGRAM_CSV_HEADER, rows);
}
