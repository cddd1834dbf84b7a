import type { ToLoader } from './loader/types';

/**
 * The bundled-MNIST download that public/boot/prefetch-data.js starts before the app's code has loaded, taken at
 * most once. Its body goes to the data worker as a transferred stream; where streams cannot be transferred, or the
 * answer is not a 200, nothing is handed over and the worker downloads (and reports any failure) as usual.
 */
interface PrefetchGlobal {
  __tensorscopePrefetch?: unknown;
}

function takeBundledPrefetch(): { url: string; response: Promise<Response> } | null {
  const g = globalThis as PrefetchGlobal;
  const p = g.__tensorscopePrefetch;
  if (!p || typeof p !== 'object') return null;
  delete g.__tensorscopePrefetch;
  const { url, response } = p as { url?: unknown; response?: unknown };
  if (typeof url !== 'string' || !(response instanceof Promise)) return null;
  return { url, response: response as Promise<Response> };
}

/** Posts the prefetched body to `worker` once its headers are in; the worker reads and decodes it meanwhile. */
export function handOverBundledPrefetch(worker: Worker, fetchDeadlineMs: number): void {
  const p = takeBundledPrefetch();
  if (!p) return;
  p.response.then(
    (res) => {
      if (!res.ok || !res.body) return;
      const body = res.body;
      try {
        worker.postMessage({ type: 'prefetched', url: p.url, status: res.status, headers: [...res.headers], body, fetchDeadlineMs } satisfies ToLoader, [body]);
      } catch {
        // No transferable streams in this browser: the worker downloads the file itself.
        body.cancel().catch(() => {});
      }
    },
    () => {},
  );
}
