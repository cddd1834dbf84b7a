import { describe, expect, it } from 'vitest';
import { activateBackend, candidateBackends } from './backends';
import { TensorscopeError } from '../core/errors';

describe('backend selection', () => {
  it('auto tries webgpu, webgl, wasm, cpu in order, and skips wasm for conv nets', () => {
    expect(candidateBackends('auto', false)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidateBackends('auto', true)).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(candidateBackends('webgl', true)).toEqual(['webgl']);
  });

  it('refuses wasm for a conv net by hand, naming the missing kernel', () => {
    expect(() => candidateBackends('wasm', true)).toThrow(TensorscopeError);
    expect(() => candidateBackends('wasm', true)).toThrow(/Conv2DBackpropFilter/);
  });

  it('in Node, auto skips the GPU backends with reasons and lands on a working one', async () => {
    const info = await activateBackend('auto', true);
    expect(info.name).toBe('cpu');
    const skipped = info.attempts.filter((a) => !a.ok).map((a) => a.backend);
    expect(skipped).toEqual(['webgpu', 'webgl']);
    expect(info.attempts.every((a) => a.ok || (a.reason && a.reason.length > 0))).toBe(true);
  });
});
