/**
 * base64url (RFC 4648 §5) without padding, for bytes carried in a URL fragment.
 *
 * Hand-written rather than btoa/atob: those work on "binary strings", need padding and accept characters a URL
 * would mangle, and Buffer does not exist in the browser. Decoding is strict so that a link has exactly one
 * spelling: only A–Z a–z 0–9 - _, no padding, no whitespace, and the unused low bits of the last character must be
 * zero. Anything else gives null; nothing here throws.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Character code → 6-bit value, or -1 for a character outside the alphabet. */
const DECODE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Bytes → base64url text without '=' padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  const n = bytes.length;
  const parts: string[] = [];
  // Built in chunks: one string per 3 bytes would be slow, one giant join of single characters wasteful.
  const CHUNK = 3 * 4096;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63] + ALPHABET[v & 63];
    }
    const rest = end - i;
    if (rest === 1) {
      const v = bytes[i] << 16;
      s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63];
    } else if (rest === 2) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63];
    }
    parts.push(s);
  }
  return parts.join('');
}

/**
 * base64url text (no padding) → bytes, or null when the text is not canonical base64url: a character outside the
 * alphabet (including '=', '+', '/', whitespace), a length that leaves a lone character (length % 4 === 1), or
 * non-zero leftover bits in the last character. Never throws.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  const n = text.length;
  const tail = n % 4;
  if (tail === 1) return null;
  const out = new Uint8Array(Math.floor(n / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  const sextet = (k: number): number => {
    const c = text.charCodeAt(k);
    return c < 128 ? DECODE[c] : -1;
  };
  let o = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = sextet(i);
    const b = sextet(i + 1);
    const c = sextet(i + 2);
    const d = sextet(i + 3);
    if ((a | b | c | d) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (tail === 2) {
    const a = sextet(i);
    const b = sextet(i + 1);
    if ((a | b) < 0 || (b & 15) !== 0) return null;
    out[o++] = (a << 2) | (b >>> 4);
  } else if (tail === 3) {
    const a = sextet(i);
    const b = sextet(i + 1);
    const c = sextet(i + 2);
    if ((a | b | c) < 0 || (c & 3) !== 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
  }
  return out;
}
