import { concatBytes, isGzip } from './bytes';
import { TensorscopeError, type ErrorCode } from './errors';

/**
 * The one deadline for a download a person starts (a dataset URL, a model URL): it covers the connection AND the
 * whole body, so a server that sends its headers and then stalls is given up on, never waited on forever.
 */
export const FETCH_DEADLINE_MS = 60_000;

let configuredDeadline: number | null = null;

/**
 * The deadline in force: FETCH_DEADLINE_MS, unless the page was opened with `?fetchDeadline=<ms>` (used by the e2e
 * tests to see a deadline pass quickly). Read once, on the page (a worker gets the value in its messages).
 */
export function fetchDeadlineMs(): number {
  if (configuredDeadline == null) {
    let raw: string | null = null;
    try {
      raw = new URLSearchParams(globalThis.location?.search ?? '').get('fetchDeadline');
    } catch {
      /* no page address (Node, a worker): the default */
    }
    configuredDeadline = parseFetchDeadline(raw);
  }
  return configuredDeadline;
}

/** A `?fetchDeadline` value as the deadline it sets: whole milliseconds from 100 ms to an hour, else the default. */
export function parseFetchDeadline(raw: string | null | undefined): number {
  const v = Number(raw ?? NaN);
  return Number.isFinite(v) && v >= 100 && v <= 3_600_000 ? Math.round(v) : FETCH_DEADLINE_MS;
}

export type ProgressFn = (loaded: number, total: number | null) => void;

export interface FetchBytesOptions {
  /** Error code of every failure (the caller's domain: a dataset or a model). */
  code: ErrorCode;
  onProgress?: ProgressFn;
  /** The caller's Cancel: aborts the request and the body. */
  signal?: AbortSignal;
  /** Connection + whole body; default FETCH_DEADLINE_MS. */
  deadlineMs?: number;
  /** When the deadline started counting (several files under one deadline); default now. */
  startedAt?: number;
  /** Refused from Content-Length before anything is read, and enforced on the bytes as they arrive. */
  maxBytes?: number;
  /** What the limit is about, for the messages ("model.json", "train.csv"). Default: the URL's file name. */
  label?: string;
  fetchImpl?: typeof fetch;
  /**
   * A body that is gzip data (not already decoded by the browser under Content-Encoding) is inflated while it
   * downloads, and the inflated bytes are returned; progress and `maxBytes` count the bytes downloaded.
   */
  gunzip?: boolean;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** 629145600 → "600 MB"; 1073741824 → "1 GB"; 1536 → "1.5 KB". */
export function formatSize(n: number): string {
  const f = (v: number) => (Number.isInteger(v) || v >= 10 ? String(Math.round(v)) : v.toFixed(1));
  if (n >= GB) return `${f(n / GB)} GB`;
  if (n >= MB) return `${f(n / MB)} MB`;
  if (n >= KB) return `${f(n / KB)} KB`;
  return `${n} bytes`;
}

/** 60000 → "60 s", 300 → "0.3 s". */
export const formatSeconds = (ms: number) => `${ms >= 10_000 ? Math.round(ms / 1000) : +(ms / 1000).toFixed(1)} s`;

function statusHint(status: number): string {
  if (status === 404 || status === 410) return 'not found: check the address';
  if (status === 401 || status === 403) return 'access denied: the file is private or needs a login';
  if (status === 429) return 'too many requests: wait a minute and try again';
  if (status >= 500) return 'a server error: try again later';
  return 'the request was refused';
}

const describe = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err));

/** Where a body's chunks go as they arrive. */
interface BodySink {
  push(chunk: Uint8Array): Promise<void>;
  finish(): Promise<Uint8Array>;
}

/** Keeps the chunks and joins them at the end. */
function keepingSink(): BodySink {
  const chunks: Uint8Array[] = [];
  return { push: async (c) => void chunks.push(c), finish: async () => concatBytes(chunks) };
}

/**
 * Inflates gzip as it arrives (the browser's DecompressionStream): decompression overlaps the download instead of
 * following it (~60 ms sooner for the bundled MNIST on localhost, all of it on a slow network).
 */
function inflatingSink(corrupt: () => TensorscopeError): BodySink {
  const inflate = new DecompressionStream('gzip');
  const writer = inflate.writable.getWriter();
  const result = new Response(inflate.readable).arrayBuffer();
  result.catch(() => {}); // read in finish(), or given up with the download
  // Once the data is found corrupt the writer stays errored: every later ready, close or read rejects again.
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch {
      throw corrupt();
    }
  };
  return {
    push: async (c) => {
      await guard(writer.ready);
      // Not awaited: its promise settles only once the chunk is inflated; `ready` is the backpressure.
      writer.write(c as Uint8Array<ArrayBuffer>).catch(() => {}); // fetch bodies are ArrayBuffer-backed
    },
    finish: async () => {
      await guard(writer.close());
      return new Uint8Array(await guard(result));
    },
  };
}

