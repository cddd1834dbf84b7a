import { Inflate, deflateSync } from 'fflate';
import { nonFiniteWeightsMessage } from './finiteWeights';
import { concatBytes } from '../core/bytes';
import { TensorscopeError } from '../core/errors';
import { BACKEND_ORDER, type BackendName, type Normalization } from '../core/types';
import { NORMALIZATIONS, parseSpec, specToJson, type SpecIssue } from '../models/schema';
import type { ExperimentSpec } from '../models/spec';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import type { FittedTable } from '../core/tableTypes';
import { readFittedTable } from './fittedTableSchema';
import { quantizeUint8 } from '../core/quantize';
import { DEFAULT_VIEW, STUDIO_VIEWS, type StudioView } from './views';

/**
 * Share links: everything after the '#' of a Tensorscope URL. The fragment never reaches a server, so a link
 * carries the experiment itself, not a reference to it.
 *
 *   s1.<body>   a spec and the studio view to open (JSON `{"spec":…,"view":…}`, spec in canonical key order)
 *   d1.<body>   a demo: spec + trained weights (uint8-quantised) + what preprocessing needs (binary, below)
 *   m1.<b64>    a remote model: base64url(utf8(url)), http(s) only
 *
 * <body> = base64url( crc32(payload) as 4 bytes little-endian ‖ deflateRaw(payload) ). The CRC is over the inflated
 * payload: raw deflate has no checksum of its own, and without one a single changed character could turn a
 * learning rate of 0.001 into 0.009 and still decode as a valid spec. With it, a damaged link is refused.
 *
 * The letter says what a link holds, the number its format version: a reader refuses versions it does not know,
 * with a message that says so. Decoding treats the fragment as hostile: its length is capped before any work,
 * inflation stops at a fixed size (decompression bombs), every field is checked, and nothing throws.
 */

// ---------------------------------------------------------------------------------------------------------------
// Limits and views.

/** Fragments longer than this are refused before decoding (browsers and chat apps cope with this much). */
export const MAX_LINK_CHARS = 200_000;
/** A spec link never inflates past this (a real one is a few KB; the spec schema allows 1,000,000 chars). */
export const MAX_SPEC_LINK_BYTES = 1_048_576;
/** A demo link never inflates past this. */
export const MAX_DEMO_LINK_BYTES = 8 * 1_048_576;
/** A demo's JSON header is at most this long. */
export const MAX_DEMO_HEADER_BYTES = 2 * 1_048_576;
/** A demo carries at most this many weight values in all. */
export const MAX_DEMO_PARAMS = 5_000_000;
/** …in at most this many tensors. */
export const MAX_DEMO_TENSORS = 2048;
/** Remote model addresses are at most this long. */
export const MAX_MODEL_URL_CHARS = 2000;

// The views live in views.ts (so the first page can name them without loading this codec); re-exported here.
export { DEFAULT_VIEW, STUDIO_VIEWS, type StudioView } from './views';

/** The link formats this version writes and reads. */
export const LINK_FORMATS = { spec: 's1', demo: 'd1', model: 'm1' } as const;

const DEMO_MAGIC = 'TSD1';
const MAX_NAME_CHARS = 200;
const MAX_CLASS_NAMES = 4096;
const MAX_STATS = 65_536;
const MAX_RANK = 6;

// ---------------------------------------------------------------------------------------------------------------
// Types.

/** What preprocessing needs to turn raw input into what the model saw in training. */
export interface DemoNormalization {
  kind: Normalization;
  mean?: number[];
  std?: number[];
  min?: number[];
  max?: number[];
}

export interface DemoWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** A trained model as a demo link carries it. */
export interface DemoPayload {
  spec: ExperimentSpec;
  /** Per-example input shape, e.g. [28, 28, 1] or [features]. */
  inputShape: number[];
  classNames: string[] | null;
  normalization: DemoNormalization;
  /** The test metric when the link was made, if any. */
  accuracy: number | null;
  /** In the model's own order; checked against the built model by the app, not here. */
  weights: DemoWeight[];
  /** A table model: how raw values become its inputs, so the demo shows a form of raw values. */
  table?: FittedTable;
}

