import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/types';
import { cpuFusedAdamConfig, wasmFusedAdamConfig } from './hostKernels';
import { FUSED_ADAM } from './kernelName';
import { webglFusedAdamConfig } from './webglKernel';

function registerOnce(config: tf.KernelConfig): void {
  if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
}

// cpu, wasm and webgl kernels need nothing of their backend's package: registered with this module, so every
// optimizer made after it (app, workers, tests) finds them.
registerOnce(cpuFusedAdamConfig);
registerOnce(wasmFusedAdamConfig);
registerOnce(webglFusedAdamConfig);

/** Registers the fused Adam kernel of a backend whose kernel imports its package (webgpu); backends.ts calls it. */
export async function registerFusedAdam(backend: BackendName): Promise<void> {
  if (backend !== 'webgpu' || tf.getKernel(FUSED_ADAM, backend)) return;
  const { webgpuFusedAdamConfig } = await import('./webgpuKernel');
  registerOnce(webgpuFusedAdamConfig);
}
