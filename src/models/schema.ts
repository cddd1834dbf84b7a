import * as v from 'valibot';
import type { Normalization } from '../core/types';
import { COLUMN_TYPES, DATE_PARTS, MISSING_POLICIES, type ColumnRole } from '../core/tableTypes';
import {
  ACTIVATIONS,
  DEFAULT_EARLY_STOPPING,
  DEFAULT_SCHEDULE,
  LOSSES,
  OPTIMIZERS,
  SPEC_VERSION,
  TOKEN_POOL_MODES,
  type ExperimentSpec,
  type LayerType,
  type ScheduleSpec,
  type EarlyStoppingSpec,
} from './spec';

/**
 * The spec as data: validation, migration ("restore") and canonical JSON for `ExperimentSpec`.
 *
 * Everything here treats its input as untrusted (pasted text, share links): nothing throws, nothing is
 * evaluated, prototype-poisoning keys are refused, and the amount of work is bounded before validation starts.
 */

/** One problem with a spec. `path` is like `training.learningRate` or `model.layers[2].units`; '' is the whole. */
export type SpecIssue = { path: string; message: string };
export type SpecParseResult = { ok: true; spec: ExperimentSpec } | { ok: false; issues: SpecIssue[] };

/** Pasted or linked text longer than this is refused before JSON.parse (a real spec is a few KB). */
export const MAX_SPEC_JSON_CHARS = 1_000_000;
/** A valid spec nests 5 deep (model.layers[i].targetShape[j]); anything far deeper is not a spec. */
const MAX_DEPTH = 12;
/** A valid spec has at most ~64 × 7 + 40 values; this bounds work on hostile objects. */
const MAX_VALUES = 20_000;
/** Enough to fix a spec by; more would only bury the first ones. */
const MAX_ISSUES = 100;
/** Keys that can reach Object.prototype if some later code copies the object carelessly. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const LAYER_TYPES = [
  'dense',
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'globalAvgPool2d',
  'dropout',
  'batchNorm',
  'flatten',
  'reshape',
  'activation',
  'residual',
  'lstm',
  'gru',
  'patchEmbed',
  'transformerBlock',
  'tokenPool',
] as const satisfies readonly LayerType[];
export const NORMALIZATIONS = ['scale01', 'standardize', 'none'] as const satisfies readonly Normalization[];
export const PADDINGS = ['valid', 'same'] as const;
export const SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine'] as const satisfies readonly ScheduleSpec['kind'][];
export const EARLY_STOPPING_MONITORS = ['valLoss', 'valMetric'] as const satisfies readonly EarlyStoppingSpec['monitor'][];

// ---------------------------------------------------------------------------------------------------------------
// Schema building blocks, each with its plain-words messages.

/** 10000000 → "10,000,000"; small and fractional numbers as JavaScript prints them. */
function fmt(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 10_000 ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
}

interface Range {
  /** Exclusive lower bound ("greater than"), else inclusive ("at least"). */
  loOpen?: boolean;
  /** Exclusive upper bound ("less than"), else inclusive ("at most"). */
  hiOpen?: boolean;
  integer?: boolean;
  typeMessage?: string;
}

function numberIn(lo: number, hi: number, r: Range = {}) {
  return v.pipe(
    v.number(r.typeMessage ?? 'expected a number'),
    v.check((n) => Number.isFinite(n), 'must be a finite number'),
    v.check((n) => !r.integer || Number.isInteger(n), 'must be a whole number'),
    v.check((n) => (r.loOpen ? n > lo : n >= lo), r.loOpen ? `must be greater than ${fmt(lo)}` : `must be at least ${fmt(lo)}`),
    v.check((n) => (r.hiOpen ? n < hi : n <= hi), r.hiOpen ? `must be less than ${fmt(hi)}` : `must be at most ${fmt(hi)}`),
  );
}

const intIn = (lo: number, hi: number, r: Omit<Range, 'integer'> = {}) => numberIn(lo, hi, { ...r, integer: true });

const seed = v.pipe(
  v.number('expected a number'),
  v.check((n) => Number.isInteger(n), 'must be a whole number'),
  v.check((n) => Number.isSafeInteger(n), `must be between ${fmt(Number.MIN_SAFE_INTEGER)} and ${fmt(Number.MAX_SAFE_INTEGER)}`),
);

