// Helpers shared by the benchmark scripts (bench.mjs: training; bench-charts.mjs: live charts): a static server for a
// built dist/, the headless Chromium flags, and what the machine was doing.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.gz': 'application/octet-stream' };

/**
 * Serves `dist` on a free 127.0.0.1 port, without cross-origin-isolation headers (like `vite preview`), so WebAssembly
 * runs with SIMD but without threads, as in the app. Resolves with the server and its base URL.
 */
export function serveDir(dist) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size, 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` }));
  });
}

/** CHROMIUM_PATH, default /usr/bin/chromium. */
export const chromiumExecutable = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The e2e flags (SwiftShader), or with `gpu` the flags that use a real GPU; BENCH_CHROMIUM_ARGS adds more. */
export function chromiumArgsFor({ gpu = false } = {}) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--enable-unsafe-webgpu',
    ...(gpu
      ? ['--enable-gpu', '--ignore-gpu-blocklist', '--use-angle=vulkan', '--enable-features=Vulkan,WebGPU', '--disable-vulkan-surface']
      : ['--enable-unsafe-swiftshader']),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(process.env.BENCH_CHROMIUM_ARGS ? process.env.BENCH_CHROMIUM_ARGS.split(/\s+/).filter(Boolean) : []),
  ];
}

/** Other Chromium processes running now (they share the cores and disturb timings). */
export function otherChromiums() {
  try {
    const out = execFileSync('ps', ['-eo', 'pid,pcpu,args'], { encoding: 'utf8' });
    const rows = out.split('\n').slice(1).filter((l) => /chrom(e|ium)/i.test(l) && !l.includes('ps -eo'));
    return { count: rows.length, cpuPercent: rows.reduce((s, l) => s + (Number(l.trim().split(/\s+/)[1]) || 0), 0) };
  } catch {
    return { count: -1, cpuPercent: 0 };
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

/** `git describe --always --dirty` of `cwd`, or null outside a checkout. */
export function gitDescribe(cwd) {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** `--name` flags and `--name value` options of a bench script's command line. */
export function cliArgs(argv = process.argv.slice(2)) {
  return {
    argv,
    flag: (name) => argv.includes(`--${name}`),
    opt: (name, dflt) => {
      const i = argv.indexOf(`--${name}`);
      return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
    },
  };
}
