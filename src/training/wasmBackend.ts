import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite serves the .wasm binaries as hashed assets; handing their URLs to tfjs keeps everything offline and sub-path safe.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;

/**
 * Registers the wasm backend (importing the package registers it) and points it at the bundled binaries; backends.ts
 * registers the training kernels right after.
 */
export function configureWasm(): void {
  if (configured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  configured = true;
}
