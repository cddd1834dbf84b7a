import { describe, expect, it, vi } from 'vitest';
import { activateBackend, candidateBackends } from './backends';

describe('backend selection', () => {
  it('auto tries webgpu, webgl, wasm, cpu in order; a choice by hand is tried alone', () => {
    expect(candidateBackends('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidateBackends('webgl')).toEqual(['webgl']);
    // Conv nets train on wasm too (its missing Conv2DBackpropFilter is registered by kernels/).
    expect(candidateBackends('wasm')).toEqual(['wasm']);
  });

  it('in Node, auto skips the backends that cannot start with reasons and lands on a working one', async () => {
    // wasm failing to start is expected here: its complaints are captured (and checked), not printed.
    const warned: string[] = [];
    const capture = (...args: unknown[]) => void warned.push(args.map(String).join(' '));
    const spies = [vi.spyOn(console, 'warn').mockImplementation(capture), vi.spyOn(console, 'error').mockImplementation(capture)];
    let info: Awaited<ReturnType<typeof activateBackend>>;
    try {
      info = await activateBackend('auto');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(warned).toContain('Initialization of backend wasm failed');
    expect(info.name).toBe('cpu');
    const skipped = info.attempts.filter((a) => !a.ok).map((a) => a.backend);
    // wasm cannot fetch its binaries from the Vite asset URLs in Node (the app serves them).
    expect(skipped).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(info.attempts.every((a) => a.ok || (a.reason && a.reason.length > 0))).toBe(true);
  });
});
