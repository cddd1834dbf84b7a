import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * The typed client (src/client/) as its own ES module, for pages that embed a Tensorscope model:
 * dist/client/tensorscope-client.js, with tensorscope-client.d.ts pointing at the declarations that
 * `tsc -p tsconfig.client.json` writes to dist/client/types/. Runs after the app's build, so it must not empty dist/.
 */
function declarationEntry(): Plugin {
  return {
    name: 'tensorscope-client-dts',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'tensorscope-client.d.ts', source: "export * from './types/index.js';\n" });
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [declarationEntry()],
  build: {
    target: 'es2022',
    outDir: 'dist/client',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./src/client/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'tensorscope-client.js',
    },
  },
});
