/**
 * The workers that public/boot/start-workers.js started before the app's code loaded, each taken at most once. The
 * messages (and a load error) they sent before that are replayed to the handlers that startWorker sets right after
 * taking one, so 'ready' is seen as with a worker the app made itself.
 */
export type BootWorkerKind = 'training' | 'data';

type Early = { data: unknown } | { error: unknown };

export function takeBootWorker(kind: BootWorkerKind): Worker | null {
  const boot = (globalThis as { __tensorscopeBoot?: unknown }).__tensorscopeBoot;
  if (!boot || typeof boot !== 'object' || typeof Worker === 'undefined') return null;
  const entry: unknown = (boot as Record<string, unknown>)[kind];
  delete (boot as Record<string, unknown>)[kind];
  if (!entry || typeof entry !== 'object') return null;
  const { worker, early } = entry as { worker?: unknown; early?: unknown };
  if (!(worker instanceof Worker) || !Array.isArray(early)) return null;
  // A microtask: after the caller has set its handlers, before any further message (those come as tasks).
  queueMicrotask(() => {
    for (const e of (early as Early[]).splice(0)) {
      worker.dispatchEvent('error' in e ? new ErrorEvent('error', { message: String(e.error) }) : new MessageEvent('message', { data: e.data }));
    }
  });
  return worker;
}
