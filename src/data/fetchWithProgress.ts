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
    // statusText is empty over HTTP/2, so the status gets its own plain-words hint.
    const text = res.statusText.trim();
    throw new TensorscopeError(
      'dataset-fetch',
      `Could not download ${url}: the server answered HTTP ${res.status}${text ? ` ${text}` : ''} (${statusHint(res.status)}).`,
    );
  }
  const isHtmlType = /^\s*text\/html\b/i.test(res.headers.get('content-type') ?? '');
  const header = res.headers.get('content-length');
  // With Content-Encoding the header counts compressed bytes, not what the reader yields; don't trust it then.
  const total = header && !res.headers.get('content-encoding') ? Number(header) : null;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    checkNotHtml(url, buf, isHtmlType);
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
  checkNotHtml(url, out, isHtmlType);
  onProgress(loaded, loaded);
  return out;
}

function statusHint(status: number): string {
  if (status === 404 || status === 410) return 'not found: check the address';
  if (status === 401 || status === 403) return 'access denied: the file is private or needs a login';
  if (status === 429) return 'too many requests: wait a minute and try again';
  if (status >= 500) return 'a server error: try again later';
  return 'the request was refused';
}

/**
 * Static hosts answer a missing file with their index page and status 200; read as data, that page would surface
 * later as a baffling "ragged CSV". Markup is recognised by its start, or by an HTML content type with a body that
 * opens with a tag (the type alone is not trusted: some hosts label any file text/html).
 */
function checkNotHtml(url: string, body: Uint8Array, isHtmlType: boolean): void {
  // Past a UTF-8 byte-order mark and leading whitespace; 256 bytes is ample for a doctype.
  const head = new TextDecoder('utf-8').decode(body.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  const markup = head.startsWith('<!doctype html') || head.startsWith('<html');
  if (markup || (isHtmlType && head.startsWith('<'))) {
    throw new TensorscopeError('dataset-fetch', `${url}: the server returned an HTML page, not data (is the address right?)`);
  }
}
