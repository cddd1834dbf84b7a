import * as tf from '@tensorflow/tfjs';
import { TensorscopeError, describeError } from '../core/errors';
import { BACKEND_ORDER, type BackendChoice, type BackendName } from '../core/types';
import { registerFusedAdam } from './fusedAdam/register';
import type { BackendAttempt, BackendInfo } from './protocol';

/**
 * Which backends auto-selection tries, in order (auto measures the ones that start, see backendProbe.ts). Every
 * backend trains every model the studio builds: wasm's missing Conv2DBackpropFilter comes from kernels/, as do faster
 * convolution gradients for cpu and webgl.
 */
export function candidateBackends(choice: BackendChoice): BackendName[] {
  return choice === 'auto' ? [...BACKEND_ORDER] : [choice];
}

async function register(name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) {
    if (name === 'webgpu') {
      if (typeof navigator === 'undefined' || !('gpu' in navigator)) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (name === 'webgl') {
      // Not part of the app's tfjs (tfjsBrowser.ts): loaded the first time WebGL is started.
      await import('@tensorflow/tfjs-backend-webgl');
    } else if (name === 'wasm') {
      const { configureWasm } = await import('./wasmBackend');
      configureWasm();
    }
    if (!tf.findBackendFactory(name)) throw new Error(`the ${name} backend is not available in this build`);
  }
  // Also when something else imported the backend's package first (Node tests do): the training kernels must be there.
  const { registerTrainingKernels } = await import('./kernels/registerTrainingKernels');
  registerTrainingKernels(name);
  await registerFusedAdam(name);
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

async function describeAdapter(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgl') {
      // tfjs keeps its WebGL context on the backend's gpgpu context; not part of the public typings.
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      const version = gl.getParameter(gl.VERSION);
      return `${String(renderer)} (${String(version)})`;
    }
    if (name === 'webgpu') {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
      const adapter = await gpu?.requestAdapter();
      const i = adapter?.info;
      if (!i) return null;
      return [i.vendor, i.architecture, i.device, i.description].filter((s) => s).join(' · ') || 'unknown adapter';
    }
    if (name === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `WebAssembly${simd ? ' + SIMD' : ''}${threads ? ' + threads' : ''}`;
    }
  } catch {
    return null;
  }
  return name === 'cpu' ? 'JavaScript (no acceleration)' : null;
}

/** Runs one tiny op and reads it back: a backend that registers but cannot compute is caught here, not mid-run. */
async function smokeTest(): Promise<void> {
  const t = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum());
  try {
    const [v] = await t.data();
    if (v !== 8) throw new Error(`a test computation gave ${v} instead of 8`);
  } finally {
    t.dispose();
  }
}

/**
 * Starts one backend (registering it on first use), makes it the active one and checks that it computes; throws
 * the reason when it cannot. Its `attempts` list only this backend.
 */
export async function startBackend(name: BackendName): Promise<BackendInfo> {
  const engine = tf.engine();
  // A backend whose initialisation failed stays the engine's name without an instance: set it again.
  if (engine.backendName !== name || engine.registry[name] == null) {
    await register(name);
    // A flag of the WebGL package (registered once it is loaded): let tfjs use a software-rendered context.
    if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`${name} failed to initialise`);
  }
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`${name} failed to initialise`);
  await smokeTest();
  const adapter = await describeAdapter(name);
  const software = /swiftshader|llvmpipe|software|basic render/i.test(adapter ?? '');
  return { name, adapter, software, attempts: [{ backend: name, ok: true }] };
}

/**
 * Activates the first backend that initialises, in order, and says what was tried.
 * Software-rendered WebGL is allowed: on machines without a GPU it still beats the CPU backend for conv nets.
 */
export async function activateBackend(choice: BackendChoice): Promise<BackendInfo> {
  const attempts: BackendAttempt[] = [];
  for (const name of candidateBackends(choice)) {
    try {
      const info = await startBackend(name);
      attempts.push({ backend: name, ok: true });
      return { ...info, attempts };
    } catch (err) {
      attempts.push({ backend: name, ok: false, reason: describeError(err) });
    }
  }
  const detail = attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ');
  throw new TensorscopeError('backend-init', `No backend could start (${detail}).`);
}
