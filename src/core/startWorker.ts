/**
 * Starts a module worker and resolves once it posts {type:'ready'} (its imports loaded), or rejects when it
 * fails to load or stays silent: the caller then falls back to running the same code on the main thread.
 */
export function startWorker<M extends { type: string }>(
  create: () => Worker,
  onMessage: (msg: M) => void,
  onCrash: (message: string) => void,
  timeoutMs = 20_000,
): Promise<Worker> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = create();
    } catch (err) {
      reject(err);
      return;
    }
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error('the worker did not start in time'));
    }, timeoutMs);
    worker.onerror = (e) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(e.message || 'the worker failed to load'));
    };
    worker.onmessage = (e: MessageEvent<M>) => {
      if (e.data.type !== 'ready') return;
      clearTimeout(timer);
      worker.onmessage = (ev: MessageEvent<M>) => onMessage(ev.data);
      worker.onerror = (ev) => {
        ev.preventDefault();
        onCrash(ev.message || 'unknown error');
      };
      resolve(worker);
    };
  });
}
