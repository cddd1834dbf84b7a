import { describe, expect, it } from 'vitest';
import { validProbes } from './knownProbes';

describe('stored auto-backend choices', () => {
  it('keep well-formed entries and drop anything else', () => {
    const good = { chosen: 'webgl', results: [{ backend: 'webgl', samplesPerSec: 1300 }, { backend: 'cpu', samplesPerSec: null, reason: 'not timed' }] };
    const out = validProbes({ a: good, b: { chosen: 'quantum', results: [] }, c: { chosen: 'wasm', results: 'x' }, d: null, e: { chosen: 'wasm', results: [{ backend: 'wasm', samplesPerSec: 'fast' }, { backend: 'wasm', samplesPerSec: 900 }] } });
    expect(out).toEqual({ a: good, e: { chosen: 'wasm', results: [{ backend: 'wasm', samplesPerSec: 900 }] } });
    for (const junk of [null, 5, 'x', [good]]) expect(validProbes(junk)).toEqual({});
  });
});
