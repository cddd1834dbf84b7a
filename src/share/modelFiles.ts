import { unzipSync } from 'fflate';
import { TensorscopeError } from '../core/errors';
import { fetchBytes, fetchDeadlineMs, formatSize } from '../core/fetchBytes';
import type { ModelArtifactsLite } from '../training/protocol';

/**
 * Reading a TF.js LayersModel that a person brings (model.json + weight shards, or a zip of them) into the
 * artifacts the engine loads. Everything is checked here, before tfjs sees it, so a broken file gets a
 * message that names the problem instead of a tfjs stack trace (or a hang).
 */

export const MAX_MODEL_JSON_BYTES = 50 * 1024 * 1024;
export const MAX_WEIGHT_BYTES = 512 * 1024 * 1024;

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

export interface ModelJson {
  modelTopology: object;
  groups: { paths: string[]; weights: WeightEntry[] }[];
}

const fail = (message: string): never => {
  throw new TensorscopeError('model-import', message);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks model.json; the message says what is wrong with it. */
export function parseModelJson(text: string, fileName = 'model.json'): ModelJson {
  if (text.length > MAX_MODEL_JSON_BYTES) fail(`${fileName} is larger than ${MAX_MODEL_JSON_BYTES / 1024 / 1024} MB; that is not a model.json.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(`${fileName} is not valid JSON (${err instanceof Error ? err.message : 'parse error'}).`);
  }
  if (!isObject(value)) return fail(`${fileName} is not a TF.js model: expected a JSON object.`);
  if (value.format !== undefined && value.format !== 'layers-model') {
    fail(`${fileName} is a TF.js "${String(value.format)}"; Tensorscope imports Layers models (format "layers-model"), such as those exported from Keras or from Tensorscope.`);
  }
  const topology = value.modelTopology;
  if (!isObject(topology)) return fail(`${fileName} has no modelTopology; is it a TF.js LayersModel?`);
  const root = isObject(topology.model_config) ? topology.model_config : topology;
  if (typeof root.class_name !== 'string' || !isObject(root.config)) fail(`${fileName}'s modelTopology has no class_name/config; is it a TF.js LayersModel?`);
  const manifest = value.weightsManifest;
  if (!Array.isArray(manifest)) return fail(`${fileName} has no weightsManifest.`);
  const groups = manifest.map((g, gi) => {
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) return fail(`${fileName}: weightsManifest[${gi}] needs "paths" and "weights" lists.`);
    const paths = g.paths.map((p) => (typeof p === 'string' && p.length > 0 && p.length < 500 ? p : fail(`${fileName}: weightsManifest[${gi}] has an invalid path.`)));
    const weights = g.weights.map((w, wi): WeightEntry => {
      const where = `${fileName}: weight ${wi} of group ${gi}`;
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string') return fail(`${where} needs a name, a shape and a dtype.`);
      if (!w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) fail(`${where} (${w.name}) has an invalid shape.`);
      const q = isObject(w.quantization) ? w.quantization : undefined;
      const dtype = q && typeof q.dtype === 'string' ? q.dtype : w.dtype;
      if (!(dtype in DTYPE_BYTES)) fail(`${where} (${w.name}) has an unsupported dtype "${dtype}".`);
      return { name: w.name, shape: w.shape as number[], dtype: w.dtype, ...(q ? { quantization: q as { dtype: string } } : {}) };
    });
    return { paths, weights };
  });
  return { modelTopology: topology, groups };
}

/** Bytes the manifest says its weights take. */
export function expectedWeightBytes(model: ModelJson): number {
  let total = 0;
  for (const g of model.groups) {
    for (const w of g.weights) total += w.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[w.quantization?.dtype ?? w.dtype];
  }
  return total;
}

/** The last part of a path or URL ("group1-shard1of1.bin"), used to match shards with picked files. */
export const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** Joins the shards in manifest order into the artifacts the engine loads; `shard` finds each by its path. */
export function assembleArtifacts(model: ModelJson, shard: (path: string) => ArrayBuffer | undefined): ModelArtifactsLite {
  const parts: Uint8Array[] = [];
  for (const g of model.groups) {
    for (const p of g.paths) {
      const buf = shard(p);
      if (!buf) fail(`The weight file "${baseName(p)}" that model.json lists is missing; pick it together with model.json.`);
      parts.push(new Uint8Array(buf as ArrayBuffer));
    }
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  if (total > MAX_WEIGHT_BYTES) fail(`The weights are ${Math.round(total / 1048576)} MB; Tensorscope imports models up to ${MAX_WEIGHT_BYTES / 1048576} MB.`);
  const expected = expectedWeightBytes(model);
  if (total !== expected) fail(`The weight files hold ${total.toLocaleString('en-US')} bytes, but model.json describes ${expected.toLocaleString('en-US')}: a shard is truncated or belongs to another model.`);
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { modelTopology: model.modelTopology, weightSpecs: model.groups.flatMap((g) => g.weights), weightData: data.buffer };
}

/** model.json and its shards from picked files (or a .zip holding them). */
export async function artifactsFromFiles(files: readonly File[]): Promise<{ name: string; artifacts: ModelArtifactsLite }> {
  const entries = new Map<string, ArrayBuffer>();
  let jsonName: string | null = null;
  let jsonText: string | null = null;
  for (const f of files) {
    if (/\.zip$/i.test(f.name)) {
      let unzipped: Record<string, Uint8Array>;
      try {
        unzipped = unzipSync(new Uint8Array(await f.arrayBuffer()));
      } catch {
        return fail(`${f.name} is not a readable zip file.`);
      }
      for (const [path, bytes] of Object.entries(unzipped)) {
        if (/\.json$/i.test(path) && jsonText == null) {
          jsonName = baseName(path);
          jsonText = new TextDecoder().decode(bytes);
        } else entries.set(baseName(path), bytes.slice().buffer);
      }
    } else if (/\.json$/i.test(f.name) && jsonText == null) {
      jsonName = f.name;
      jsonText = await f.text();
    } else {
      entries.set(f.name, await f.arrayBuffer());
    }
  }
  if (jsonText == null || jsonName == null) return fail('Pick model.json together with its weight files (.bin), or a .zip holding them.');
  const model = parseModelJson(jsonText, jsonName);
  return { name: jsonName.replace(/\.json$/i, ''), artifacts: assembleArtifacts(model, (p) => entries.get(baseName(p))) };
}

export interface UrlImportOptions {
  /** The person's Cancel. */
  signal?: AbortSignal;
  /** One deadline for the whole import: connect and body of model.json and every shard (default: the page's). */
  deadlineMs?: number;
  /** Bytes so far and the expected total (the manifest's weight bytes, once model.json is read). */
  onProgress?: (stage: string, loaded: number, total: number | null) => void;
  /** Limits, injectable for tests. */
  maxJsonBytes?: number;
  maxWeightBytes?: number;
}

/**
 * model.json at a URL and its shards next to it (as TF.js hosts them), through the same download code as dataset URLs:
 * one deadline (connect + bodies), Cancel, and the size limits checked from Content-Length before reading and
 * enforced while streaming.
 */
export async function artifactsFromUrl(url: string, fetchImpl: typeof fetch = fetch, opts: UrlImportOptions = {}): Promise<ModelArtifactsLite> {
  const startedAt = Date.now();
  const deadlineMs = opts.deadlineMs ?? fetchDeadlineMs();
  const maxJson = opts.maxJsonBytes ?? MAX_MODEL_JSON_BYTES;
  const maxWeights = opts.maxWeightBytes ?? MAX_WEIGHT_BYTES;
  const get = (u: string, label: string, maxBytes: number, onProgress?: (loaded: number, total: number | null) => void) =>
    fetchBytes(u, { code: 'model-import', fetchImpl, signal: opts.signal, deadlineMs, startedAt, maxBytes, label, onProgress });
  const jsonName = baseName(new URL(url).pathname) || 'model.json';
  const jsonBytes = await get(url, jsonName, maxJson, (loaded, total) => opts.onProgress?.(`Fetching ${jsonName}`, loaded, total));
  const model = parseModelJson(new TextDecoder().decode(jsonBytes), jsonName);
  const expected = expectedWeightBytes(model);
  if (expected > maxWeights) fail(`${jsonName} describes ${formatSize(expected)} of weights; Tensorscope imports models up to ${formatSize(maxWeights)}. Nothing more was downloaded.`);
  const shards = new Map<string, ArrayBuffer>();
  let done = 0;
  for (const g of model.groups) {
    for (const p of g.paths) {
      const u = new URL(p, url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(`model.json points its weights at a ${u.protocol} URL; only http(s) is fetched.`);
      // The weights together may not pass the limit: each shard gets what is left of it.
      const bytes = await get(u.href, baseName(p), maxWeights - done, (loaded) => opts.onProgress?.('Fetching the weights', done + loaded, expected));
      done += bytes.length;
      shards.set(p, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer);
    }
  }
  return assembleArtifacts(model, (p) => shards.get(p));
}