export type LinkErrorReason =
  | 'too-long'
  | 'not-a-link'
  | 'newer-version'
  | 'damaged'
  | 'too-big'
  | 'invalid-spec'
  | 'invalid-demo'
  | 'unsafe-url';

export type LinkDecodeResult =
  | { kind: 'none' }
  /** backend: the one the link's author trained on, when they picked one (so Train reproduces the same curve). */
  | { kind: 'spec'; spec: ExperimentSpec; view: StudioView; backend: BackendName | null }
  | { kind: 'demo'; payload: DemoPayload }
  | { kind: 'model'; url: string; origin: string }
  /** `message` is plain text for a person (render it as text, never as HTML). */
  | { kind: 'error'; message: string; reason: LinkErrorReason };

// ---------------------------------------------------------------------------------------------------------------
// Small helpers.

/** 200000 → "200,000". */
function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
}

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as in zip and gzip) of the bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const utf8Encoder = new TextEncoder();

function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// ---------------------------------------------------------------------------------------------------------------
// The body: checksum, deflate, base64url.

/** payload → base64url(crc32 ‖ deflateRaw(payload)). */
export function packLinkBody(payload: Uint8Array): string {
  const compressed = deflateSync(payload, { level: 9 });
  const out = new Uint8Array(4 + compressed.length);
  new DataView(out.buffer).setUint32(0, crc32(payload), true);
  out.set(compressed, 4);
  return encodeBase64Url(out);
}

export type UnpackResult = { ok: true; payload: Uint8Array } | { ok: false; reason: 'damaged' | 'too-big' };

/** Compressed input is fed to the inflater this much at a time, so a bomb overshoots the cap by ≤ ~1 MB (deflate's ratio is at most ~1032:1). */
const INFLATE_STEP = 1024;

/** Raw inflate that stops as soon as the output passes `cap` bytes. */
function inflateCapped(data: Uint8Array, cap: number): UnpackResult {
  if (data.length === 0) return { ok: false, reason: 'damaged' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (over) return;
    total += chunk.length;
    if (total > cap) {
      over = true;
      chunks.length = 0;
      return;
    }
    if (chunk.length > 0) chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !over; i += INFLATE_STEP) {
      const end = Math.min(data.length, i + INFLATE_STEP);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return { ok: false, reason: over ? 'too-big' : 'damaged' };
  }
  if (over) return { ok: false, reason: 'too-big' };
  if (!ended) return { ok: false, reason: 'damaged' };
  return { ok: true, payload: concatBytes(chunks) };
}

/**
 * The inverse of packLinkBody, refusing bad characters, bad data, a wrong checksum, output over `cap` bytes and
 * bytes after the end of the compressed data.
 */
export function unpackLinkBody(body: string, cap: number): UnpackResult {
  const bytes = decodeBase64Url(body);
  if (bytes === null || bytes.length < 5) return { ok: false, reason: 'damaged' };
  const expected = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const stream = bytes.subarray(4);
  const inflated = inflateCapped(stream, cap);
  if (!inflated.ok) return inflated;
  if (crc32(inflated.payload) !== expected) return { ok: false, reason: 'damaged' };
  // Raw inflate stops at the final block and ignores whatever follows, so characters appended to a link (pasted
  // twice, a chat app's suffix, a tampered tail) would otherwise open as if nothing were wrong. A body must end
  // where its data ends: deflateSync never writes a spare byte, so the stream without its last byte must not decode.
  if (inflateCapped(stream.subarray(0, stream.length - 1), cap).ok) return { ok: false, reason: 'damaged' };
  return inflated;
}

// ---------------------------------------------------------------------------------------------------------------
// Spec links.

/** Canonical key order, without the indentation (a link is no place for whitespace). */
function compactSpecJson(spec: ExperimentSpec): string {
  return JSON.stringify(JSON.parse(specToJson(spec)));
}

