import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../core/types';

/** tfjs keeps these on its backends; not in the public typings. */
interface WebGLBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}
interface WebGPUBackendLike {
  device?: { lost?: Promise<{ reason?: string; message?: string }>; destroy?: () => void };
}

const glOf = () => (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl ?? null;
const deviceOf = () => (tf.backend() as unknown as WebGPUBackendLike).device ?? null;

/**
 * Calls onLost once when the GPU behind the active backend goes away (a driver reset, another tab taking the GPU,
 * or WEBGL_lose_context): the WebGL canvas's webglcontextlost event, or WebGPU's device.lost. tfjs does not
 * recover from either — its next read waits forever — so the engine is restarted by the page (see the store).
 */
export function watchDeviceLoss(name: BackendName, onLost: (why: string) => void): () => void {
  let fired = false;
  const fire = (why: string) => {
    if (fired) return;
    fired = true;
    onLost(why);
  };
  if (name === 'webgl') {
    const canvas = glOf()?.canvas as (HTMLCanvasElement | OffscreenCanvas) | undefined;
    if (!canvas || typeof canvas.addEventListener !== 'function') return () => {};
    const listener = (e: Event) => {
      e.preventDefault(); // asks the browser to restore the context, which a new engine can then use
      fire('the WebGL context was lost');
    };
    canvas.addEventListener('webglcontextlost', listener);
    return () => canvas.removeEventListener('webglcontextlost', listener);
  }
  if (name === 'webgpu') {
    const device = deviceOf();
    void device?.lost?.then((info) => fire(`the WebGPU device was lost${info?.message ? ` (${info.message})` : ''}`));
    return () => {
      fired = true;
    };
  }
  return () => {};
}

/**
 * Fault injection for tests and for people checking what Tensorscope does when the GPU goes away: loses the
 * active backend's GPU context exactly as a driver reset would. Exposed on the worker's global scope.
 */
export function loseGpuContext(): string {
  const name = tf.getBackend();
  if (name === 'webgl') {
    const ext = glOf()?.getExtension('WEBGL_lose_context');
    if (!ext) return 'no WEBGL_lose_context extension';
    ext.loseContext();
    return 'webgl context lost';
  }
  if (name === 'webgpu') {
    const device = deviceOf();
    if (!device?.destroy) return 'no WebGPU device';
    device.destroy();
    return 'webgpu device destroyed';
  }
  return `the ${name} backend has no GPU context`;
}
