/**
 * The batch charts' x axis: step, epoch (fractional: step / batches per epoch) or relative training time. Stored runs
 * may hold batches without epoch or time: each choice says whether the data supports it. Pure; tested in xAxis.test.ts.
 */
import type { BatchPoint } from '../chartTypes';
import { formatCount } from '../../core/numberFormat';

export type XMode = 'step' | 'epoch' | 'time';

export const X_MODES: readonly { mode: XMode; label: string }[] = [
  { mode: 'step', label: 'Step' },
  { mode: 'epoch', label: 'Epoch' },
  { mode: 'time', label: 'Time' },
];

/** Which x choices the data supports: epoch needs batches per epoch, time needs every batch's time. */
export function availableXModes(points: readonly BatchPoint[], batchesPerEpoch: number | undefined): XMode[] {
  const modes: XMode[] = ['step'];
  if (batchesPerEpoch !== undefined && batchesPerEpoch > 0) modes.push('epoch');
  if (points.length > 0 && points.every((p) => typeof p.timeMs === 'number' && Number.isFinite(p.timeMs))) modes.push('time');
  return modes;
}

/** The mode asked for when the data supports it, else step. */
export function usableXMode(wanted: XMode, available: readonly XMode[]): XMode {
  return available.includes(wanted) ? wanted : 'step';
}

/**
 * Seconds of training per batch. The engine reads batches back in groups that share one time stamp; each group is
 * spread evenly over the time since the previous group so the line does not draw vertical steps. A clock that goes
 * back (a run resumed in a fresh engine) continues from where the previous batch was.
 */
export function batchSeconds(points: readonly BatchPoint[]): number[] {
  const out = new Array<number>(points.length);
  let prev = 0;
  let offset = 0;
  let lastRaw = -Infinity;
  let i = 0;
  while (i < points.length) {
    const raw = points[i].timeMs ?? 0;
    if (raw < lastRaw) offset = prev - raw;
    lastRaw = raw;
    let j = i;
    while (j + 1 < points.length && (points[j + 1].timeMs ?? 0) === raw) j++;
    const t = Math.max(prev, raw + offset);
    const count = j - i + 1;
    for (let k = 0; k < count; k++) out[i + k] = (prev + ((t - prev) * (k + 1)) / count) / 1000;
    prev = t;
    i = j + 1;
  }
  return out;
}

/**
 * The x of batch i in the chosen mode. Step and epoch are computed per call (only the drawn points need one); time
 * needs one pass over every batch first.
 */
export function batchXOf(points: readonly BatchPoint[], mode: XMode, batchesPerEpoch: number | undefined): (i: number) => number {
  if (mode === 'time') {
    const s = batchSeconds(points);
    return (i) => s[i];
  }
  if (mode === 'epoch' && batchesPerEpoch && batchesPerEpoch > 0) return (i) => points[i].step / batchesPerEpoch;
  return (i) => points[i].step;
}

/** The x value of every batch in the chosen mode. */
export function batchXValues(points: readonly BatchPoint[], mode: XMode, batchesPerEpoch: number | undefined): number[] {
  const xAt = batchXOf(points, mode, batchesPerEpoch);
  return points.map((_, i) => xAt(i));
}

/** The 1-based epoch of a batch: its own field, else from its step. */
export function epochOf(p: BatchPoint, batchesPerEpoch: number | undefined): number | null {
  if (typeof p.epoch === 'number') return p.epoch;
  return batchesPerEpoch && batchesPerEpoch > 0 ? Math.floor((p.step - 1) / batchesPerEpoch) + 1 : null;
}

/**
 * Where each epoch after the first began, as x values: at the last batch of the epoch before (so in epoch mode the
 * line sits on the whole number). Labelled with the epoch that starts there.
 */
export function epochBoundaries(points: readonly BatchPoint[], xAt: (i: number) => number, batchesPerEpoch: number | undefined): { x: number; label: string }[] {
  const out: { x: number; label: string }[] = [];
  let prev = points.length ? epochOf(points[0], batchesPerEpoch) : null;
  for (let i = 1; i < points.length; i++) {
    const e = epochOf(points[i], batchesPerEpoch);
    if (e !== null && prev !== null && e !== prev) out.push({ x: xAt(i - 1), label: `epoch ${e}` });
    prev = e;
  }
  return out;
}

/** The x of the batch at `step` (steps ascend), or null when the step is not among the points. */
export function xAtStep(points: readonly BatchPoint[], xAt: (i: number) => number, step: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = points[mid].step;
    if (s === step) return xAt(mid);
    if (s < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** "42 s", "3 min 05 s", "1 h 02 min": relative time as people read it. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 60) return `${Number(s.toPrecision(s < 10 ? 2 : 3))} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(sec).padStart(2, '0')} s`;
}

export function xAxisLabel(mode: XMode): string {
  return mode === 'time' ? 'training time' : mode === 'epoch' ? 'epoch' : 'batch';
}

/** An x value as the axis and read-out show it. */
export function formatX(v: number, mode: XMode): string {
  if (mode === 'time') return formatSeconds(v);
  if (mode === 'epoch') return String(Number(v.toFixed(2)));
  return formatCount(v);
}
