/**
 * The postMessage contract between a page and an embedded Tensorscope model (embed.html).
 * Shared by the embed view (src/embed/) and the typed client (src/client/index.ts); imports nothing of the app's,
 * so the client builds as its own module. Every message carries `source: 'tensorscope'` and `protocol: 1` so a page
 * with other iframes can tell these apart.
 */

export const PROTOCOL_VERSION = 1;
export const MESSAGE_SOURCE = 'tensorscope';

/** The most inputs one `predict` message may carry. */
export const MAX_BATCH = 256;
/** The most bytes of numbers one request may carry (counted as 8 bytes per number, as JSON or a Float64Array would). */
export const MAX_REQUEST_BYTES = 1_000_000;
/** Requests waiting beyond this many are refused with `busy` rather than queued. */
export const MAX_QUEUED = 32;
/** Requests one origin may send per second before `rate-limited` replies start. */
export const MAX_REQUESTS_PER_SECOND = 50;

/** 28×28 pixels as a flat array (784) or rows ([28][28]); numbers 0–1 or 0–255 (see `PredictRequest.scale`). */
export type ImageInput = ArrayLike<number> | ArrayLike<ArrayLike<number>>;
/** A table row as raw values, keyed by column name: numbers, or strings for categories and dates. */
export type TableInput = Record<string, string | number | null>;
export type ModelInput = ImageInput | TableInput;

/** Parent → embed. */
export interface PredictRequest {
  source?: typeof MESSAGE_SOURCE;
  type: 'predict';
  /** Chosen by the caller; echoed in the reply. A string or a finite number, at most 200 characters. */
  id: string | number;
  /** One input … */
  input?: ModelInput;
  /** … or a batch of up to MAX_BATCH (then the reply has `predictions`). */
  inputs?: ModelInput[];
  /** Image models: the pixel range. 'auto' (the default) reads inputs whose largest value is ≤ 1 as 0–1. */
  scale?: 'auto' | '0-1' | '0-255';
  /** Monte-Carlo dropout passes for the error bars (1–100; default 20). Ignored by models without dropout. */
  passes?: number;
}

export interface DescribeRequest {
  source?: typeof MESSAGE_SOURCE;
  type: 'describe';
  id: string | number;
}

export type EmbedRequest = PredictRequest | DescribeRequest;

export interface TableColumnDescription {
  name: string;
  kind: 'number' | 'category' | 'date' | 'boolean';
  /** Categories the model knows (others are read as "unknown"). */
  categories?: string[];
  /** May be left out or null: the model fills it as it was trained to (mean, most frequent …). */
  optional: boolean;
}

export interface ModelDescription {
  name: string;
  /** 'image': 28×28 pixels; 'table': an object of raw column values; 'vector': a flat array of `shape[0]` numbers. */
  input: 'image' | 'table' | 'vector';
  /** Per-example input shape as the model sees it, e.g. [28, 28, 1] or [12]. */
  shape: number[];
  task: 'classification' | 'regression';
  /** Class names (classification), else null. */
  classes: string[] | null;
  /** Table models: the raw columns a request names. */
  columns: TableColumnDescription[] | null;
  /** Regression: the target's name, e.g. "price". */
  target: string | null;
  /** Whether `sigma` and `interval` come from MC dropout (true) or are absent (false: the model has no dropout). */
  uncertainty: boolean;
  /** Test metric when the model was shared (accuracy 0–1 or RMSE), or null. */
  testMetric: number | null;
  limits: { maxBatch: number; maxRequestBytes: number; maxRequestsPerSecond: number };
}

/** One input's answer. */
export type PredictionResult =
  | {
      task: 'classification';
      /** The most probable class. */
      label: string;
      /** Class names in output order, with their mean probabilities. */
      classes: string[];
      probs: number[];
      /** Per class: the standard deviation of the probability over the MC-dropout passes (null: no dropout). */
      sigma: number[] | null;
      /** Per class: [low, high] = mean ± 2σ clipped to 0–1 (null: no dropout). */
      interval: Array<[number, number]> | null;
    }
  | {
      task: 'regression';
      value: number;
      sigma: number | null;
      /** value ± 2σ, or null without dropout. */
      interval: [number, number] | null;
    };

/** Embed → parent. */
export type EmbedReply =
  | { source: typeof MESSAGE_SOURCE; protocol: number; type: 'ready'; model: ModelDescription }
  | { source: typeof MESSAGE_SOURCE; protocol: number; type: 'description'; id: string | number; model: ModelDescription }
  | ({ source: typeof MESSAGE_SOURCE; protocol: number; type: 'prediction'; id: string | number; passes: number; ms: number } & PredictionResult)
  | { source: typeof MESSAGE_SOURCE; protocol: number; type: 'predictions'; id: string | number; passes: number; ms: number; predictions: PredictionResult[] }
  | { source: typeof MESSAGE_SOURCE; protocol: number; type: 'error'; id: string | number | null; code: EmbedErrorCode; message: string };

export type EmbedErrorCode =
  /** Not an object, an unknown `type`, or a missing/invalid `id`. */
  | 'bad-request'
  /** The input is not what the model takes: wrong shape, unknown column, a category it cannot read. */
  | 'bad-input'
  /** NaN, Infinity or a non-number where a number belongs. */
  | 'not-finite'
  /** Over MAX_REQUEST_BYTES or MAX_BATCH. */
  | 'too-large'
  /** The sending page's origin is not in the embed's `allow` list. */
  | 'origin-refused'
  | 'rate-limited'
  | 'busy'
  /** The model is still loading, or failed to load (the message says why). */
  | 'not-ready'
  | 'predict-failed';

/** The iframe address for a model: `embedPath` is the app's embed.html; `fragment` is a demo link's part after '#'. */
export function embedUrl(embedPath: string, fragment: string, allow: readonly string[] = []): string {
  const query = allow.length > 0 ? `?allow=${allow.map(encodeURIComponent).join(',')}` : '';
  return `${embedPath}${query}#${fragment.replace(/^#/, '')}`;
}

export function isEmbedReply(data: unknown): data is EmbedReply {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === MESSAGE_SOURCE && typeof (data as { type?: unknown }).type === 'string';
}
