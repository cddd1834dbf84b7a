import { afterEach, describe, expect, it, vi } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { fetchWithProgress } from './fetchWithProgress';

const URL_ = 'https://example.org/data/train.csv';

function serve(body: BodyInit | null, init: ResponseInit = {}) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, init)));
}

async function fetchError(): Promise<TensorscopeError> {
  try {
    await fetchWithProgress(URL_, () => {});
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    expect((e as TensorscopeError).code).toBe('dataset-fetch');
    return e as TensorscopeError;
  }
  throw new Error('expected a dataset-fetch error');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchWithProgress', () => {
  it('returns the bytes and reports progress to the end', async () => {
    serve('a,b\n1,2\n', { status: 200, headers: { 'content-type': 'text/csv' } });
    const progress: [number, number | null][] = [];
    const bytes = await fetchWithProgress(URL_, (l, t) => progress.push([l, t]));
    expect(new TextDecoder().decode(bytes)).toBe('a,b\n1,2\n');
    expect(progress.at(-1)).toEqual([8, 8]);
  });

  it('an HTML fallback page with status 200 is named as such, not read as data', async () => {
    const page = '<!DOCTYPE html>\n<html><head><title>My site</title></head><body><div id="root"></div></body></html>';
    serve(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect((await fetchError()).message).toBe(`${URL_}: the server returned an HTML page, not data (is the address right?)`);
  });

  it('recognises the markup even with a wrong content type, a BOM and leading whitespace', async () => {
    serve('\uFEFF\n  <html lang="en"><body>404</body></html>', { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    expect((await fetchError()).message).toContain('returned an HTML page');
  });

  it('an HTML content type with a body opening with a tag is HTML', async () => {
    serve('<head><meta charset="utf-8"></head>', { status: 200, headers: { 'content-type': 'TEXT/HTML' } });
    expect((await fetchError()).message).toContain('returned an HTML page');
  });

  it('does not trust the content type alone: data mislabelled as text/html still loads', async () => {
    serve('x,y\n1,2\n', { status: 200, headers: { 'content-type': 'text/html' } });
    expect(new TextDecoder().decode(await fetchWithProgress(URL_, () => {}))).toBe('x,y\n1,2\n');
  });

  it('non-2xx statuses name the status and what it likely means', async () => {
    serve('nope', { status: 404, statusText: 'Not Found' });
    expect((await fetchError()).message).toBe(`Could not download ${URL_}: the server answered HTTP 404 Not Found (not found: check the address).`);
    // HTTP/2 has no status text: no dangling space, the hint still explains.
    serve('', { status: 403 });
    expect((await fetchError()).message).toBe(
      `Could not download ${URL_}: the server answered HTTP 403 (access denied: the file is private or needs a login).`,
    );
    serve('', { status: 503 });
    expect((await fetchError()).message).toContain('HTTP 503 (a server error: try again later)');
  });

  it('a network failure says so', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect((await fetchError()).message).toContain('the network request failed');
  });
});
