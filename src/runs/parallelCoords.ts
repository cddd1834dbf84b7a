/**
 * Parallel coordinates for runs: one vertical axis per hyperparameter and per final metric, one polyline per run.
 * Pure layout maths (no DOM): the SVG component draws what this returns, and tests check the numbers.
 */
import type { Task } from '../core/types';
import { KNOBS, knobInfo, knobValueOf, type KnobId, type KnobValue } from '../models/sweep';
import type { RunRecord } from './types';

export type AxisKind = 'linear' | 'log' | 'categorical';
export type PcValue = number | string | null | undefined;

export interface PcAxisDef {
  key: string;
  label: string;
  /** 'log' falls back to linear when a value is 0 or below; strings always make the axis categorical. */
  kind?: AxisKind;
  /** How a number is written on ticks and in read-outs (default: 3 significant digits). */
  format?: (v: number) => string;
}

export interface PcRun {
  id: string;
  name: string;
  values: Record<string, PcValue>;
}

export interface PcOptions {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** The axis whose value colours each line (the final metric). */
  colorKey: string;
  /** Higher is better on the colour axis (accuracy); false for losses and errors. */
  higherIsBetter: boolean;
}

export interface PcTick {
  y: number;
  label: string;
}

export interface PcAxis {
  key: string;
  label: string;
  kind: AxisKind;
  x: number;
  /** Numeric axes: the value range shown (bottom, top); null for categorical axes or no values. */
  domain: [number, number] | null;
  categories: string[];
  ticks: PcTick[];
}

export interface PcLine {
  id: string;
  name: string;
  /** One point per axis; null where the run has no value for it (the line breaks there). */
  points: ({ x: number; y: number } | null)[];
  /** SVG path data: segments between consecutive present points. */
  path: string;
  /** 0 = worst … 1 = best on the colour axis; null when the run has no value there. */
  colorT: number | null;
  /** Each axis's value as written for people ("—" when missing). */
  labels: string[];
}

export const formatNumber = (v: number): string => {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
};

const finite = (v: PcValue): v is number => typeof v === 'number' && Number.isFinite(v);

/** Which scale an axis gets from its declared kind and its values. */
export function axisKind(def: PcAxisDef, values: PcValue[]): AxisKind {
  if (def.kind === 'categorical' || values.some((v) => typeof v === 'string')) return 'categorical';
  const nums = values.filter(finite);
  if (def.kind === 'log' && nums.length > 0 && nums.every((v) => v > 0)) return 'log';
  return 'linear';
}

/** 0 (bottom) … 1 (top) for a value on a numeric axis; a single-valued axis puts its value in the middle. */
export function numericPosition(v: number, domain: [number, number], kind: 'linear' | 'log'): number {
  const f = kind === 'log' ? Math.log10 : (x: number) => x;
  const lo = f(domain[0]);
  const hi = f(domain[1]);
  if (!(hi > lo)) return 0.5;
  return Math.min(1, Math.max(0, (f(v) - lo) / (hi - lo)));
}

/** 0 … 1 for the i-th of n categories, evenly spaced, first at the bottom; a single category sits in the middle. */
export function categoryPosition(i: number, n: number): number {
  return n <= 1 ? 0.5 : i / (n - 1);
}

