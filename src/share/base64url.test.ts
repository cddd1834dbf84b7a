import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url';

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('base64url', () => {
  it('encodes the RFC 4648 test vectors without padding', () => {
    const enc = (s: string) => encodeBase64Url(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg');
    expect(enc('fo')).toBe('Zm8');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foob')).toBe('Zm9vYg');
    expect(enc('fooba')).toBe('Zm9vYmE');
    expect(enc('foobar')).toBe('Zm9vYmFy');
  });

  it('uses - and _ instead of + and /', () => {
    expect(encodeBase64Url(bytes(0xfb, 0xff, 0xbf))).toBe('-_-_');
    expect(decodeBase64Url('-_-_')).toEqual(bytes(0xfb, 0xff, 0xbf));
  });

  it('agrees with Node’s Buffer and round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
        const text = encodeBase64Url(data);
        expect(text).toBe(Buffer.from(data).toString('base64url'));
        expect(decodeBase64Url(text)).toEqual(data);
      }),
      { numRuns: 300 },
    );
  });

  it('handles inputs larger than one encoding chunk', () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 7919) & 255);
    expect(decodeBase64Url(encodeBase64Url(data))).toEqual(data);
  });

  it('rejects characters outside the alphabet, padding, whitespace and impossible lengths', () => {
    for (const bad of ['Zg==', 'Zm9v+A', 'Zm9v/A', 'Zm 9v', 'Zm9v\n', 'Z', 'Zm9vY', 'é', 'Zm9\u{1F600}', '%41']) {
      expect(decodeBase64Url(bad), bad).toBeNull();
    }
  });

  it('rejects non-canonical trailing bits (one spelling per byte string)', () => {
    expect(decodeBase64Url('Zg')).toEqual(bytes(0x66));
    expect(decodeBase64Url('Zh')).toBeNull();
    expect(decodeBase64Url('Zm8')).toEqual(bytes(0x66, 0x6f));
    expect(decodeBase64Url('Zm9')).toBeNull();
  });

  it('never throws and accepts exactly the canonical encodings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64, unit: 'binary' }), (s) => {
        const out = decodeBase64Url(s);
        if (out !== null) expect(encodeBase64Url(out)).toBe(s);
      }),
      { numRuns: 500 },
    );
    expect(decodeBase64Url(undefined as unknown as string)).toBeNull();
  });
});