function validSpecOrThrow(spec: ExperimentSpec): ExperimentSpec {
  const parsed = parseSpec(spec);
  if (!parsed.ok) throw new TensorscopeError('invalid-spec', `Cannot make a link from an invalid spec: ${issuesText(parsed.issues)}`);
  return parsed.spec;
}

function isStudioView(x: unknown): x is StudioView {
  return typeof x === 'string' && (STUDIO_VIEWS as readonly string[]).includes(x);
}

/** The fragment text (no '#') for a spec and the view to open. Throws TensorscopeError('invalid-spec') for an invalid spec. */
export function encodeSpecLink(spec: ExperimentSpec, view: StudioView, backend: BackendName | null = null): string {
  if (!isStudioView(view)) throw new TensorscopeError('invalid-link', `Unknown studio view "${String(view)}"; expected one of: ${STUDIO_VIEWS.join(', ')}`);
  const json = `{"spec":${compactSpecJson(validSpecOrThrow(spec))},"view":${JSON.stringify(view)}${backend && BACKEND_ORDER.includes(backend) ? `,"backend":${JSON.stringify(backend)}` : ''}}`;
  return `${LINK_FORMATS.spec}.${packLinkBody(utf8Encoder.encode(json))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Demo links. Binary payload (before deflate):
//   'TSD1' (4 ASCII bytes) ‖ header length n (u32, little-endian) ‖ header (n bytes of UTF-8 JSON) ‖ codes
// header = { spec, inputShape, classNames, normalization, accuracy, weights: [{ name, shape, min, scale }] }
// codes = for each weight in order, product(shape) uint8 affine codes: value = code × scale + min.

interface DemoHeaderWeight {
  name: string;
  shape: number[];
  min: number;
  scale: number;
}

interface DemoHeader {
  spec: ExperimentSpec;
  inputShape: number[];
  classNames: string[] | null;
  normalization: DemoNormalization;
  accuracy: number | null;
  weights: DemoHeaderWeight[];
  table?: FittedTable;
}

/** A problem found in a demo header (thrown inside this module only, and always caught). */
class DemoIssue extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly specIssues: SpecIssue[] | null = null,
  ) {
    super(path ? `${path} ${problem}` : problem);
  }
}

function exactKeys(o: Record<string, unknown>, path: string, required: readonly string[], optional: readonly string[] = []): void {
  for (const key of required) if (!hasOwn(o, key)) throw new DemoIssue(path ? `${path}.${key}` : key, 'is missing');
  for (const key of Object.keys(o)) {
    if (!required.includes(key) && !optional.includes(key)) {
      // Echo the key only when it is a plain identifier: a message never repeats arbitrary text from a link.
      throw new DemoIssue(path || 'the header', /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(key) ? `has an unknown field "${key}"` : 'has an unknown field');
    }
  }
}

function objectAt(x: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(x)) throw new DemoIssue(path, 'must be an object');
  return x;
}

function finiteAt(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new DemoIssue(path, 'must be a finite number');
  return x;
}

/** A shape: rank in [minRank, maxRank], each dimension a positive whole number, product ≤ maxSize. Returns the product. */
function shapeAt(x: unknown, path: string, minRank: number, maxRank: number, maxSize: number): { shape: number[]; size: number } {
  if (!Array.isArray(x) || x.length < minRank || x.length > maxRank) {
    throw new DemoIssue(path, `must be a list of ${minRank === maxRank ? minRank : `${minRank} to ${maxRank}`} positive whole numbers`);
  }
  let size = 1;
  const shape: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const d: unknown = x[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) throw new DemoIssue(`${path}[${i}]`, 'must be a positive whole number');
    size *= d;
    if (size > maxSize) throw new DemoIssue(path, `describes more than ${fmt(maxSize)} values`);
    shape.push(d);
  }
  return { shape, size };
}

function textAt(x: unknown, path: string, minChars: number, maxChars: number): string {
  if (typeof x !== 'string') throw new DemoIssue(path, 'must be text');
  if (x.length < minChars) throw new DemoIssue(path, 'must not be empty');
  if (x.length > maxChars) throw new DemoIssue(path, `must be at most ${maxChars} characters`);
  return x;
}

function statsAt(x: unknown, path: string): number[] {
  if (!Array.isArray(x) || x.length < 1 || x.length > MAX_STATS) throw new DemoIssue(path, `must be a list of 1 to ${fmt(MAX_STATS)} numbers`);
  return x.map((v, i) => finiteAt(v, `${path}[${i}]`));
}

const STAT_KEYS = ['mean', 'std', 'min', 'max'] as const;

/** Checks a header (parsed JSON, or the one encodeDemoLink is about to write) field by field; returns a fresh copy. */
function readDemoHeader(x: unknown): { header: DemoHeader; totalParams: number } {
  const o = objectAt(x, 'header');
  exactKeys(o, '', ['spec', 'inputShape', 'classNames', 'normalization', 'accuracy', 'weights'], ['table']);

  const parsed = parseSpec(o.spec);
  if (!parsed.ok) throw new DemoIssue('spec', 'is invalid', parsed.issues);

  const inputShape = shapeAt(o.inputShape, 'inputShape', 1, 4, 1 << 24).shape;

  let classNames: string[] | null = null;
  if (o.classNames !== null) {
    if (!Array.isArray(o.classNames) || o.classNames.length > MAX_CLASS_NAMES) {
      throw new DemoIssue('classNames', `must be null or a list of at most ${fmt(MAX_CLASS_NAMES)} names`);
    }
    classNames = o.classNames.map((c, i) => textAt(c, `classNames[${i}]`, 0, MAX_NAME_CHARS));
  }

  const n = objectAt(o.normalization, 'normalization');
  exactKeys(n, 'normalization', ['kind'], STAT_KEYS);
  if (!(NORMALIZATIONS as readonly unknown[]).includes(n.kind)) throw new DemoIssue('normalization.kind', `must be one of: ${NORMALIZATIONS.join(', ')}`);
  const normalization: DemoNormalization = { kind: n.kind as Normalization };
  for (const key of STAT_KEYS) if (n[key] !== undefined) normalization[key] = statsAt(n[key], `normalization.${key}`);
  for (const [a, b] of [['mean', 'std'], ['min', 'max']] as const) {
    const la = normalization[a]?.length;
    const lb = normalization[b]?.length;
    if (la !== undefined && lb !== undefined && la !== lb) throw new DemoIssue('normalization', `has ${la} ${a} values but ${lb} ${b} values`);
  }

  const accuracy = o.accuracy === null ? null : finiteAt(o.accuracy, 'accuracy');

  if (!Array.isArray(o.weights) || o.weights.length > MAX_DEMO_TENSORS) throw new DemoIssue('weights', `must be a list of at most ${fmt(MAX_DEMO_TENSORS)} tensors`);
  const names = new Set<string>();
  let totalParams = 0;
  const weights = o.weights.map((w, i): DemoHeaderWeight => {
    const path = `weights[${i}]`;
    const e = objectAt(w, path);
    exactKeys(e, path, ['name', 'shape', 'min', 'scale']);
    const name = textAt(e.name, `${path}.name`, 1, MAX_NAME_CHARS);
    if (names.has(name)) throw new DemoIssue(`${path}.name`, 'repeats the name of an earlier weight');
    names.add(name);
    const { shape, size } = shapeAt(e.shape, `${path}.shape`, 0, MAX_RANK, MAX_DEMO_PARAMS);
    totalParams += size;
    if (totalParams > MAX_DEMO_PARAMS) throw new DemoIssue('weights', `hold more than ${fmt(MAX_DEMO_PARAMS)} values in all`);
    const min = finiteAt(e.min, `${path}.min`);
    const scale = finiteAt(e.scale, `${path}.scale`);
    if (scale < 0) throw new DemoIssue(`${path}.scale`, 'must not be negative');
    return { name, shape, min, scale };
  });

  let table: FittedTable | undefined;
  if (o.table !== undefined) {
    const t = readFittedTable(o.table);
    if (!t) throw new DemoIssue('table', 'is not a valid table preprocessing');
    if (t.featureNames.length !== sizeOf(inputShape)) throw new DemoIssue('table', `makes ${fmt(t.featureNames.length)} features but the model takes ${fmt(sizeOf(inputShape))}`);
    table = t;
  }
  return { header: { spec: parsed.spec, inputShape, classNames, normalization, accuracy, weights, ...(table ? { table } : {}) }, totalParams };
}

function issuesText(issues: SpecIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path} ${i.message}` : i.message));
  const more = issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fail(message: string): never {
  throw new TensorscopeError('invalid-link', `Cannot make a demo link: ${message}`);
}

