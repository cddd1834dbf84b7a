import { describe, expect, it } from 'vitest';
import { activateBackend, candidateBackends } from './backends';

describe('backend selection', () => {
  it('auto tries webgpu, webgl, wasm, cpu in order; a choice by hand is tried alone', () => {
    expect(candidateBackends('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidateBackends('webgl')).toEqual(['webgl']);
    // Conv nets train on wasm too (its missing Conv2DBackpropFilter is registered by kernels/).
    expect(candidateBackends('wasm')).toEqual(['wasm']);
  });

  it('in Node, auto skips the backends that cannot start with reasons and lands on a working one', async () => {
    const info = await activateBackend('auto');
    expect(info.name).toBe('cpu');
    const skipped = info.attempts.filter((a) => !a.ok).map((a) => a.backend);
    // wasm cannot fetch its binaries from the Vite asset URLs in Node (the app serves them).
    expect(skipped).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(info.attempts.every((a) => a.ok || (a.reason && a.reason.length > 0))).toBe(true);
  });
});
