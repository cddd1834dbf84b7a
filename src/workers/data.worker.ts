/// <reference lib="webworker" />
import { describeError } from '../core/errors';
import { loadSource } from '../data/loader/loadSource';
import { browserDecoder } from '../data/parsers/imageDecode';
import type { FromLoader, ToLoader } from '../data/loader/types';

// Parsing, decoding and summarising datasets happens here, never on the UI thread.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromLoader, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** Loads in progress, by request: a `cancel` aborts its download (and no answer is sent for it). */
const running = new Map<number, AbortController>();

scope.onmessage = async (e: MessageEvent<ToLoader>) => {
  if (e.data.type === 'cancel') {
    running.get(e.data.requestId)?.abort();
    running.delete(e.data.requestId);
    return;
  }
  const { requestId, source, fetchDeadlineMs } = e.data;
  const ctl = new AbortController();
  running.set(requestId, ctl);
  try {
    const result = await loadSource(source, browserDecoder, (stage, done, total) => post({ type: 'progress', requestId, stage, done, total }), { signal: ctl.signal, fetchDeadlineMs });
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