/** Up to ~5 round tick values inside a linear domain; log axes get the powers of ten inside (or the ends). */
export function ticksFor(domain: [number, number], kind: 'linear' | 'log'): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  if (kind === 'log') {
    const out: number[] = [];
    for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) out.push(Number(`1e${e}`));
    return out.length >= 2 ? out : [lo, hi];
  }
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Lays out the axes and one line per run; lines come worst first, so the best is drawn on top. */
export function parallelLayout(defs: PcAxisDef[], runs: PcRun[], opt: PcOptions): { axes: PcAxis[]; lines: PcLine[] } {
  const { width, height, margin } = opt;
  const plotH = Math.max(1, height - margin.top - margin.bottom);
  const span = Math.max(0, width - margin.left - margin.right);
  const yOf = (t: number) => margin.top + (1 - t) * plotH;
  const positions: ((v: PcValue) => number | null)[] = [];
  const axes: PcAxis[] = defs.map((def, k) => {
    const values = runs.map((r) => r.values[def.key]);
    const kind = axisKind(def, values);
    const x = defs.length <= 1 ? margin.left + span / 2 : margin.left + (k * span) / (defs.length - 1);
    const fmt = def.format ?? formatNumber;
    if (kind === 'categorical') {
      const categories = [...new Set(values.filter((v): v is string | number => v != null && v !== '').map(String))];
      positions.push((v) => (v == null || v === '' ? null : categoryPosition(categories.indexOf(String(v)), categories.length)));
      return { key: def.key, label: def.label, kind, x, domain: null, categories, ticks: categories.map((c, i) => ({ y: yOf(categoryPosition(i, categories.length)), label: c })) };
    }
    const nums = values.filter(finite).filter((v) => kind !== 'log' || v > 0);
    const domain: [number, number] | null = nums.length ? [Math.min(...nums), Math.max(...nums)] : null;
    positions.push((v) => (domain && finite(v) && (kind !== 'log' || v > 0) ? numericPosition(v, domain, kind) : null));
    const ticks = domain ? ticksFor(domain, kind).map((v) => ({ y: yOf(numericPosition(v, domain, kind)), label: fmt(v) })) : [];
    return { key: def.key, label: def.label, kind, x, domain, categories: [], ticks };
  });
  const colorAxis = defs.findIndex((d) => d.key === opt.colorKey);
  const lines: PcLine[] = runs.map((r) => {
    const ts = defs.map((d, k) => positions[k](r.values[d.key]));
    const points = ts.map((t, k) => (t == null ? null : { x: axes[k].x, y: yOf(t) }));
    let path = '';
    points.forEach((p, k) => {
      if (!p) return;
      path += `${path && points[k - 1] ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    });
    const ct = colorAxis >= 0 ? ts[colorAxis] : null;
    const labels = defs.map((d) => {
      const v = r.values[d.key];
      return v == null || v === '' ? '—' : typeof v === 'number' ? (d.format ?? formatNumber)(v) : v;
    });
    return { id: r.id, name: r.name, points, path, colorT: ct == null ? null : opt.higherIsBetter ? ct : 1 - ct, labels };
  });
  lines.sort((a, b) => (a.colorT ?? -1) - (b.colorT ?? -1));
  return { axes, lines };
}

/** The final metric's axis: test accuracy in percent, or MAE (lower is better). */
export function metricAxis(task: Task): PcAxisDef {
  return task === 'classification'
    ? { key: 'metric', label: 'test accuracy', format: (v) => `${(v * 100).toFixed(1)}%` }
    : { key: 'metric', label: 'test MAE', format: formatNumber };
}

export const VAL_LOSS_AXIS: PcAxisDef = { key: 'valLoss', label: 'best val loss' };

const knobAxis = (k: KnobId): PcAxisDef => {
  const info = knobInfo(k);
  return { key: k, label: info.label, kind: !info.numeric ? 'categorical' : info.log ? 'log' : 'linear' };
};

/** Stored runs as parallel coordinates: the knobs whose values differ among them (else the learning rate), best validation loss, final metric. */
export function runsParallel(records: RunRecord[]): { axes: PcAxisDef[]; runs: PcRun[] } {
  const differing = KNOBS.filter((k) => new Set(records.map((r) => String(knobValueOf(r.spec, k.id)))).size > 1).map((k) => k.id);
  const knobs: KnobId[] = differing.length ? differing : ['learningRate'];
  const task = records[0]?.task ?? 'classification';
  const runs = records.map((r) => {
    const values: Record<string, PcValue> = {};
    for (const k of knobs) values[k] = knobValueOf(r.spec, k);
    const losses = r.epochs.map((e) => e.valLoss).filter(finite);
    values.valLoss = losses.length ? Math.min(...losses) : null;
    values.metric = r.finalMetric ?? r.evaluation?.metric ?? null;
    return { id: r.id, name: r.name, values };
  });
  return { axes: [...knobs.map(knobAxis), VAL_LOSS_AXIS, metricAxis(task)], runs };
}

/** A sweep's results as parallel coordinates: its knobs, validation loss, final test metric (validation metric when no test score). */
export function sweepParallel(
  results: { index: number; config: Record<string, KnobValue>; valLoss: number | null; valMetric: number | null; testMetric: number | null; runId?: string | null }[],
  knobs: KnobId[],
  task: Task,
  nameOf: (runId: string | null | undefined, index: number) => string,
): { axes: PcAxisDef[]; runs: PcRun[] } {
  const runs = results
    .filter((r) => r.valLoss != null || r.testMetric != null || r.valMetric != null)
    .map((r) => {
      const values: Record<string, PcValue> = {};
      for (const k of knobs) values[k] = r.config[k] ?? null;
      values.valLoss = r.valLoss;
      values.metric = r.testMetric ?? r.valMetric;
      return { id: r.runId ?? `config-${r.index}`, name: nameOf(r.runId, r.index), values };
    });
  const axes = [...knobs.map(knobAxis), { ...VAL_LOSS_AXIS, label: 'val loss' }, metricAxis(task)];
  return { axes, runs };
}
