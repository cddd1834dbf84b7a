import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite serves the .wasm binaries as hashed assets; handing their URLs to tfjs keeps everything offline and sub-path safe.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerTrainingKernels } from './kernels/registerTrainingKernels';

let configured = false;

/** Registers the wasm backend (importing the package registers it) and points it at the bundled binaries. */
export function configureWasm(): void {
  if (configured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  registerTrainingKernels('wasm'); // kernels tfjs 4.22's wasm lacks for training (Conv2DBackpropFilter)
  configured = true;
}
