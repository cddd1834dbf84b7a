import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSource } from '../data/loader/loadSource';
import { artifactsFromUrl } from '../share/modelFiles';
import { TensorscopeError } from './errors';
import { FETCH_DEADLINE_MS, fetchBytes, formatSize, parseFetchDeadline } from './fetchBytes';

/**
 * The download code against a REAL local HTTP server (node:http on 127.0.0.1, an ephemeral port): a server that
 * stalls after its headers, one that declares 600 MB, one that streams past the limit without declaring a size, and
 * a slow one within the deadline. Every case runs under a small injected deadline and closes its server.
 */

const MB = 1024 * 1024;
const DEADLINE = 300;

interface Served {
  url: string;
  /** Bytes of body the server managed to write. */
  sent: () => number;
  /** Resolves when the client has closed its connection. */
  clientGone: Promise<void>;
}

let servers: Server[] = [];
let sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  servers = [];
  sockets = [];
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, count: (n: number) => void) => void): Promise<Served> {
  let sent = 0;
  let gone!: () => void;
  const clientGone = new Promise<void>((r) => (gone = r));
  const server = createServer((req, res) => {
    req.socket.on('close', gone);
    handler(req, res, (n) => (sent += n));
  });
  server.on('connection', (s) => sockets.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/data.bin`, sent: () => sent, clientGone };
}

/** Writes `total` bytes in `chunk`-sized pieces, each after `everyMs`, while the client listens. */
function stream(res: ServerResponse, count: (n: number) => void, total: number, chunk: number, everyMs: number): void {
  let left = total;
  const tick = () => {
    if (left <= 0 || res.destroyed) return res.end();
    const n = Math.min(chunk, left);
    left -= n;
    res.write(Buffer.alloc(n, 7), () => count(n));
    setTimeout(tick, everyMs);
  };
  tick();
}

async function failure(p: Promise<unknown>): Promise<TensorscopeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    return e as TensorscopeError;
  }
  throw new Error('expected the download to fail');
}

const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
};

describe('fetchBytes against a real HTTP server', () => {
  it('the default deadline is one constant, stated in the README (code and README once disagreed: 30 s vs 20 s)', () => {
    expect(FETCH_DEADLINE_MS).toBe(60_000);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`one deadline of ${FETCH_DEADLINE_MS / 1000} s`);
  });

  it('(a) headers, then a stalled body: gives up at the deadline, which covers the body too', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
      res.write(Buffer.alloc(10));
      // …and nothing more, ever.
    });
    const progress: number[] = [];
    const [err, ms] = await timed(() => failure(fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: DEADLINE, onProgress: (l) => progress.push(l) })));
    expect(err.message).toBe(`Could not download ${s.url}: no complete answer within 0.3 s (the server stalled or is too slow); gave up.`);
    expect(err.code).toBe('dataset-fetch');
    expect(ms).toBeGreaterThanOrEqual(DEADLINE - 20);
    expect(ms).toBeLessThan(DEADLINE + 1500);
    // The headers had come (progress started) before the stall: the old code cleared its timer right there.
    expect(progress.length).toBeGreaterThan(0);
    await s.clientGone;
  });

  it('a server that never answers at all hits the same deadline', async () => {
    const s = await serve(() => {});
    const [err, ms] = await timed(() => failure(fetchBytes(s.url, { code: 'model-import', deadlineMs: DEADLINE })));
    expect(err.message).toContain('no complete answer within 0.3 s');
    expect(err.code).toBe('model-import');
    expect(ms).toBeLessThan(DEADLINE + 1500);
  });

  it('(b) a declared 600 MB body is refused at once, from Content-Length, naming the size and the limit', async () => {
    const s = await serve((_req, res, count) => {
      res.writeHead(200, { 'content-length': String(600 * MB) });
      res.write(Buffer.alloc(64 * 1024), () => count(64 * 1024));
      // then stall: a client that waited for the body would hang here
    });
    const [err, ms] = await timed(() => failure(fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 5_000, maxBytes: 512 * MB, label: 'huge.csv' })));
    expect(err.message).toBe('huge.csv: the server declares 600 MB (Content-Length), over the 512 MB limit; refused before downloading.');
    // Refused long before the deadline: nothing was waited for.
    expect(ms).toBeLessThan(1000);
    await s.clientGone;
  });

  it('(c) no Content-Length, streaming past the limit: cut off as soon as the bytes pass it', async () => {
    const limit = 1 * MB;
    const s = await serve((_req, res, count) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked: no declared size
      stream(res, count, 8 * MB, 64 * 1024, 2);
    });
    let lastProgress = 0;
    const [err, ms] = await timed(() => failure(fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 10_000, maxBytes: limit, label: 'endless.csv', onProgress: (l) => (lastProgress = l) })));
    expect(err.message).toMatch(/^endless\.csv: the download passed the 1 MB limit \(the server declared no size\); stopped after 1\.\d+ MB\.$/);
    expect(lastProgress).toBeLessThanOrEqual(limit);
    await s.clientGone;
    // The server was stopped well short of its 8 MB (it can only run ahead by what the socket buffers).
    expect(s.sent()).toBeLessThan(6 * MB);
    expect(ms).toBeLessThan(5_000);
  });

  it('a Content-Length that understates the body (gzip: it counts compressed bytes) is cut off at the limit too', async () => {
    const body = gzipSync(Buffer.alloc(300_000, 1));
    const s = await serve((_req, res) => {
      // Declares ~300 bytes, well under the limit; the body the reader yields is 300 KB.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    });
    expect(body.length).toBeLessThan(2000);
    const err = await failure(fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 2_000, maxBytes: 100_000, label: 'liar.bin' }));
    expect(err.message).toMatch(/^liar\.bin: the download passed the 98 KB limit \(the declared size counts compressed bytes\); stopped after \d+ KB\.$/);
  });

  it('(d) slow but within the deadline: succeeds, with progress', async () => {
    const s = await serve((_req, res, count) => {
      res.writeHead(200, { 'content-length': String(5 * 1000) });
      stream(res, count, 5 * 1000, 1000, 40);
    });
    const progress: [number, number | null][] = [];
    const [bytes, ms] = await timed(() => fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 2_000, maxBytes: 10_000, onProgress: (l, t) => progress.push([l, t]) }));
    expect(bytes.length).toBe(5000);
    expect(bytes.every((b) => b === 7)).toBe(true);
    expect(ms).toBeGreaterThan(100); // it really was slow
    expect(progress.some(([l]) => l > 0 && l < 5000)).toBe(true);
    expect(progress.at(-1)).toEqual([5000, 5000]);
  });

  it('gzip data is inflated while it downloads (gunzip), with progress in downloaded bytes; without the option it stays gzip', async () => {
    let seed = 7; // pseudo-random bytes: gzip barely shrinks them, so the body really streams in many pieces
    const plain = new Uint8Array(200_000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const gz = gzipSync(plain);
    const s = await serve((_req, res, count) => {
      res.writeHead(200, { 'content-length': String(gz.length) });
      let at = 0;
      const tick = () => {
        if (at >= gz.length || res.destroyed) return res.end();
        const piece = gz.subarray(at, (at += 4096));
        res.write(piece, () => count(piece.length));
        setTimeout(tick, 2);
      };
      tick();
    });
    const progress: number[] = [];
    const bytes = await fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 5_000, gunzip: true, onProgress: (l) => progress.push(l) });
    expect(bytes).toEqual(plain);
    expect(progress.at(-1)).toBe(gz.length);
    expect(progress.filter((l) => l > 0 && l < gz.length).length).toBeGreaterThan(1);
    expect(await fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 5_000 })).toEqual(new Uint8Array(gz));
  });

  it('a corrupt or truncated gzip body names the file and the reason; a body that is not gzip comes back as it is', async () => {
    const gz = gzipSync(new Uint8Array(50_000).fill(3));
    const bodies = { 'bad.gz': Buffer.concat([gz.subarray(0, 20), Buffer.alloc(2000, 0xff)]), 'cut.gz': gz.subarray(0, gz.length - 30), 'plain.bin': Buffer.from('not gzip at all') };
    const s = await serve((req, res) => res.end(bodies[req.url!.slice(1) as keyof typeof bodies]));
    const base = s.url.replace('data.bin', '');
    for (const name of ['bad.gz', 'cut.gz']) {
      const err = await failure(fetchBytes(base + name, { code: 'dataset-fetch', deadlineMs: 5_000, gunzip: true }));
      expect(err.message).toBe(`${name}: the gzip data is corrupt or truncated.`);
    }
    expect(new TextDecoder().decode(await fetchBytes(base + 'plain.bin', { code: 'dataset-fetch', deadlineMs: 5_000, gunzip: true }))).toBe('not gzip at all');
  });

  it('Cancel aborts a stalled body at once with "Cancelled: …"', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(10));
    });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const [err, ms] = await timed(() => failure(fetchBytes(s.url, { code: 'dataset-fetch', deadlineMs: 5_000, signal: ctl.signal, label: 'data.bin' })));
    expect(err.message).toBe('Cancelled: the download of data.bin was stopped.');
    expect(ms).toBeLessThan(1000);
    await s.clientGone;
  });

  it('formatSize names sizes as people read them', () => {
    expect(formatSize(600 * MB)).toBe('600 MB');
    expect(formatSize(1024 * MB)).toBe('1 GB');
    expect(formatSize(50 * MB)).toBe('50 MB');
    expect(formatSize(1536)).toBe('1.5 KB');
  });
});

describe('dataset URLs (the data worker\'s loader) use the same download', () => {
  it('a stalled dataset URL ends at the deadline and names the URL', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'access-control-allow-origin': '*' });
      res.write('a,b\n1,2\n');
    });
    const err = await failure(loadSource({ type: 'url', urls: [s.url], options: {} }, async () => ({ width: 1, height: 1, data: new Uint8Array(4) }), () => {}, { fetchDeadlineMs: DEADLINE }));
    expect(err.message).toContain(`Could not download ${s.url}: no complete answer within 0.3 s`);
  });

  it('a dataset URL declaring 2 GB is refused before downloading, naming the 1 GB limit (MAX_FILE_BYTES)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(2048 * MB) });
      res.write(Buffer.alloc(1024));
    });
    const [err, ms] = await timed(() => failure(loadSource({ type: 'url', urls: [s.url], options: {} }, async () => ({ width: 1, height: 1, data: new Uint8Array(4) }), () => {}, { fetchDeadlineMs: 5_000 })));
    expect(err.message).toBe('data.bin: the server declares 2 GB (Content-Length), over the 1 GB limit; refused before downloading.');
    expect(ms).toBeLessThan(1000);
  });
});

describe('model URL imports use the same download', () => {
  const modelJson = (paths: string[], units = 4) =>
    JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { name: 'm', layers: [] } },
      weightsManifest: [{ paths, weights: [{ name: 'w', shape: [units], dtype: 'float32' }] }],
    });

  it('a model.json declaring 600 MB is refused at once with the size and the limit named', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(600 * MB), 'content-type': 'application/json' });
      res.write('{');
    });
    const [err, ms] = await timed(() => failure(artifactsFromUrl(s.url.replace('data.bin', 'model.json'), fetch, { deadlineMs: 5_000 })));
    expect(err.code).toBe('model-import');
    expect(err.message).toBe('model.json: the server declares 600 MB (Content-Length), over the 50 MB limit; refused before downloading.');
    expect(ms).toBeLessThan(1000);
  });

  it('one deadline covers model.json and the shards: a stalled shard ends the import', async () => {
    const s = await serve((req, res) => {
      if (req.url?.endsWith('model.json')) return res.end(modelJson(['w.bin']));
      res.writeHead(200, { 'content-length': '16' });
      res.write(Buffer.alloc(4));
    });
    const stages: string[] = [];
    const [err, ms] = await timed(() => failure(artifactsFromUrl(s.url.replace('data.bin', 'model.json'), fetch, { deadlineMs: DEADLINE, onProgress: (st) => stages.push(st) })));
    expect(err.message).toContain('/w.bin: no complete answer within 0.3 s');
    expect(ms).toBeLessThan(DEADLINE + 1500);
    expect(stages).toContain('Fetching the weights');
  });

  it('shards with no declared size are cut off at the weight limit (a small limit injected)', async () => {
    const s = await serve((req, res, count) => {
      if (req.url?.endsWith('model.json')) return res.end(modelJson(['w.bin'], 1000));
      res.writeHead(200, {});
      stream(res, count, 4 * MB, 64 * 1024, 2);
    });
    const err = await failure(artifactsFromUrl(s.url.replace('data.bin', 'model.json'), fetch, { deadlineMs: 5_000, maxWeightBytes: 8000 }));
    expect(err.message).toMatch(/^w\.bin: the download passed the 7\.8 KB limit \(the server declared no size\)/);
    await s.clientGone;
  });

  it('a manifest describing more weights than the limit is refused before any shard is fetched', async () => {
    let shardAsked = false;
    const s = await serve((req, res) => {
      if (req.url?.endsWith('model.json')) return res.end(modelJson(['w.bin'], 1_000_000));
      shardAsked = true;
      res.end();
    });
    const err = await failure(artifactsFromUrl(s.url.replace('data.bin', 'model.json'), fetch, { deadlineMs: 5_000, maxWeightBytes: 1 * MB }));
    expect(err.message).toBe('model.json describes 3.8 MB of weights; Tensorscope imports models up to 1 MB. Nothing more was downloaded.');
    expect(shardAsked).toBe(false);
  });

  it('a slow but timely model downloads and assembles', async () => {
    const s = await serve((req, res, count) => {
      if (req.url?.endsWith('model.json')) return res.end(modelJson(['w.bin']));
      res.writeHead(200, { 'content-length': '16' });
      stream(res, count, 16, 4, 30);
    });
    const a = await artifactsFromUrl(s.url.replace('data.bin', 'model.json'), fetch, { deadlineMs: 3_000 });
    expect(a.weightData.byteLength).toBe(16);
  });
});

describe('the page\'s ?fetchDeadline setting', () => {
  it('takes whole milliseconds from 100 ms to an hour, and anything else gives the default', () => {
    expect(parseFetchDeadline('4000')).toBe(4000);
    expect(parseFetchDeadline('4000.6')).toBe(4001);
    for (const raw of [null, undefined, '', 'abc', '50', '3600001', 'Infinity', '1e400']) expect(parseFetchDeadline(raw)).toBe(FETCH_DEADLINE_MS);
  });
});

describe('the summary after the data', () => {
  const source = { type: 'synthetic', id: 'spiral', options: { count: 200, noise: 0.1, seed: 1 } } as const;
  const noDecoder = async () => ({ width: 1, height: 1, data: new Uint8Array(4) });

  it('the data worker gets the dataset without its summary (it sends it next); anyone else gets both at once', async () => {
    const later = await loadSource(source, noDecoder, () => {}, { deferSummary: true });
    expect(later.dataset?.count).toBe(200);
    expect(later.summary).toBeNull();
    expect(later.summaryFollows).toBe(true);
    const now = await loadSource(source, noDecoder, () => {});
    expect(now.summaryFollows).toBeUndefined();
    expect(now.summary?.classCounts.reduce((a, b) => a + b, 0)).toBe(200);
  });
});

describe('the prefetched bundled MNIST', () => {
  it('counts its load time from the prefetch, not from the load that takes it (never "Loaded in 0 ms")', async () => {
    const baseUrl = 'http://127.0.0.1:1/';
    const ds = (await loadSource({ type: 'synthetic', id: 'spiral', options: { count: 50, noise: 0.1, seed: 1 } }, async () => ({ width: 1, height: 1, data: new Uint8Array(4) }), () => {})).dataset!;
    const startedAt = performance.now() - 800;
    const r = await loadSource({ type: 'bundled', baseUrl }, async () => ({ width: 1, height: 1, data: new Uint8Array(4) }), () => {}, {
      bundled: { url: new URL('data/mnist-10k.tsds.gz', baseUrl).toString(), dataset: Promise.resolve(ds), startedAt },
    });
    expect(r.dataset).toBe(ds);
    expect(r.loadMs).toBeGreaterThanOrEqual(800);
  });
});
