/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The Content-Security-Policy of the built pages (index.html and bench.html), as a <meta> tag: no inline or foreign
 * script (WebAssembly compiles: the wasm backend), workers from the app or blob:, data imported from any http(s) URL
 * (people load datasets and models from addresses), images from the app, data: (chart export rasterises an SVG) or
 * blob:, styles from the app's stylesheet only (React and the chart export set styles through the CSSOM, which CSP
 * does not block), no plugins, no <base> elsewhere, no form posts. frame-ancestors cannot be set from a <meta>.
 * Build only: Vite's dev server injects inline scripts (the React refresh preamble).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' http: https: data: blob:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'tensorscope-csp',
    apply: 'build',
    // Right after <meta charset> (which must come first), before any script or stylesheet the policy governs.
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (charset.test(html)) return html.replace(charset, (m) => `${m}\n    ${meta}`);
        if (/<head>/i.test(html)) return html.replace(/<head>/i, (m) => `${m}\n    ${meta}`);
        throw new Error(`${ctx.path}: no <head> to put the Content-Security-Policy in`);
      },
    },
  };
}

/**
 * The app page starts its two workers before its own scripts load (public/boot/start-workers.js), told their built
 * files' names in data- attributes. Build only: in dev the app starts them itself. A plain script, so it is added
 * here rather than in index.html, where Vite would warn that it cannot bundle it.
 */
function bootWorkers(): Plugin {
  return {
    name: 'tensorscope-boot-workers',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => {
        if (!/(^|\/)index\.html$/.test(ctx.path)) return html;
        const files = Object.keys(ctx.bundle ?? {});
        const find = (name: string) => files.find((f) => new RegExp(`(^|/)${name}\\.worker-[\\w-]+\\.js$`).test(f));
        const training = find('training');
        const data = find('data');
        if (!training || !data) throw new Error('index.html: the training and data worker files are not in the build');
        const tag = `<script src="./boot/start-workers.js" data-training-worker="./${training}" data-data-worker="./${data}" async></script>`;
        // First of the page's requests (after the policy that governs the workers it starts), ahead of the app's own.
        const csp = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
        if (!csp.test(html)) throw new Error('index.html: no Content-Security-Policy to put the boot script after');
        return html.replace(csp, (m) => `${m}\n    ${tag}`);
      },
    },
  };
}

// base './' keeps every asset URL relative, so dist/ works from any sub-path (e.g. a GitHub Pages project site).
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), bootWorkers()],
  // The app's tfjs without the WebGL backend up front (see src/training/tfjsBrowser.ts); Vitest keeps the real package.
  resolve: process.env.VITEST ? {} : { alias: [{ find: /^@tensorflow\/tfjs$/, replacement: fileURLToPath(new URL('./src/training/tfjsBrowser.ts', import.meta.url)) }] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    // index.html is the app; bench.html is the training benchmark page (npm run bench, see BENCHMARKS.md).
    // rolldownOptions is Vite 8's name for the deprecated rollupOptions alias.
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        bench: fileURLToPath(new URL('./bench.html', import.meta.url)),
        // The embeddable model view (an iframe's page with a postMessage API; see docs/ARCHITECTURE.md, Embed).
        embed: fileURLToPath(new URL('./embed.html', import.meta.url)),
        // The live chart benchmark (npm run bench:charts) shares React and the chart code with the app, so it is built
        // only on request: as a default input it would split those into shared chunks and change the app's bundle.
        ...(process.env.TS_CHART_BENCH ? { chartbench: fileURLToPath(new URL('./chartbench.html', import.meta.url)) } : {}),
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // knownNoise first: it filters tfjs's Node banner and the expected wasm-in-Node failure before anything prints.
    setupFiles: ['src/test/knownNoise.ts', 'src/test/setup.ts'],
    testTimeout: 60_000,
  },
});
