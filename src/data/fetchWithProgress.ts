import { TensorscopeError } from '../core/errors';

export type ProgressFn = (loaded: number, total: number | null) => void;

/** Fetches a URL as bytes, reporting progress as the body streams in; failures are explained in plain words. */
export async function fetchWithProgress(url: string, onProgress: ProgressFn, signal?: AbortSignal): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new TensorscopeError(
      'dataset-fetch',
      `Could not download ${url}: the network request failed (offline, blocked by CORS, or the server is unreachable).`,
    );
  }
  if (!res.ok) {
    throw new TensorscopeError('dataset-fetch', `Could not download ${url}: the server answered HTTP ${res.status} ${res.statusText}.`);
  }
  const header = res.headers.get('content-length');
  // With Content-Encoding the header counts compressed bytes, not what the reader yields; don't trust it then.
  const total = header && !res.headers.get('content-encoding') ? Number(header) : null;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onProgress(buf.length, buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  onProgress(loaded, loaded);
  return out;
}
