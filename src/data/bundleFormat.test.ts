import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { encodeBundle } from '../../scripts/bundle-format.mjs';
import { decodeBundle, maybeGunzip } from './bundleFormat';
import { datasetFromBundle } from './bundledMnist';
import { TensorscopeError } from '../core/errors';

function sample() {
  const images = new Uint8Array(3 * 4 * 5).map((_, i) => (i * 37) % 256);
  const labels = new Uint8Array([0, 2, 1]);
  return { images, labels, count: 3, height: 4, width: 5, channels: 1, numClasses: 3 };
}

describe('dataset bundle', () => {
  it('round-trips pixels, labels and sizes through encode and decode', () => {
    const s = sample();
    const d = decodeBundle(encodeBundle(s));
    expect(Array.from(d.images)).toEqual(Array.from(s.images));
    expect(Array.from(d.labels)).toEqual([0, 2, 1]);
    expect([d.count, d.height, d.width, d.channels, d.numClasses]).toEqual([3, 4, 5, 1, 3]);
  });

  it('inflates gzip and passes raw bytes through', async () => {
    const raw = encodeBundle(sample());
    expect(Array.from(await maybeGunzip(new Uint8Array(gzipSync(raw))))).toEqual(Array.from(raw));
    expect(await maybeGunzip(raw)).toBe(raw);
  });

  it('rejects a wrong magic, a truncated file and out-of-range labels with a typed error', () => {
    const good = encodeBundle(sample());
    const badMagic = good.slice();
    badMagic[0] = 0x58;
    expect(() => decodeBundle(badMagic)).toThrow(/not a Tensorscope bundle/);
    expect(() => decodeBundle(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    const badLabel = good.slice();
    badLabel[badLabel.length - 1] = 7;
    expect(() => decodeBundle(badLabel)).toThrow(TensorscopeError);
    expect(() => decodeBundle(new Uint8Array(5))).toThrow(/too short/);
  });

  it('gives the same fingerprint for the same data and a different one when a pixel changes', async () => {
    const a = await datasetFromBundle(encodeBundle(sample()));
    const b = await datasetFromBundle(encodeBundle(sample()));
    const s = sample();
    s.images[7] ^= 1;
    const c = await datasetFromBundle(encodeBundle(s));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});
