import { describeError } from '../../core/errors';
import { fetchDeadlineMs } from '../../core/fetchBytes';
import { startWorker } from '../../core/startWorker';
import { takeBootWorker } from '../../core/bootWorkers';
import type { DatasetSummary, DataSource, FromLoader, LoadOutcome, ToLoader } from './types';

export type LoadProgressHandler = (stage: string, done: number, total: number | null) => void;

export interface LoaderClient {
  mode: 'worker' | 'main-thread';
  load(source: DataSource, onProgress: LoadProgressHandler): Promise<LoadOutcome>;
  /**
   * Stops every load in progress: each answers at once with a "Cancelled: …" error and its download is aborted
   * (a `cancel` message to the worker). Parsing already under way in the worker finishes unseen.
   */
  cancel(): void;
}

const cancelledError = () => new Error('Cancelled: the load was stopped.');

/** Loads datasets in a dedicated worker; if it cannot start, the same code runs on the main thread. */
export async function createLoaderClient(preferWorker = true): Promise<LoaderClient> {
  const waiting = new Map<number, { resolve: (r: LoadOutcome) => void; reject: (e: Error) => void; onProgress: LoadProgressHandler }>();
  const summaries = new Map<number, (s: DatasetSummary | null) => void>();
  let next = 1;
  const onMessage = (msg: FromLoader) => {
    if (msg.type === 'ready') return;
    if (msg.type === 'summary') {
      summaries.get(msg.requestId)?.(msg.summary);
      summaries.delete(msg.requestId);
      return;
    }
    const w = waiting.get(msg.requestId);
    if (!w) return;
    if (msg.type === 'progress') w.onProgress(msg.stage, msg.done, msg.total);
    else {
      waiting.delete(msg.requestId);
      if (msg.type !== 'loaded') w.reject(new Error(msg.message));
      else if (!msg.result.summaryFollows) w.resolve(msg.result);
      else w.resolve({ ...msg.result, summaryLater: new Promise((resolve) => summaries.set(msg.requestId, resolve)) });
    }
  };
  if (preferWorker && typeof Worker !== 'undefined') {
    try {
      const worker = await startWorker<FromLoader>(
        // The one the page's boot script started (already downloading MNIST), else a new one.
        () => takeBootWorker('data') ?? new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'tensorscope-data' }),
        onMessage,
        (why) => {
          for (const [, w] of waiting) w.reject(new Error(`The data worker crashed: ${why}.`));
          waiting.clear();
          for (const [, done] of summaries) done(null);
          summaries.clear();
        },
      );
      return {
        mode: 'worker',
        load: (source, onProgress) =>
          new Promise((resolve, reject) => {
            const requestId = next++;
            waiting.set(requestId, { resolve, reject, onProgress });
            worker.postMessage({ type: 'load', requestId, source, fetchDeadlineMs: fetchDeadlineMs() } satisfies ToLoader);
          }),
        cancel: () => {
          for (const [requestId, w] of waiting) {
            worker.postMessage({ type: 'cancel', requestId } satisfies ToLoader);
            w.reject(cancelledError());
          }
          waiting.clear();
        },
      };
    } catch {
      /* fall through to the main thread */
    }
  }
  const [{ loadSource }, { browserDecoder }] = await Promise.all([import('./loadSource'), import('../parsers/imageDecode')]);
  const running = new Set<{ ctl: AbortController; reject: (e: Error) => void }>();
  return {
    mode: 'main-thread',
    load: async (source, onProgress) => {
      const ctl = new AbortController();
      let entry!: { ctl: AbortController; reject: (e: Error) => void };
      const cancelled = new Promise<never>((_, reject) => running.add((entry = { ctl, reject })));
      try {
        return await Promise.race([loadSource(source, browserDecoder, onProgress, { signal: ctl.signal, fetchDeadlineMs: fetchDeadlineMs() }), cancelled]);
      } catch (err) {
        throw ctl.signal.aborted ? cancelledError() : new Error(describeError(err));
      } finally {
        running.delete(entry);
      }
    },
    cancel: () => {
      for (const r of running) {
        r.ctl.abort();
        r.reject(cancelledError());
      }
      running.clear();
    },
  };
}