function text(minChars: number, maxChars: number) {
  return v.pipe(
    v.string('expected text'),
    v.minLength(minChars, minChars === 1 ? 'must not be empty' : `must be at least ${minChars} characters`),
    v.maxLength(maxChars, `must be at most ${fmt(maxChars)} characters`),
  );
}

const oneOf = <const T extends readonly string[]>(options: T) => v.picklist(options, `must be one of: ${options.join(', ')}`);
const bool = v.boolean('expected true or false');

/** strictObject's one message covers three cases; tell them apart from the issue. */
function objectMessage(issue: v.StrictObjectIssue): string {
  if (issue.expected === 'never') return 'unknown field';
  if (issue.path) return 'missing field';
  return 'expected an object';
}

/** valibot's object schemas take any `typeof 'object'`, arrays included; a spec never has a list for an object. */
const notAList = v.custom<unknown>((x) => x !== null && typeof x === 'object' && !Array.isArray(x), 'expected an object');

function strictObjectOnly<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, objectMessage);
}

function strictObj<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(notAList, strictObjectOnly(entries));
}

/** Unknown `type` (or no object at all) in a layer. */
function layerTypeMessage(issue: v.VariantIssue): string {
  const list = `must be one of: ${LAYER_TYPES.join(', ')}`;
  if (!issue.path) return 'expected an object';
  return issue.input === undefined ? `missing field; ${list}` : list;
}

