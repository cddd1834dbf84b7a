/// <reference lib="webworker" />
import { describeError } from '../core/errors';
import { loadSource } from '../data/loader/loadSource';
import { bundledMnistUrl, loadBundledMnist } from '../data/bundledMnist';
import { parseFetchDeadline } from '../core/fetchBytes';
import type { Dataset } from '../core/types';
import { browserDecoder } from '../data/parsers/imageDecode';
import { summarizeDataset } from '../data/loader/summary';
import type { FromLoader, ToLoader } from '../data/loader/types';
import { bootHint } from './bootHint';

// Parsing, decoding and summarising datasets happens here, never on the UI thread.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromLoader, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** Loads in progress, by request: a `cancel` aborts its download (and no answer is sent for it). */
const running = new Map<number, AbortController>();

/**
 * The bundled MNIST that the page's boot script asked for before the app's code had loaded, downloaded and decoded
 * from then on; the first bundled load of its URL takes it (and reports its failure, if it failed).
 */
let prefetched: { url: string; dataset: Promise<Dataset>; ctl: AbortController; startedAt: number } | null = null;
let bundledAsked = false;

/** `hint`: the boot script's { baseUrl, fetchDeadline } (the page's address and its raw `?fetchDeadline`), unchecked. */
function startPrefetch(hint: unknown): void {
  const { baseUrl, fetchDeadline } = (hint && typeof hint === 'object' ? hint : {}) as { baseUrl?: unknown; fetchDeadline?: unknown };
  if (bundledAsked || prefetched || typeof baseUrl !== 'string') return;
  let url: string;
  try {
    url = bundledMnistUrl(baseUrl);
  } catch {
    return; // not an address: the app's own load reports it
  }
  const ctl = new AbortController();
  const startedAt = performance.now();
  const dataset = loadBundledMnist(() => {}, baseUrl, ctl.signal, parseFetchDeadline(typeof fetchDeadline === 'string' ? fetchDeadline : null));
  dataset.catch(() => {}); // reported by the load that takes it
  prefetched = { url, dataset, ctl, startedAt };
}

function safeSummary(ds: Dataset) {
  try {
    return summarizeDataset(ds);
  } catch {
    return null; // the inspector stays hidden; the data itself is fine
  }
}

scope.onmessage = async (e: MessageEvent<ToLoader>) => {
  if (e.data.type === 'cancel') {
    running.get(e.data.requestId)?.abort();
    running.delete(e.data.requestId);
    return;
  }
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
    const result = await loadSource(source, browserDecoder, (stage, done, total) => post({ type: 'progress', requestId, stage, done, total }), { signal: ctl.signal, fetchDeadlineMs, deferSummary: true, ...(bundled ? { bundled } : {}) });
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
    // From the worker's own arrays (only copies were transferred), after the data: Train does not wait for it.
    if (result.summaryFollows) post({ type: 'summary', requestId, summary: safeSummary(ds) });
  } catch (err) {
    if (!ctl.signal.aborted) post({ type: 'failed', requestId, message: describeError(err) });
  } finally {
    running.delete(requestId);
  }
};
post({ type: 'ready' });
// The page's boot script asks for the bundled MNIST in this worker's URL (bootHint.ts): no message to wait for.
startPrefetch(bootHint()?.prefetch);
