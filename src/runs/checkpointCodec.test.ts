import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../core/errors';
import { checkpointBytes, decodeBatchChunks, decodeTensors, encodeBatchChunk, encodeTensors, formatBytes, makeCheckpoint } from './checkpointCodec';

describe('tensor codec', () => {
  it('copies each tensor into a buffer of its own, exactly sized, and back', () => {
    const big = new Float32Array([9, 9, 1.5, -0, NaN, 3, 9]);
    const view = big.subarray(2, 6); // a view into a larger buffer
    const stored = encodeTensors([{ name: 'w', shape: [2, 2], values: view }]);
    expect(stored[0].data.byteLength).toBe(16);
    big[2] = 100; // the stored copy does not follow the source
    const [back] = decodeTensors(stored);
    expect(back.shape).toEqual([2, 2]);
    expect(Array.from(back.values)).toEqual([1.5, -0, NaN, 3]);
    expect(Object.is(back.values[1], -0)).toBe(true);
  });

  it('property: any float32 values round-trip bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.float(), { maxLength: 64 }), (xs) => {
        const values = new Float32Array(xs);
        const [back] = decodeTensors(encodeTensors([{ name: 't', shape: [xs.length], values }]));
        expect(Array.from(new Uint32Array(back.values.buffer))).toEqual(Array.from(new Uint32Array(values.buffer)));
      }),
    );
  });

  it('refuses values that do not fit the shape, and damaged buffers', () => {
    expect(() => encodeTensors([{ name: 'w', shape: [3, 2], values: new Float32Array(5) }])).toThrow(TensorscopeError);
    expect(() => decodeTensors([{ name: 'w', shape: [2], data: new ArrayBuffer(6) }])).toThrow(/damaged/);
    expect(() => decodeTensors([{ name: 'w', shape: [3], data: new ArrayBuffer(8) }])).toThrow(/does not fit its shape \[3\]/);
  });

  it('counts the bytes of weights and optimizer state', () => {
    const cp = makeCheckpoint({
      runId: 'r',
      kind: 'last',
      epoch: 3,
      weights: [{ name: 'a', shape: [10], values: new Float32Array(10) }, { name: 'b', shape: [], values: new Float32Array(1) }],
      optimizer: [{ name: 'a/m', shape: [10], values: new Float32Array(10) }],
      savedAt: 5,
    });
    expect(checkpointBytes(cp)).toBe(84);
    expect(checkpointBytes({ ...cp, optimizer: null })).toBe(44);
    expect(cp).toMatchObject({ runId: 'r', kind: 'last', epoch: 3, savedAt: 5 });
  });

  it('formats sizes in words', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12_345)).toBe('12 kB');
    expect(formatBytes(1_200_000)).toBe('1.2 MB');
    expect(formatBytes(3_400_000_000)).toBe('3.4 GB');
  });
});

describe('batch chunk codec', () => {
  it('stores rows column-wise and reads them back in order', () => {
    const rows = [
      { step: 1, epoch: 1, loss: 2.5, metric: 0.125 },
      { step: 2, epoch: 1, loss: 0.1, metric: 0.3 },
    ];
    const chunk = encodeBatchChunk('r', 4, rows);
    expect(chunk.seq).toBe(4);
    expect(chunk.steps).toBeInstanceOf(Int32Array);
    expect(chunk.loss).toBeInstanceOf(Float32Array);
    const more = encodeBatchChunk('r', 5, [{ step: 3, epoch: 2, loss: 1, metric: 1 }]);
    expect(decodeBatchChunks([chunk, more])).toEqual([
      { step: 1, epoch: 1, loss: 2.5, metric: 0.125 },
      { step: 2, epoch: 1, loss: Math.fround(0.1), metric: Math.fround(0.3) },
      { step: 3, epoch: 2, loss: 1, metric: 1 },
    ]);
  });
});