function listOf<const S extends v.GenericSchema>(item: S, min: number, max: number, noun: string) {
  return v.pipe(
    v.array(item, 'expected a list'),
    v.minLength(min, `must have at least ${min} ${min === 1 ? noun : `${noun}s`}`),
    v.maxLength(max, `must have at most ${max} ${noun}s`),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The schema, part by part (entries in the same order as specToJson writes them).

const activation = oneOf(ACTIVATIONS);
const padding = oneOf(PADDINGS);
const units = intIn(1, 4096);
const filters = intIn(1, 512);
const kernelSize = intIn(1, 11);
const strides = intIn(1, 4);
const poolSize = intIn(1, 8);

export const LayerSchema = v.pipe(
  notAList,
  v.variant(
    'type',
    [
      strictObjectOnly({ type: v.literal('dense'), units, activation }),
      strictObjectOnly({ type: v.literal('conv2d'), filters, kernelSize, strides, padding, activation }),
      strictObjectOnly({ type: v.literal('maxPool2d'), poolSize, strides, padding }),
      strictObjectOnly({ type: v.literal('avgPool2d'), poolSize, strides, padding }),
      strictObjectOnly({ type: v.literal('globalAvgPool2d') }),
      strictObjectOnly({ type: v.literal('dropout'), rate: numberIn(0, 0.95, { hiOpen: true }) }),
      strictObjectOnly({ type: v.literal('batchNorm') }),
      strictObjectOnly({ type: v.literal('flatten') }),
      strictObjectOnly({ type: v.literal('reshape'), targetShape: listOf(intIn(1, 65536), 1, 3, 'dimension') }),
      strictObjectOnly({ type: v.literal('activation'), activation }),
      strictObjectOnly({ type: v.literal('residual'), filters, kernelSize, activation }),
      strictObjectOnly({ type: v.literal('lstm'), units, returnSequences: bool }),
      strictObjectOnly({ type: v.literal('gru'), units, returnSequences: bool }),
      strictObjectOnly({ type: v.literal('patchEmbed'), patchSize: intIn(1, 64), dim: intIn(1, 1024) }),
      strictObjectOnly({ type: v.literal('transformerBlock'), heads: intIn(1, 64), mlpDim: intIn(1, 4096) }),
      strictObjectOnly({ type: v.literal('tokenPool'), mode: oneOf(TOKEN_POOL_MODES) }),
    ],
    layerTypeMessage,
  ),
);

export const ScheduleSchema = strictObj({
  kind: oneOf(SCHEDULE_KINDS),
  warmupEpochs: numberIn(0, 1000),
  stepEpochs: numberIn(1, 1000),
  factor: numberIn(0, 1, { loOpen: true }),
  minLearningRate: numberIn(0, 10),
});

export const EarlyStoppingSchema = strictObj({
  enabled: bool,
  monitor: oneOf(EARLY_STOPPING_MONITORS),
  patience: intIn(1, 1000),
  restoreBest: bool,
});

export const TrainingSchema = strictObj({
  optimizer: oneOf(OPTIMIZERS),
  learningRate: numberIn(0, 10, { loOpen: true }),
  momentum: numberIn(0, 1, { hiOpen: true }),
  schedule: ScheduleSchema,
  loss: oneOf(LOSSES),
  epochs: intIn(1, 1000),
  batchSize: intIn(1, 8192),
  l1: numberIn(0, 1),
  l2: numberIn(0, 1),
  validationFraction: numberIn(0, 0.5),
  earlyStopping: EarlyStoppingSchema,
  maxTrainSamples: v.nullable(intIn(1, 10_000_000, { typeMessage: 'expected a number or null' })),
  clipNorm: v.nullable(numberIn(0, 1_000_000, { loOpen: true, typeMessage: 'expected a number or null' })),
});

const COLUMN_ROLES = ['feature', 'label', 'ignore'] as const satisfies readonly ColumnRole[];

/** The table pipeline's recipe (roles, types, gaps, encodings): part of the experiment, so links reproduce it. */
export const TableRecipeSchema = strictObj({
  version: v.literal(1, 'must be 1'),
  columns: listOf(
    strictObj({
      name: text(0, 200),
      role: oneOf(COLUMN_ROLES),
      type: oneOf(COLUMN_TYPES),
      missing: oneOf(MISSING_POLICIES),
      fill: text(0, 200),
      indicator: bool,
      dateParts: v.pipe(v.array(oneOf(DATE_PARTS), 'expected a list'), v.maxLength(DATE_PARTS.length, 'too many date parts')),
      cyclic: bool,
    }),
    1,
    2000,
    'column',
  ),
  label: text(0, 200),
  task: oneOf(['classification', 'regression'] as const),
  missingTokens: v.pipe(v.array(text(0, 40), 'expected a list'), v.maxLength(50, 'at most 50 missing-value tokens')),
  maxLevels: intIn(2, 1000),
  read: v.optional(strictObj({ header: v.optional(bool), sheet: v.optional(text(1, 200)) })),
});

export const DatasetRefSchema = strictObj({
  id: text(1, 200),
  // Lowercase only: it is compared as a string with the dataset's own (lowercase) fingerprint.
  fingerprint: v.optional(v.pipe(text(1, 64), v.regex(/^[0-9a-f]+$/, 'must be lowercase hexadecimal digits (0-9, a-f)'))),
  testFraction: numberIn(0.05, 0.5),
  splitSeed: seed,
  normalization: oneOf(NORMALIZATIONS),
  table: v.optional(TableRecipeSchema),
  standardizeTarget: v.optional(v.boolean('must be true or false')),
});

export const ExperimentSpecSchema = strictObj({
  version: v.literal(SPEC_VERSION, `must be ${SPEC_VERSION}`),
  name: text(0, 100),
  dataset: DatasetRefSchema,
  model: strictObj({ layers: listOf(LayerSchema, 1, 64, 'layer') }),
  training: TrainingSchema,
  seed,
});

// Compile-time guard: fails to type-check when the schema and spec.ts's types drift apart (a layer type or a
// field added to one and not the other).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
void (true satisfies Same<v.InferOutput<typeof ExperimentSpecSchema>, ExperimentSpec>);

// ---------------------------------------------------------------------------------------------------------------
// Paths and issues.

type PathKey = string | number;

function joinPath(parent: string, key: PathKey): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  // Unusual keys (spaces, quotes, …) are quoted so the path stays unambiguous.
  return `${parent}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)}]`;
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    path = joinPath(path, typeof key === 'number' ? key : String(key));
  }
  return path;
}

function fail(issues: SpecIssue[]): { ok: false; issues: SpecIssue[] } {
  if (issues.length <= MAX_ISSUES) return { ok: false, issues };
  return { ok: false, issues: [...issues.slice(0, MAX_ISSUES), { path: '', message: `…and ${issues.length - MAX_ISSUES} more problems` }] };
}