/** The file name of a URL, for messages. */
export function urlFileName(url: string): string {
  try {
    const u = new URL(url);
    return decodeURIComponent(u.pathname.split('/').pop() || u.hostname);
  } catch {
    return url;
  }
}

/**
 * Downloads a URL as bytes, streaming, under one deadline for connect and body, with Cancel (`signal`), progress,
 * and a size limit checked from Content-Length before reading and on the bytes as they arrive (a server that lies
 * or declares nothing is cut off as soon as it passes the limit; the body is never buffered past it).
 * Every failure is a TensorscopeError in plain words; a cancel says "Cancelled: …".
 */
export async function fetchBytes(url: string, opts: FetchBytesOptions): Promise<Uint8Array> {
  const { code, onProgress, signal } = opts;
  const deadlineMs = opts.deadlineMs ?? fetchDeadlineMs();
  const maxBytes = opts.maxBytes ?? Infinity;
  const label = opts.label ?? urlFileName(url);
  const fail = (message: string) => new TensorscopeError(code, message);

  const ctl = new AbortController();
  let timedOut = false;
  const remaining = deadlineMs - (opts.startedAt != null ? Date.now() - opts.startedAt : 0);
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, Math.max(0, remaining));
  const onCancel = () => ctl.abort();
  if (signal?.aborted) ctl.abort();
  else signal?.addEventListener('abort', onCancel, { once: true });
  // Why the request ended early, if it did (checked after every await).
  const stopped = (): TensorscopeError | null => {
    if (timedOut) return fail(`Could not download ${url}: no complete answer within ${formatSeconds(deadlineMs)} (the server stalled or is too slow); gave up.`);
    if (ctl.signal.aborted) return fail(`Cancelled: the download of ${label} was stopped.`);
    return null;
  };
  // Rejects as soon as the request is aborted, even when an implementation of fetch or a stream ignores the signal.
  const aborted = new Promise<never>((_, reject) => {
    if (ctl.signal.aborted) reject(stopped());
    else ctl.signal.addEventListener('abort', () => reject(stopped()), { once: true });
  });
  aborted.catch(() => {});
  const race = <T>(p: Promise<T>) => Promise.race([p, aborted]);

  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  try {
    let res: Response;
    try {
      res = await race((opts.fetchImpl ?? fetch)(url, { signal: ctl.signal }));
    } catch (err) {
      throw stopped() ?? (err instanceof TensorscopeError ? err : fail(`Could not download ${url}: the network request failed (offline, blocked by CORS, or the server is unreachable).`));
    }
    if (!res.ok) {
      ctl.abort();
      // statusText is empty over HTTP/2, so the status gets its own plain-words hint.
      const text = res.statusText.trim();
      throw fail(`Could not download ${url}: the server answered HTTP ${res.status}${text ? ` ${text}` : ''} (${statusHint(res.status)}).`);
    }
    const header = res.headers.get('content-length');
    // With Content-Encoding the header counts compressed bytes, not what the reader yields; don't trust it then.
    const declared = header != null && header.trim() !== '' && !res.headers.get('content-encoding') ? Number(header) : NaN;
    const total = Number.isFinite(declared) && declared >= 0 ? declared : null;
    if (total != null && total > maxBytes) {
      ctl.abort();
      throw fail(`${label}: the server declares ${formatSize(total)} (Content-Length), over the ${formatSize(maxBytes)} limit; refused before downloading.`);
    }
    const tooBig = (loaded: number) =>
      fail(`${label}: the download passed the ${formatSize(maxBytes)} limit (${total != null ? `the server declared ${formatSize(total)}` : header ? 'the declared size counts compressed bytes' : 'the server declared no size'}); stopped after ${formatSize(loaded)}.`);
    onProgress?.(0, total);
    if (!res.body) {
      const buf = new Uint8Array(await race(res.arrayBuffer()));
      if (buf.length > maxBytes) throw tooBig(buf.length);
      onProgress?.(buf.length, buf.length);
      return buf;
    }
    reader = res.body.getReader();
    let body: BodySink | null = null;
    let loaded = 0;
    for (;;) {
      const { done, value } = await race(reader.read());
      if (done) break;
      loaded += value.length;
      if (loaded > maxBytes) throw tooBig(loaded);
      // The first chunk holds gzip's magic number: no transport splits a body before its third byte.
      body ??= opts.gunzip && isGzip(value) ? inflatingSink(() => fail(`${label}: the gzip data is corrupt or truncated.`)) : keepingSink();
      await race(body.push(value));
      onProgress?.(loaded, total);
    }
    const out = await race((body ?? keepingSink()).finish());
    onProgress?.(loaded, loaded);
    return out;
  } catch (err) {
    // Whatever went wrong, the connection is closed: a stalled or oversized body is never read on.
    ctl.abort();
    reader?.cancel().catch(() => {});
    if (err instanceof TensorscopeError) throw err;
    throw stopped() ?? fail(`Could not download ${url}: the connection broke during the download (${describe(err)}).`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}
