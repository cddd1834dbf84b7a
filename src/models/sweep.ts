import { createRng } from '../core/rng';
import { OPTIMIZERS, type ExperimentSpec, type OptimizerName } from './spec';

/** The knobs a sweep can turn. */
export type KnobId = 'learningRate' | 'batchSize' | 'epochs' | 'l1' | 'l2' | 'optimizer' | 'seed' | 'hiddenUnits' | 'dropoutRate';

export interface KnobInfo {
  id: KnobId;
  label: string;
  /** Numeric knobs can be sampled from a range; categorical ones only listed. */
  numeric: boolean;
  integer: boolean;
  /** Sample on a log scale (learning rates, penalties). */
  log: boolean;
  min: number;
  max: number;
}

export const KNOBS: readonly KnobInfo[] = [
  { id: 'learningRate', label: 'learning rate', numeric: true, integer: false, log: true, min: 1e-6, max: 10 },
  { id: 'batchSize', label: 'batch size', numeric: true, integer: true, log: true, min: 1, max: 8192 },
  { id: 'epochs', label: 'epochs', numeric: true, integer: true, log: false, min: 1, max: 1000 },
  { id: 'l1', label: 'L1 penalty', numeric: true, integer: false, log: true, min: 0, max: 1 },
  { id: 'l2', label: 'L2 penalty', numeric: true, integer: false, log: true, min: 0, max: 1 },
  { id: 'hiddenUnits', label: 'units of the first Dense layer', numeric: true, integer: true, log: true, min: 1, max: 4096 },
  { id: 'dropoutRate', label: 'rate of every Dropout layer', numeric: true, integer: false, log: false, min: 0, max: 0.9 },
  { id: 'seed', label: 'seed', numeric: true, integer: true, log: false, min: 0, max: 2 ** 31 - 1 },
  { id: 'optimizer', label: 'optimizer', numeric: false, integer: false, log: false, min: 0, max: 0 },
];

export type KnobValue = number | OptimizerName;

export interface SweepAxis {
  knob: KnobId;
  /** Grid: the listed values. Random: [min, max] and the count of draws comes from the sweep. */
  values: KnobValue[];
}

export interface SweepDef {
  mode: 'grid' | 'random';
  axes: SweepAxis[];
  /** Random mode: how many configurations to draw. */
  samples: number;
  seed: number;
}

export const knobInfo = (id: KnobId): KnobInfo => KNOBS.find((k) => k.id === id)!;

/** Reads a comma- or space-separated list for a knob; returns the values or a plain-words problem. */
export function parseKnobValues(knob: KnobId, text: string): { values: KnobValue[] } | { error: string } {
  const info = knobInfo(knob);
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s);
  if (parts.length === 0) return { error: `List at least one value for the ${info.label}.` };
  if (parts.length > 50) return { error: 'At most 50 values per knob.' };
  if (!info.numeric) {
    const bad = parts.find((p) => !(OPTIMIZERS as readonly string[]).includes(p));
    if (bad) return { error: `"${bad}" is not an optimizer (use ${OPTIMIZERS.join(', ')}).` };
    return { values: parts as OptimizerName[] };
  }
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { error: `"${p}" is not a number.` };
    if (v < info.min || v > info.max) return { error: `${info.label} ${p} is outside ${info.min}..${info.max}.` };
    if (info.integer && !Number.isInteger(v)) return { error: `${info.label} must be a whole number (got ${p}).` };
    if (knob === 'learningRate' && v <= 0) return { error: 'A learning rate must be above 0.' };
    values.push(v);
  }
  return { values };
}

/** Every configuration the sweep runs, in order: a grid's cross product, or seeded random draws within each axis's range. */
export function sweepConfigs(def: SweepDef): Record<string, KnobValue>[] {
  if (def.mode === 'grid') {
    let configs: Record<string, KnobValue>[] = [{}];
    for (const axis of def.axes) configs = configs.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.knob]: v })));
    return configs;
  }
  const rng = createRng(def.seed);
  return Array.from({ length: def.samples }, () => {
    const c: Record<string, KnobValue> = {};
    for (const axis of def.axes) {
      const info = knobInfo(axis.knob);
      if (!info.numeric) {
        c[axis.knob] = axis.values[Math.floor(rng() * axis.values.length)];
        continue;
      }
      const nums = axis.values as number[];
      const lo = Math.min(...nums);
      const hi = Math.max(...nums);
      let v = info.log && lo > 0 ? Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo))) : lo + rng() * (hi - lo);
      v = info.integer ? Math.round(v) : Number(v.toPrecision(3));
      c[axis.knob] = v;
    }
    return c;
  });
}

/** The spec with one knob set. */
export function applyKnob(spec: ExperimentSpec, knob: KnobId, value: KnobValue): ExperimentSpec {
  const t = spec.training;
  switch (knob) {
    case 'learningRate':
    case 'batchSize':
    case 'epochs':
    case 'l1':
    case 'l2':
      return { ...spec, training: { ...t, [knob]: value as number } };
    case 'optimizer':
      return { ...spec, training: { ...t, optimizer: value as OptimizerName } };
    case 'seed':
      return { ...spec, seed: value as number };
    case 'hiddenUnits': {
      const i = spec.model.layers.findIndex((l) => l.type === 'dense');
      if (i < 0) return spec;
      const layers = spec.model.layers.map((l, k) => (k === i && l.type === 'dense' ? { ...l, units: value as number } : l));
      return { ...spec, model: { layers } };
    }
    case 'dropoutRate':
      return { ...spec, model: { layers: spec.model.layers.map((l) => (l.type === 'dropout' ? { ...l, rate: value as number } : l)) } };
  }
}

export function applyConfig(spec: ExperimentSpec, config: Record<string, KnobValue>): ExperimentSpec {
  return Object.entries(config).reduce((s, [k, v]) => applyKnob(s, k as KnobId, v), spec);
}

/** A knob's value in a spec (what applyKnob would set); null when the model has no such layer. */
export function knobValueOf(spec: ExperimentSpec, knob: KnobId): KnobValue | null {
  switch (knob) {
    case 'learningRate':
    case 'batchSize':
    case 'epochs':
    case 'l1':
    case 'l2':
      return spec.training[knob];
    case 'optimizer':
      return spec.training.optimizer;
    case 'seed':
      return spec.seed;
    case 'hiddenUnits': {
      const l = spec.model.layers.find((x) => x.type === 'dense');
      return l && l.type === 'dense' ? l.units : null;
    }
    case 'dropoutRate': {
      const l = spec.model.layers.find((x) => x.type === 'dropout');
      return l && l.type === 'dropout' ? l.rate : null;
    }
  }
}
