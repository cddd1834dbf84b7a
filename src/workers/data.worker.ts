/// <reference lib="webworker" />
import { describeError } from '../core/errors';
import { loadSource } from '../data/loader/loadSource';
import { readBundledMnist } from '../data/bundledMnist';
import type { Dataset } from '../core/types';
import { browserDecoder } from '../data/parsers/imageDecode';
import type { FromLoader, ToLoader } from '../data/loader/types';

// Parsing, decoding and summarising datasets happens here, never on the UI thread.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromLoader, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** Loads in progress, by request: a `cancel` aborts its download (and no answer is sent for it). */
const running = new Map<number, AbortController>();

/**
 * The page's prefetched bundled MNIST, read and decoded from the moment it arrives; the first bundled load of its
 * URL takes it. One that arrives after such a load has started (slow headers) is dropped.
 */
let prefetched: { url: string; dataset: Promise<Dataset>; ctl: AbortController } | null = null;
let bundledAsked = false;

function takePrefetched(msg: Extract<ToLoader, { type: 'prefetched' }>): void {
  if (bundledAsked) {
    msg.body.cancel().catch(() => {});
    return;
  }
  const ctl = new AbortController();
  const response = new Response(msg.body, { status: msg.status, headers: msg.headers });
  const dataset = readBundledMnist(msg.url, ctl.signal, response, msg.fetchDeadlineMs);
  dataset.catch(() => {}); // reported by the load that takes it
  prefetched = { url: msg.url, dataset, ctl };
}

scope.onmessage = async (e: MessageEvent<ToLoader>) => {
  if (e.data.type === 'cancel') {
    running.get(e.data.requestId)?.abort();
    running.delete(e.data.requestId);
    return;
  }
  if (e.data.type === 'prefetched') return takePrefetched(e.data);
  const { requestId, source, fetchDeadlineMs } = e.data;
  const bundled = source.type === 'bundled' ? prefetched : null;
  if (source.type === 'bundled') {
    bundledAsked = true;
    prefetched = null;
  }
  const ctl = new AbortController();
  running.set(requestId, ctl);
  if (bundled) ctl.signal.addEventListener('abort', () => bundled.ctl.abort(), { once: true });
  try {
    const result = await loadSource(source, browserDecoder, (stage, done, total) => post({ type: 'progress', requestId, stage, done, total }), { signal: ctl.signal, fetchDeadlineMs, ...(bundled ? { bundled } : {}) });
    if (ctl.signal.aborted) return;
    const ds = result.dataset;
    // A table whose recipe made no dataset: only the report travels (the person fixes the recipe).
    if (!ds) return post({ type: 'loaded', requestId, result });
    // The arrays may be views into a bigger buffer (a decompressed file): copy so exactly the data is transferred.
    const x = ds.x.slice();
    const y = ds.y.slice();
    // A second copy goes on to the training worker untouched (transferred again, never cloned on the UI thread).
    const ex = ds.x.slice();
    const ey = ds.y.slice();
    post({ type: 'loaded', requestId, result: { ...result, dataset: { ...ds, x, y }, engineCopy: { x: ex, y: ey } } }, [x.buffer, y.buffer, ex.buffer, ey.buffer]);
  } catch (err) {
    if (!ctl.signal.aborted) post({ type: 'failed', requestId, message: describeError(err) });
  } finally {
    running.delete(requestId);
  }
};
post({ type: 'ready' });
