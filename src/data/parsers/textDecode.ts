/**
 * A text file as people's tools write it. Excel's "Unicode Text" and PowerShell's `>` write UTF-16 (with a BOM);
 * Excel's plain "CSV" on Windows writes Windows-1252, which is not valid UTF-8 once it holds an accent. Read as
 * UTF-8 only, the first is "not a dataset" and the second shows "caf�" as a class name.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** UTF-16 by its BOM, or (no BOM) by its zero high bytes: ASCII text in UTF-16 has a NUL in every other byte. */
export function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const n = Math.min(b.length, 4096) & ~1;
  // Short files are left alone: a few bytes of binary (labels 1, 0, 2, 0) look like anything.
  if (n < 32) return null;
  const printable = (c: number) => (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d;
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i + 1] === 0 && printable(b[i])) le++;
    if (b[i] === 0 && printable(b[i + 1])) be++;
  }
  // Mostly-ASCII text: ≥ 90 % of the units are a printable ASCII character with a zero high byte.
  const pairs = n / 2;
  if (le >= 0.9 * pairs) return 'utf-16le';
  if (be >= 0.9 * pairs) return 'utf-16be';
  return null;
}

/** Whether the bytes are text: UTF-16 (as above), or no NUL byte in the first 4 KB. */
export function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  if (sniffUtf16(b)) return true;
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return false;
  return true;
}

/** Decodes a text file: UTF-16 when sniffed, else UTF-8, else (invalid UTF-8) Windows-1252. Any BOM is dropped. */
export function decodeText(b: Uint8Array): DecodedText {
  const utf16 = sniffUtf16(b);
  if (utf16) return { text: new TextDecoder(utf16).decode(b), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(b), encoding: 'windows-1252' };
  }
}

/** 0x80–0x9F in Windows-1252 (the WHATWG table: the five unassigned bytes stay C1 controls). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Hand-written because Node's TextDecoder('windows-1252') decodes as Latin-1 (0x80 → U+0080, not €), so the unit
 * tests and the browser would disagree; every other byte is its own code point.
 */
function decodeWindows1252(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < b.length; i += 8192) {
    const chunk = b.subarray(i, i + 8192);
    let s = '';
    for (let k = 0; k < chunk.length; k++) {
      const c = chunk[k];
      s += c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80] : String.fromCharCode(c);
    }
    parts.push(s);
  }
  return parts.join('');
}

/** The note a person sees when a file was not UTF-8; null for UTF-8. */
export function encodingNote(fileName: string, encoding: TextEncoding): string | null {
  if (encoding === 'utf-8') return null;
  if (encoding === 'windows-1252') {
    return `${fileName} is not UTF-8, so it was read as Windows-1252 (Western European, what Excel's "CSV" writes on Windows). If accented letters look wrong, save it as "CSV UTF-8" and load it again.`;
  }
  return `${fileName} was read as ${encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}, as Excel's "Unicode Text" writes it.`;
}
