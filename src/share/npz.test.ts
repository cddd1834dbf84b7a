import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { npy, npz } from './npz';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'npz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const header = (file: Uint8Array) => {
  const len = file[8] | (file[9] << 8);
  return { len, text: new TextDecoder().decode(file.subarray(10, 10 + len)) };
};

describe('npy', () => {
  it('writes the v1.0 magic, a 64-byte aligned header that ends in a newline, then the little-endian values', () => {
    const file = npy(new Float32Array([1.5, -2]), [2, 1]);
    expect(Array.from(file.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const { len, text } = header(file);
    expect((10 + len) % 64).toBe(0);
    expect(text.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }");
    expect(text.endsWith('\n')).toBe(true);
    expect(Array.from(new Float32Array(file.slice(10 + len).buffer))).toEqual([1.5, -2]);
  });

  it('names uint8 and int32, writes 1-D shapes as (n,) and refuses a shape that does not hold the values', () => {
    expect(header(npy(new Uint8Array(3), [3])).text).toContain("'descr': '|u1'");
    expect(header(npy(new Uint8Array(3), [3])).text).toContain("'shape': (3,)");
    expect(header(npy(new Int32Array(6), [2, 3])).text).toContain("'descr': '<i4'");
    expect(() => npy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, not 5/);
  });

  it('npz holds one .npy per array, in order, compressed or stored', () => {
    const a = { data: new Uint8Array(1000).fill(7), shape: [10, 100] };
    const packed = npz({ x: a, 'layer/kernel': { data: new Float32Array([1, 2]), shape: [2] } });
    expect(Object.keys(unzipSync(packed))).toEqual(['x.npy', 'layer/kernel.npy']);
    expect(npz({ x: a }, false).length).toBeGreaterThan(npz({ x: a }, true).length);
  });
});

describe.skipIf(!hasNumpy)('numpy reads what npz writes', () => {
  it('np.load gives back every array with its dtype, shape and values', () => {
    const f32 = new Float32Array([0.1, -3.25, 1e-7, 65504, Math.PI, -0]);
    const u8 = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const i32 = new Int32Array([-2147483648, 0, 7, 2147483647]);
    const path = join(scratch, 'arrays.npz');
    writeFileSync(path, npz({ f: { data: f32, shape: [2, 3] }, img: { data: u8, shape: [2, 3, 4] }, y: { data: i32, shape: [4] }, 'dense_1/kernel': { data: new Float32Array(0), shape: [0, 5] } }));
    const code = `
import json, sys, numpy as np
with np.load(sys.argv[1], allow_pickle=False) as f:
    print(json.dumps({k: {"dtype": str(f[k].dtype), "shape": list(f[k].shape), "values": f[k].ravel().astype(float).tolist()} for k in f.files}))
`;
    const r = spawnSync('python3', ['-c', code, path], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, { dtype: string; shape: number[]; values: number[] }>;
    expect(Object.keys(got)).toEqual(['f', 'img', 'y', 'dense_1/kernel']);
    expect(got.f).toEqual({ dtype: 'float32', shape: [2, 3], values: Array.from(f32) });
    expect(got.img).toEqual({ dtype: 'uint8', shape: [2, 3, 4], values: Array.from(u8) });
    expect(got.y).toEqual({ dtype: 'int32', shape: [4], values: Array.from(i32) });
    expect(got['dense_1/kernel']).toEqual({ dtype: 'float32', shape: [0, 5], values: [] });
  });
});
