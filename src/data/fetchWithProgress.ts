import { TensorscopeError } from '../core/errors';
import { fetchBytes, type ProgressFn } from '../core/fetchBytes';

export type { ProgressFn };

export interface DataFetchOptions {
  /** Connection + whole body (default: the page's fetch deadline). */
  deadlineMs?: number;
  /** Refused from Content-Length before reading, and enforced while streaming. */
  maxBytes?: number;
  /** The file's name in messages. */
  label?: string;
  /** Instead of the global fetch (a response already under way). */
  fetchImpl?: typeof fetch;
  /** Inflate a gzip body while it downloads (see fetchBytes). */
  gunzip?: boolean;
}

/**
 * Fetches a URL as bytes, reporting progress as the body streams in, under one deadline for connect and body, with
 * Cancel (`signal`) and a size limit; failures are explained in plain words. The download code is shared with model
 * imports (core/fetchBytes); what is data-specific here is recognising an HTML page served instead of the file.
 */
export async function fetchWithProgress(url: string, onProgress: ProgressFn, signal?: AbortSignal, options: DataFetchOptions = {}): Promise<Uint8Array> {
  const { fetchImpl: baseFetch = fetch, ...opts } = options;
  let isHtmlType = false;
  const fetchImpl: typeof fetch = async (input, init) => {
    const res = await baseFetch(input, init);
    isHtmlType = /^\s*text\/html\b/i.test(res.headers.get('content-type') ?? '');
    return res;
  };
  const out = await fetchBytes(url, { code: 'dataset-fetch', onProgress, signal, fetchImpl, ...opts });
  checkNotHtml(url, out, isHtmlType);
  return out;
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