/** Builds the d1 fragment with no length limit (linkSizeReport wants the size even when it is too long). */
function buildDemoLink(payload: DemoPayload): string {
  if (!Array.isArray(payload.weights)) fail('weights must be a list');
  // A diverged model (NaN/Infinity weights) is refused as every export refuses it, before anything is quantised.
  if (payload.weights.every((w) => w && w.values instanceof Float32Array)) {
    const nonFinite = nonFiniteWeightsMessage(payload.weights);
    if (nonFinite) fail(nonFinite);
  }
  const quantised = payload.weights.map((w, i) => {
    if (!(w.values instanceof Float32Array)) fail(`weights[${i}] (${w.name}) must hold a Float32Array`);
    if (Array.isArray(w.shape) && w.values.length !== sizeOf(w.shape)) {
      fail(`weights[${i}] (${w.name}) has ${fmt(w.values.length)} values but its shape [${w.shape.join(', ')}] needs ${fmt(sizeOf(w.shape))}`);
    }
    try {
      return quantizeUint8(w.values);
    } catch (e) {
      return fail(`weights[${i}] (${w.name}): ${e instanceof Error ? e.message : 'cannot be quantised'} — has training diverged?`);
    }
  });
  const spec = validSpecOrThrow(payload.spec);
  const header = {
    spec: JSON.parse(compactSpecJson(spec)) as unknown,
    inputShape: payload.inputShape,
    classNames: payload.classNames,
    normalization: payload.normalization,
    accuracy: payload.accuracy,
    weights: payload.weights.map((w, i) => ({ name: w.name, shape: w.shape, min: quantised[i].min, scale: quantised[i].scale })),
    ...(payload.table ? { table: payload.table } : {}),
  };
  // Held to the reader's rules before it is written. They admit only finite numbers, text, lists and plain
  // objects, so what passes comes back from JSON the same (NaN, which JSON would quietly turn into null, does not).
  try {
    readDemoHeader(header);
  } catch (e) {
    if (e instanceof DemoIssue) fail(e.specIssues ? `the spec is invalid: ${issuesText(e.specIssues)}` : e.message);
    throw e;
  }
  const headerJson = JSON.stringify(header);
  const headerBytes = utf8Encoder.encode(headerJson);
  if (headerBytes.length > MAX_DEMO_HEADER_BYTES) fail(`its header is ${megabytes(headerBytes.length)}; at most ${megabytes(MAX_DEMO_HEADER_BYTES)}`);
  const codes = quantised.reduce((s, q) => s + q.data.length, 0);
  const bin = new Uint8Array(8 + headerBytes.length + codes);
  for (let i = 0; i < 4; i++) bin[i] = DEMO_MAGIC.charCodeAt(i);
  new DataView(bin.buffer).setUint32(4, headerBytes.length, true);
  bin.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const q of quantised) {
    bin.set(q.data, at);
    at += q.data.length;
  }
  if (bin.length > MAX_DEMO_LINK_BYTES) fail(`it would unpack to ${megabytes(bin.length)}; at most ${megabytes(MAX_DEMO_LINK_BYTES)}`);
  return `${LINK_FORMATS.demo}.${packLinkBody(bin)}`;
}