// ---------------------------------------------------------------------------------------------------------------
// Step 1: copy the input into plain, bounded data (no getters run, no prototypes, no forbidden keys).

type PlainObject = Record<string, unknown>;

interface Walk {
  values: number;
  issues: SpecIssue[];
  stopped: boolean;
}

function isPlainObject(x: unknown): x is PlainObject {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Reads an own data property without running a getter; `found: false` for accessors. */
function ownValue(x: object, key: string): { found: true; value: unknown } | { found: false } {
  const d = Object.getOwnPropertyDescriptor(x, key);
  return d && 'value' in d ? { found: true, value: d.value } : { found: false };
}

function tooLarge(w: Walk): undefined {
  w.stopped = true;
  w.issues.push({ path: '', message: `too large: more than ${fmt(MAX_VALUES)} values (a spec has a few hundred)` });
  return undefined;
}

/**
 * A deep copy with null-prototype objects (so `in` and key writes during restore cannot touch Object.prototype),
 * or issues. Stops after MAX_VALUES values or MAX_DEPTH levels, which also ends cycles.
 */
function copyPlain(x: unknown, path: string, depth: number, w: Walk): unknown {
  if (w.stopped) return undefined;
  if (++w.values > MAX_VALUES) return tooLarge(w);
  if (x === null || x === undefined || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (typeof x !== 'object') {
    w.issues.push({ path, message: `expected JSON data, found a ${typeof x}` });
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    w.stopped = true;
    w.issues.push({ path, message: `nested too deeply (more than ${MAX_DEPTH} levels)` });
    return undefined;
  }
  if (Array.isArray(x)) {
    // Checked up front: a sparse `new Array(2 ** 32 - 1)` has a huge length and no values to count.
    if (w.values + x.length > MAX_VALUES) return tooLarge(w);
    const out: unknown[] = [];
    for (let i = 0; i < x.length && !w.stopped; i++) {
      const p = joinPath(path, i);
      const got = ownValue(x, String(i));
      if (!got.found && i in x) w.issues.push({ path: p, message: 'expected plain data, found a getter' });
      out.push(copyPlain(got.found ? got.value : undefined, p, depth + 1, w));
    }
    return out;
  }
  if (!isPlainObject(x)) {
    w.issues.push({ path, message: 'expected plain JSON data, found an instance of a class' });
    return undefined;
  }
  const out: PlainObject = Object.create(null) as PlainObject;
  for (const key of Object.keys(x)) {
    if (w.stopped) break;
    const p = joinPath(path, key);
    if (FORBIDDEN_KEYS.has(key)) {
      w.issues.push({ path: p, message: `forbidden key "${key}"` });
      continue;
    }
    const got = ownValue(x, key);
    if (!got.found) {
      w.issues.push({ path: p, message: 'expected plain data, found a getter' });
      continue;
    }
    out[key] = copyPlain(got.value, p, depth + 1, w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Step 2: restore — the one place for version checks, migrations and defaults.

function describeVersion(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x);
  return x === null ? 'null' : `a ${Array.isArray(x) ? 'list' : typeof x}`;
}

/**
 * Checks the version, then brings an older or sparser v1 spec up to today's v1 shape: fields added to v1 after
 * specs were first saved get their defaults when absent (present but wrong values are left for validation to
 * report). Works on the private copy from copyPlain, so it may write in place.
 */
function restore(data: unknown): { ok: true; value: unknown } | { ok: false; issues: SpecIssue[] } {
  if (!isPlainObject(data)) return fail([{ path: '', message: 'expected a JSON object (a Tensorscope spec)' }]);
  const version = data.version;
  if (version === undefined) return fail([{ path: 'version', message: 'not a Tensorscope spec: no version' }]);
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > SPEC_VERSION) {
    return fail([{ path: 'version', message: `this spec was made by a newer Tensorscope (version ${version}); this one reads version ${SPEC_VERSION}` }]);
  }
  if (version !== SPEC_VERSION) {
    return fail([{ path: 'version', message: `unknown spec version ${describeVersion(version)}; this one reads version ${SPEC_VERSION}` }]);
  }

  const training = data.training;
  if (isPlainObject(training)) {
    // Copies, so a caller editing the parsed spec can never alter the shared defaults.
    // clipNorm (gradient clipping) came later: specs and links from before it train without clipping.
    const defaults: PlainObject = { momentum: 0.9, schedule: { ...DEFAULT_SCHEDULE }, l1: 0, l2: 0, earlyStopping: { ...DEFAULT_EARLY_STOPPING }, clipNorm: null };
    for (const key of Object.keys(defaults)) if (training[key] === undefined) training[key] = defaults[key];
  }

  const model = data.model;
  if (isPlainObject(model) && Array.isArray(model.layers)) {
    for (const layer of model.layers) {
      // Max pooling had no padding option at first; it was built with tfjs's default, 'valid'.
      if (isPlainObject(layer) && layer.type === 'maxPool2d' && layer.padding === undefined) layer.padding = 'valid';
    }
  }
  return { ok: true, value: data };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API.

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message.slice(0, 200) : 'unexpected error';
  } catch {
    return 'unexpected error';
  }
}

/**
 * Validates an already-parsed value (from JSON.parse, or an object in memory) as a spec: copies it into plain
 * data, restores (version check, migrations, defaults), then validates every field. Never throws; never mutates
 * `input`; the returned spec shares nothing with it.
 */
export function parseSpec(input: unknown): SpecParseResult {
  try {
    const walk: Walk = { values: 0, issues: [], stopped: false };
    const data = copyPlain(input, '', 0, walk);
    if (walk.issues.length > 0) return fail(walk.issues);
    const restored = restore(data);
    if (!restored.ok) return restored;
    // abortPipeEarly: one message per field (the first broken rule), not a pile of consequences.
    const result = v.safeParse(ExperimentSpecSchema, restored.value, { abortPipeEarly: true });
    if (result.success) return { ok: true, spec: result.output };
    return fail(result.issues.map((issue) => ({ path: pathOf(issue), message: issue.message })));
  } catch (e) {
    // Not expected (a Proxy's trap could do it); the promise is "never throws".
    return fail([{ path: '', message: `could not read the spec: ${errorText(e)}` }]);
  }
}

/** parseSpec for text: pasted JSON, a downloaded file, a decoded link. A syntax error is an issue at path ''. */
export function parseSpecJson(text: string): SpecParseResult {
  if (typeof text !== 'string') return fail([{ path: '', message: 'expected text' }]);
  if (text.length > MAX_SPEC_JSON_CHARS) {
    return fail([{ path: '', message: `too long: ${fmt(text.length)} characters; a spec is at most ${fmt(MAX_SPEC_JSON_CHARS)}` }]);
  }
  // A byte-order mark (some editors save one) is not JSON, but it is not the user's mistake either.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail([{ path: '', message: 'empty: expected a spec as JSON text' }]);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    return fail([{ path: '', message: jsonErrorMessage(body, e) }]);
  }
  return parseSpec(data);
}

/** Stable key order for specToJson: the order of spec.ts's declarations, one list for all levels. */
const KEY_ORDER = [
  // ExperimentSpec
  'version', 'name', 'dataset', 'model', 'training', 'seed',
  // DatasetRef
  'id', 'fingerprint', 'testFraction', 'splitSeed', 'normalization', 'table', 'standardizeTarget',
  // TableRecipe and its columns
  'columns', 'label', 'task', 'missingTokens', 'maxLevels', 'read', 'role', 'missing', 'fill', 'indicator', 'dateParts', 'cyclic', 'header', 'sheet',
  // model
  'layers',
  // LayerSpec
  'type', 'units', 'filters', 'kernelSize', 'poolSize', 'strides', 'padding', 'rate', 'targetShape', 'activation', 'returnSequences',
  // TrainingSpec
  'optimizer', 'learningRate', 'momentum', 'schedule', 'loss', 'epochs', 'batchSize', 'l1', 'l2', 'validationFraction', 'earlyStopping', 'maxTrainSamples', 'clipNorm',
  // ScheduleSpec
  'kind', 'warmupEpochs', 'stepEpochs', 'factor', 'minLearningRate',
  // EarlyStoppingSpec
  'enabled', 'monitor', 'patience', 'restoreBest',
] as const;
const KEY_RANK: ReadonlyMap<string, number> = new Map(KEY_ORDER.map((k, i) => [k, i]));

function rankedKeys(o: object): string[] {
  const rank = (k: string) => KEY_RANK.get(k) ?? KEY_ORDER.length;
  // Known keys in KEY_ORDER; anything else (not in a valid spec) after them, alphabetically.
  return Object.keys(o).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function ordered(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(ordered);
  if (x === null || typeof x !== 'object') return x;
  // Null prototype: a "__proto__" key would otherwise set the prototype instead of being written out.
  const out: PlainObject = Object.create(null) as PlainObject;
  for (const key of rankedKeys(x)) out[key] = ordered((x as PlainObject)[key]);
  return out;
}

/**
 * Canonical JSON: keys in a fixed order, two-space indent, no trailing newline, absent optional fields left out.
 * Equal specs give identical text, so it is safe to compare, hash and diff.
 */
export function specToJson(spec: ExperimentSpec): string {
  return JSON.stringify(ordered(spec), null, 2);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON syntax errors with a position that is the same in every browser (engines word and place them differently,
// and Safari gives none), found by re-scanning the text only after JSON.parse has failed.

interface JsonSyntaxError {
  at: number;
  expected: string;
}

const MAX_SCAN_DEPTH = 1000;

function scanJson(s: string): JsonSyntaxError | null {
  let i = 0;
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const digits = (): boolean => {
    const start = i;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
    return i > start;
  };
  const str = (): JsonSyntaxError | null => {
    i++; // opening quote
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return { at: i, expected: 'a closing " (line breaks and tabs in text must be written \\n, \\t)' };
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return { at: i, expected: 'four hex digits after \\u' };
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return { at: i, expected: 'a valid escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)' };
        }
        continue;
      }
      i++;
    }
    return { at: i, expected: 'a closing "' };
  };
  const num = (): JsonSyntaxError | null => {
    if (s[i] === '-') i++;
    if (s[i] === '0') i++;
    else if (!digits()) return { at: i, expected: 'a digit' };
    if (s[i] === '.') {
      i++;
      if (!digits()) return { at: i, expected: 'a digit after the decimal point' };
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (!digits()) return { at: i, expected: 'a digit in the exponent' };
    }
    return null;
  };
  const value = (depth: number): JsonSyntaxError | null => {
    ws();
    if (depth > MAX_SCAN_DEPTH) return { at: i, expected: `at most ${MAX_SCAN_DEPTH} levels of nesting` };
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return null;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') return { at: i, expected: 'a field name in double quotes' };
        const e = str();
        if (e) return e;
        ws();
        if (s[i] !== ':') return { at: i, expected: "':'" };
        i++;
        const ev = value(depth + 1);
        if (ev) return ev;
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return null;
        }
        return { at: i, expected: "',' or '}'" };
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return null;
      }
      for (;;) {
        const ev = value(depth + 1);
        if (ev) return ev;
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return null;
        }
        return { at: i, expected: "',' or ']'" };
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num();
    for (const word of ['true', 'false', 'null']) {
      if (s.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    return { at: i, expected: 'a value (object, list, text in double quotes, number, true, false or null)' };
  };
  const e = value(0);
  if (e) return e;
  ws();
  return i < s.length ? { at: i, expected: 'the end of the text' } : null;
}

function jsonErrorMessage(s: string, e: unknown): string {
  let found: JsonSyntaxError | null;
  try {
    found = scanJson(s);
  } catch {
    found = null; // e.g. a stack overflow; fall back to the engine's words
  }
  if (!found) return `invalid JSON: ${errorText(e)}`;
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < found.at; k++) {
    if (s.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  const column = found.at - lineStart + 1;
  // A bare word (tru, NaN, undefined, 'single quotes') reads better whole than as its first character.
  const word = /^[\w$.+-]{1,20}/.exec(s.slice(found.at, found.at + 20))?.[0];
  const what = found.at >= s.length ? 'the end of the text' : JSON.stringify(word ?? String.fromCodePoint(s.codePointAt(found.at) ?? 0));
  return `invalid JSON at line ${line}, column ${column} (character ${found.at + 1}): expected ${found.expected}, found ${what}`;
}
