import { takeBootWorker } from '../core/bootWorkers';
import { startWorker } from '../core/startWorker';
import type { FromEngine, ToEngine } from './protocol';
import { transferablesOf } from './protocol';

export type EngineMode = 'worker' | 'main-thread';

export interface EngineClient {
  mode: EngineMode;
  /** Why the worker could not be used, when mode is main-thread. */
  fallbackReason: string | null;
  send(msg: ToEngine): void;
  terminate(): void;
}

/** Same engine on the UI thread: works everywhere, at the price of a page that stutters while training. */
async function startMainThread(onMessage: (msg: FromEngine) => void): Promise<(msg: ToEngine) => void> {
  const { TrainingHost } = await import('./host');
  const host = new TrainingHost((msg) => queueMicrotask(() => onMessage(msg)));
  return (msg) => void host.handle(msg);
}

/**
 * Starts the training engine in a dedicated module worker, falling back to the main thread when the worker
 * cannot start (old browser, blocked by policy, or forced with preferWorker=false).
 */
export async function createEngineClient(onMessage: (msg: FromEngine) => void, preferWorker = true, early: ToEngine[] = []): Promise<EngineClient> {
  let fallbackReason = 'worker disabled by the ?worker=off setting';
  if (preferWorker && typeof Worker !== 'undefined') {
    try {
      const worker = await startWorker<FromEngine>(
        () => {
          // The one the page's boot script started (TensorFlow.js already compiling), else a new one.
          const worker = takeBootWorker('training') ?? new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'tensorscope-training' });
          // Queued until the worker's code has loaded, then handled at once: no round trip through a busy page.
          for (const msg of early) worker.postMessage(msg, transferablesOf(msg));
          return worker;
        },
        onMessage,
        (why) => onMessage({ type: 'error', during: 'training', code: 'worker-failed', message: `The training worker crashed: ${why}.` }),
      );
      return {
        mode: 'worker',
        fallbackReason: null,
        send: (msg) => worker.postMessage(msg, transferablesOf(msg)),
        terminate: () => worker.terminate(),
      };
    } catch (err) {
      fallbackReason = err instanceof Error ? err.message : String(err);
    }
  } else if (preferWorker) {
    fallbackReason = 'this browser has no Web Workers';
  }
  const send = await startMainThread(onMessage);
  for (const msg of early) send(msg);
  return { mode: 'main-thread', fallbackReason, send, terminate: () => send({ type: 'reset' }) };
}
