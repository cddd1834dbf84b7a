/**
 * What `@tensorflow/tfjs` is in the built app (vite.config.ts aliases the package here; Node tests use the real
 * umbrella): tfjs-core with its gradients and chained ops, tfjs-layers and the cpu backend, as the umbrella sets them
 * up, but without the WebGL backend, which backends.ts imports when WebGL is started (0.7 MB of code, 28 % of the
 * training worker, that a run on wasm or WebGPU never executes but the worker had to load before it could start),
 * and without tfjs-converter and tfjs-data, which Tensorscope does not use.
 */
import '@tensorflow/tfjs-core';
// tslint-style deep imports, as in the umbrella package: gradients and tensor.method() ops.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { version_core } from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-backend-cpu';

export const version = { tfjs: version_core, 'tfjs-core': version_core, 'tfjs-layers': version_layers, 'tfjs-backend-cpu': version_cpu };