/**
 * The fragment text (no '#') for a trained model: weights as 8-bit affine codes, everything else exact.
 * Throws TensorscopeError — 'invalid-spec' for an invalid spec, 'invalid-link' for anything the reader would refuse
 * (sizes that do not match shapes, non-finite weights, too many values) or a link over MAX_LINK_CHARS.
 */
export function encodeDemoLink(payload: DemoPayload): string {
  const link = buildDemoLink(payload);
  if (link.length > MAX_LINK_CHARS) {
    throw new TensorscopeError(
      'invalid-link',
      `This model is too large for a link: ${fmt(link.length)} characters, and a link holds at most ${fmt(MAX_LINK_CHARS)}. Export the model instead, or share the spec alone.`,
    );
  }
  return link;
}

function decodeDemoPayload(bin: Uint8Array): DemoPayload {
  if (bin.length < 8) throw new DemoIssue('the data', 'is too short to be a demo');
  for (let i = 0; i < 4; i++) if (bin[i] !== DEMO_MAGIC.charCodeAt(i)) throw new DemoIssue('the data', 'does not start with the demo marker');
  const headerLength = new DataView(bin.buffer, bin.byteOffset, bin.length).getUint32(4, true);
  if (headerLength > MAX_DEMO_HEADER_BYTES || 8 + headerLength > bin.length) throw new DemoIssue('header', 'has an impossible length');
  const text = utf8Decode(bin.subarray(8, 8 + headerLength));
  if (text === null) throw new DemoIssue('header', 'is not UTF-8 text');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DemoIssue('header', 'is not valid JSON');
  }
  const { header, totalParams } = readDemoHeader(json);
  const codesAt = 8 + headerLength;
  if (bin.length - codesAt !== totalParams) {
    throw new DemoIssue('weights', `describe ${fmt(totalParams)} values but the link holds ${fmt(bin.length - codesAt)}`);
  }
  let at = codesAt;
  const weights = header.weights.map((w): DemoWeight => {
    const size = sizeOf(w.shape);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = bin[at + i] * w.scale + w.min;
    at += size;
    return { name: w.name, shape: w.shape, values };
  });
  return { spec: header.spec, inputShape: header.inputShape, classNames: header.classNames, normalization: header.normalization, accuracy: header.accuracy, weights, ...(header.table ? { table: header.table } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Remote model links.

type UrlCheck = { ok: true; url: string; origin: string } | { ok: false; message: string };

function checkModelUrl(raw: string): UrlCheck {
  if (raw.length === 0) return { ok: false, message: 'This model link holds no address.' };
  if (raw.length > MAX_MODEL_URL_CHARS) return { ok: false, message: `This model link's address is too long: ${fmt(raw.length)} characters; at most ${fmt(MAX_MODEL_URL_CHARS)}.` };
  // Spaces and control characters are silently dropped or encoded by URL parsers; a link that needs them is suspect.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return { ok: false, message: 'This model link is refused: its address contains spaces or control characters.' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, message: 'This model link is refused: its address is not a valid absolute URL.' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    const scheme = /^[a-z][a-z0-9+.-]{0,20}:$/i.test(u.protocol) ? ` (this one is ${u.protocol})` : '';
    return { ok: false, message: `This model link is refused: only http: and https: addresses can be loaded${scheme}.` };
  }
  if (u.username !== '' || u.password !== '') return { ok: false, message: 'This model link is refused: addresses with a user name or password are not accepted.' };
  if (u.href.length > MAX_MODEL_URL_CHARS) return { ok: false, message: `This model link's address is too long once normalised; at most ${fmt(MAX_MODEL_URL_CHARS)} characters.` };
  return { ok: true, url: u.href, origin: u.origin };
}

/** The fragment text (no '#') pointing at a remote model.json. Throws TensorscopeError('invalid-link') for an address decodeFragment would refuse. */
export function encodeModelUrlLink(url: string): string {
  const check = checkModelUrl(typeof url === 'string' ? url : '');
  if (!check.ok) throw new TensorscopeError('invalid-link', check.message);
  return `${LINK_FORMATS.model}.${encodeBase64Url(utf8Encoder.encode(check.url))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding.

const DAMAGED =
  'This link is damaged or incomplete: its data does not check out. It may have been cut short or changed when it was copied; ask for the link again.';

/**
 * Messages are plain text, and some quote a spec's issues (field paths can contain a link's own keys): control
 * characters and bidirectional overrides, which could make the text read differently from what it says, go.
 */
function plainText(message: string): string {
  const clean = message.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return clean.length > 500 ? `${clean.slice(0, 499)}…` : clean;
}

function error(reason: LinkErrorReason, message: string): LinkDecodeResult {
  return { kind: 'error', reason, message: plainText(message) };
}

function unpackError(reason: 'damaged' | 'too-big', cap: number, what: string): LinkDecodeResult {
  if (reason === 'too-big') return error('too-big', `This link unpacks to more than ${megabytes(cap)}, more than any ${what}; it was refused.`);
  return error('damaged', DAMAGED);
}

function decodeSpecBody(body: string): LinkDecodeResult {
  const unpacked = unpackLinkBody(body, MAX_SPEC_LINK_BYTES);
  if (!unpacked.ok) return unpackError(unpacked.reason, MAX_SPEC_LINK_BYTES, 'Tensorscope spec');
  const text = utf8Decode(unpacked.payload);
  if (text === null) return error('damaged', DAMAGED);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return error('damaged', DAMAGED);
  }
  if (!isPlainObject(json) || !hasOwn(json, 'spec') || Object.keys(json).some((k) => k !== 'spec' && k !== 'view' && k !== 'backend')) {
    return error('invalid-spec', 'The link does not hold a Tensorscope spec.');
  }
  const parsed = parseSpec(json.spec);
  if (!parsed.ok) return error('invalid-spec', `The link's spec is invalid: ${issuesText(parsed.issues)}`);
  // Lenient on purpose: a view added by a later version opens the default one here rather than refusing the spec.
  const view = isStudioView(json.view) ? json.view : DEFAULT_VIEW;
  const backend = BACKEND_ORDER.find((b) => b === json.backend) ?? null;
  return { kind: 'spec', spec: parsed.spec, view, backend };
}

function decodeDemoBody(body: string): LinkDecodeResult {
  const unpacked = unpackLinkBody(body, MAX_DEMO_LINK_BYTES);
  if (!unpacked.ok) return unpackError(unpacked.reason, MAX_DEMO_LINK_BYTES, 'Tensorscope demo');
  try {
    return { kind: 'demo', payload: decodeDemoPayload(unpacked.payload) };
  } catch (e) {
    if (!(e instanceof DemoIssue)) throw e;
    if (e.specIssues) return error('invalid-spec', `The link's spec is invalid: ${issuesText(e.specIssues)}`);
    return error('invalid-demo', `The link's trained model is invalid: ${e.message}.`);
  }
}

function decodeModelBody(body: string): LinkDecodeResult {
  // base64url of MAX_MODEL_URL_CHARS UTF-8 characters (at most 4 bytes each) is at most this long.
  if (body.length > Math.ceil((MAX_MODEL_URL_CHARS * 4 * 4) / 3)) return error('unsafe-url', `This model link's address is too long; at most ${fmt(MAX_MODEL_URL_CHARS)} characters.`);
  const bytes = decodeBase64Url(body);
  const raw = bytes === null ? null : utf8Decode(bytes);
  if (raw === null) return error('damaged', DAMAGED);
  const check = checkModelUrl(raw);
  if (!check.ok) return error('unsafe-url', check.message);
  return { kind: 'model', url: check.url, origin: check.origin };
}

const KNOWN_FORMATS = `${LINK_FORMATS.spec}, ${LINK_FORMATS.demo} and ${LINK_FORMATS.model}`;

function decodeFragmentUnsafe(hash: string): LinkDecodeResult {
  if (typeof hash !== 'string') return error('not-a-link', 'This is not a Tensorscope link.');
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return { kind: 'none' };
  if (text.length > MAX_LINK_CHARS) {
    return error('too-long', `This link is too long to open: ${fmt(text.length)} characters, and Tensorscope links are at most ${fmt(MAX_LINK_CHARS)}.`);
  }
  const dot = text.indexOf('.');
  const format = dot < 0 ? '' : text.slice(0, dot);
  const m = /^([a-z]{1,8})([0-9]{1,6})$/.exec(format);
  if (!m) return error('not-a-link', 'This is not a Tensorscope link: the part after # should start with s1., d1. or m1.');
  const body = text.slice(dot + 1);
  if (format === LINK_FORMATS.spec) return decodeSpecBody(body);
  if (format === LINK_FORMATS.demo) return decodeDemoBody(body);
  if (format === LINK_FORMATS.model) return decodeModelBody(body);
  const [, letter, digits] = m;
  const known = Object.values(LINK_FORMATS).find((f) => f.startsWith(letter) && f.length === letter.length + 1);
  const reads = known ? `this version reads ${known}` : `this version reads ${KNOWN_FORMATS}`;
  if (Number(digits) > 1 || !known) {
    return error('newer-version', `This link was made by a newer version of Tensorscope (link format ${format}); ${reads}.`);
  }
  return error('not-a-link', `This link has an unknown format (${format}); ${reads}.`);
}

/**
 * A demo link (with or without '#') → its payload, weights dequantised to Float32Arrays; or the plain-text reason it
 * cannot be read (including "this is a spec link, not a demo"). Never throws.
 */
export function decodeDemoLink(fragment: string): { ok: true; payload: DemoPayload } | { ok: false; message: string } {
  const r = decodeFragment(fragment);
  if (r.kind === 'demo') return { ok: true, payload: r.payload };
  if (r.kind === 'error') return { ok: false, message: r.message };
  return { ok: false, message: 'This is not a demo link: it carries no trained model.' };
}

/**
 * Reads a URL fragment (with or without its '#'): none, a spec, a demo, a remote model, or an error with a plain-text
 * message. Never throws, whatever the input.
 */
export function decodeFragment(hash: string): LinkDecodeResult {
  try {
    return decodeFragmentUnsafe(hash);
  } catch {
    // Not expected (every step checks its input); the promise is "never throws".
    return error('damaged', DAMAGED);
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface LinkSizeReport {
  /** Characters of the spec link's fragment. */
  specChars: number;
  /** Characters of the demo link's fragment, or null when one cannot be made (e.g. non-finite weights). */
  demoChars: number | null;
  /** Whether the demo link fits MAX_LINK_CHARS. */
  demoFits: boolean;
}

/**
 * How long the spec link and the demo link for these weights would be (for the share dialog's note). The demo's
 * other fields default to small placeholders unless given; they add a few dozen characters. Throws
 * TensorscopeError('invalid-spec') for an invalid spec; weights no demo link can carry give demoChars null.
 */
export function linkSizeReport(
  spec: ExperimentSpec,
  weights: DemoWeight[],
  rest: Partial<Omit<DemoPayload, 'spec' | 'weights'>> = {},
): LinkSizeReport {
  const specChars = encodeSpecLink(spec, DEFAULT_VIEW).length;
  let demoChars: number | null;
  try {
    demoChars = buildDemoLink({
      spec,
      weights,
      inputShape: rest.inputShape ?? [1],
      classNames: rest.classNames ?? null,
      normalization: rest.normalization ?? { kind: spec.dataset.normalization },
      accuracy: rest.accuracy ?? null,
    }).length;
  } catch (e) {
    if (!(e instanceof TensorscopeError)) throw e;
    demoChars = null;
  }
  return { specChars, demoChars, demoFits: demoChars !== null && demoChars <= MAX_LINK_CHARS };
}
