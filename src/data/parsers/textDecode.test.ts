import { describe, expect, it } from 'vitest';
import { decodeText, encodingNote, looksLikeText, sniffUtf16 } from './textDecode';

/** UTF-16 as Windows tools write it: little-endian, optionally with a BOM. */
function utf16(s: string, { bom = true, bigEndian = false } = {}): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + s;
  const b = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const [hi, lo] = [units.charCodeAt(i) >> 8, units.charCodeAt(i) & 255];
    b.set(bigEndian ? [hi, lo] : [lo, hi], 2 * i);
  }
  return b;
}
/** Windows-1252 bytes for text whose characters are all in Latin-1. */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

const TABLE = 'name\tcity\tlabel\r\nZoë\tMünchen\t1\r\nJosé\tSão Paulo\t0\r\n';

describe('decodeText', () => {
  it('reads UTF-16 with a BOM either way round, and without one by its zero bytes', () => {
    expect(decodeText(utf16(TABLE))).toEqual({ text: TABLE, encoding: 'utf-16le' });
    expect(decodeText(utf16(TABLE, { bigEndian: true }))).toEqual({ text: TABLE, encoding: 'utf-16be' });
    expect(decodeText(utf16(TABLE, { bom: false }))).toEqual({ text: TABLE, encoding: 'utf-16le' });
    expect(decodeText(utf16(TABLE, { bom: false, bigEndian: true }))).toEqual({ text: TABLE, encoding: 'utf-16be' });
  });

  it('reads UTF-8 (dropping a BOM) and falls back to Windows-1252 where the bytes are not UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFF' + TABLE))).toEqual({ text: TABLE, encoding: 'utf-8' });
    expect(decodeText(latin1(TABLE))).toEqual({ text: TABLE, encoding: 'windows-1252' });
    // 0x80 and 0x93/0x94 are € and curly quotes in Windows-1252, not the Latin-1 controls.
    expect(decodeText(Uint8Array.from([0x80, 0x35, 0x2c, 0x93, 0x61, 0x94])).text).toBe('€5,“a”');
  });

  it('text is UTF-16 or free of NULs; binary with zeros in both byte lanes is not text', () => {
    expect(looksLikeText(utf16('a,b\n1,2\n'.repeat(4), { bom: false }))).toBe(true);
    expect(looksLikeText(new TextEncoder().encode('a,b\n'))).toBe(true);
    expect(looksLikeText(new Uint8Array(0))).toBe(false);
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);
    expect(sniffUtf16(labels)).toBeNull();
    expect(looksLikeText(labels)).toBe(false);
    // Little-endian int16 labels have a zero high byte too, but their low bytes are not text.
    const int16 = Uint8Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : (i / 2) % 10));
    expect(sniffUtf16(int16)).toBeNull();
    expect(sniffUtf16(Uint8Array.from([1, 0, 2, 0, 3]))).toBeNull();
  });

  it('says how a file was read when it was not UTF-8', () => {
    expect(encodingNote('a.csv', 'utf-8')).toBeNull();
    expect(encodingNote('a.csv', 'windows-1252')).toMatch(/^a\.csv is not UTF-8, so it was read as Windows-1252 .*"CSV UTF-8"/);
    expect(encodingNote('a.txt', 'utf-16le')).toBe('a.txt was read as UTF-16 (little-endian), as Excel\'s "Unicode Text" writes it.');
  });
});
