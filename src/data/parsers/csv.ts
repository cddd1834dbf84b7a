import { TensorscopeError } from '../../core/errors';
import type { ImageArrays } from '../../core/types';
import { formattedNumber, mayBeFormatted } from './formattedNumber';
import { COMMA, CR, DOT, LF, PIPE, QUOTE, SEMICOLON, SPACE, TAB } from './charCodes';
import { isWhitespaceSeparated, whitespaceToTabs } from './csvLayout';
import { dayFirstDates } from '../table/cells';
import type { TextEncoding } from './textDecode';

/**
 * CSV for people's own tabular and image datasets (RFC 4180, plus what real files do):
 * delimiter ',' ';' tab or '|' (picked from the header line), quoted fields with "" escapes and embedded
 * delimiters/newlines, CRLF / LF / lone CR line ends, a UTF-8 BOM, and blank lines (skipped anywhere).
 * Unquoted fields are trimmed of spaces and tabs; quoted fields keep their exact content.
 * Numbers use '.' as the decimal point; in ';'-separated files a decimal comma ("3,14", "1.234,5") is read too.
 * An empty cell is a missing value (NaN), not a non-numeric one.
 * A hand-written scanner rather than papaparse: measured faster on 50 MB files (scripts/measure-csv-parse.mjs).
 */
export interface CsvTable {
  fileName: string;
  header: string[];
  rowCount: number;
  /** per column, numbers (NaN where not numeric) */
  numeric: Float64Array[];
  /** per column, raw strings — only kept for columns that are not entirely numeric */
  text: (string[] | null)[];
  /** per column: the first non-numeric cell's line number, or 0 */
  firstNonNumericLine: number[];
  /**
   * 1-based line on which each row starts (rows and lines differ when quoted fields hold newlines or blank lines
   * are skipped). parseCsv always fills it; optional so hand-built tables stay valid, and messages then say "row N".
   */
  rowLines?: Uint32Array;
  /**
   * The detected field separator (',' ';' '\t' '|', ' ' for runs of spaces and tabs; 'json' for parseJsonTable,
   * 'xlsx' for parseXlsx, 'arff' for parseArff, 'parquet' for parseParquet); optional for hand-built tables.
   */
  delimiter?: string;
  /** false when the first row was data, not names (the columns are then "Column 1", "Column 2", …); absent means true. */
  hasHeader?: boolean;
  /** Lines above the table that were skipped (a title, notes: see preamble), when there were any. */
  skippedLines?: number;
  /** The first line was Excel's "sep=;", naming the delimiter (and skipped). */
  excelSep?: boolean;
  /** JSON: the keys whose values were objects or lists, spread into columns or kept as JSON text (flatRecord). */
  nestedKeys?: string[];
  /** The header was one name short (R's write.table): the first column, "Unnamed: 0", holds the row names. */
  rowNames?: boolean;
  /** Numeric dates in the file are day first (31/12/2020; dayFirstDates); absent: month first. */
  dayFirst?: boolean;
  /** Excel: the sheet read, and every visible sheet when there are several (parseXlsx). */
  sheet?: string;
  sheets?: string[];
  /** ',' when some cell was read with a decimal comma (only ever in ';'-separated files), else '.'. */
  decimal?: '.' | ',';
  /** How the file's bytes were decoded, when not UTF-8 (set by the file loader; the exported script reads it alike). */
  encoding?: TextEncoding;
}

export type CsvTask = 'classification' | 'regression';

export interface TabularArrays {
  features: Float32Array;
  /** count × featureNames.length */
  featureNames: string[];
  count: number;
  task: CsvTask;
  /** classification: class index per row */
  labels: Uint8Array | null;
  /** regression: target per row */
  targets: Float32Array | null;
  classNames: string[];
  targetName: string;
}

export interface ParseCsvOptions {
  /** More data rows than this is an error (default 2,000,000). */
  maxRows?: number;
  /** Called with increasing character counts while parsing, and once with (total, total) at the end. */
  onProgress?: (doneChars: number, totalChars: number) => void;
  /** Whether the first row holds the column names; left out, it is detected (firstRowIsData). */
  header?: boolean;
}

export const DEFAULT_MAX_ROWS = 2_000_000;
/** Far beyond any real dataset (MNIST has 785, CIFAR-as-CSV 3,073); stops a hostile header making millions of columns. */
export const MAX_COLUMNS = 100_000;
const MAX_CLASSES = 256;
const FLOAT32_MAX = 3.4028234663852886e38;
/** onProgress is called about once per this many chars, so a UI update is not paid for per row. */
const PROGRESS_EVERY = 1 << 20;


const fmt = (n: number): string => n.toLocaleString('en-US');

function csvError(message: string): TensorscopeError {
  return new TensorscopeError('dataset-format', message);
}

/** Shortens a cell for a message, so a corrupt multi-megabyte field cannot flood the UI. */
function quoteCell(s: string): string {
  const short = s.length > 40 ? s.slice(0, 40) + '…' : s;
  return JSON.stringify(short);
}

/** The line Excel writes first to name a CSV's delimiter: "sep=;" (with "sep=," and "sep=\t" or "sep=|"). */
const SEP_LINE = /^sep=([,;\t|])[ \t]*(?:\r?\n|\r|$)/i;

/** The field separators sniffed, in order of preference on a tie. */
const DELIMITERS = [COMMA, SEMICOLON, TAB, PIPE];

/** Lines (records: a quoted line break does not end one) sampled after the first to check its delimiter. */
const DELIMITER_SAMPLE_LINES = 20;

/** Per non-blank record from start: how many ',' ';' tab '|' it holds outside quotes (at most 1 + maxMore records). */
function delimiterCounts(t: string, start: number, maxMore: number): number[][] {
  const delims = DELIMITERS;
  const out: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let sawContent = false;
  for (let p = start; p < t.length && out.length <= maxMore; p++) {
    const c = t.charCodeAt(p);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false; // a doubled quote toggles twice, which nets out the same
      continue;
    }
    if (c === QUOTE) inQuotes = true;
    else if (c === LF || c === CR) {
      // Blank lines are not records.
      if (sawContent) out.push(counts);
      counts = [0, 0, 0, 0];
      sawContent = false;
      continue;
    } else {
      const k = delims.indexOf(c);
      if (k >= 0) counts[k]++;
    }
    if (c !== SPACE && c !== TAB) sawContent = true;
  }
  if (sawContent && out.length <= maxMore) out.push(counts);
  return out;
}

/**
 * Picks the delimiter from the header line: the most frequent of ',' ';' tab '|' outside quotes (ties: the earlier),
 * unless the lines below never hold it and do hold another one (a first line of notes such as UCI's "|1x3 Cross
 * validator" above comma-separated rows). Returns it with its count on the header line (on the rows when switched).
 */
function detectDelimiter(t: string, start: number): { delim: number; count: number } {
  const delims = DELIMITERS;
  // Excel's "sep=;" first line names the delimiter outright (preamble skips the line); never a table of spaces.
  const sep = SEP_LINE.exec(t.slice(start, start + 12));
  if (sep) return { delim: sep[1].charCodeAt(0), count: Number.MAX_SAFE_INTEGER };
  const lines = delimiterCounts(t, start, DELIMITER_SAMPLE_LINES);
  const counts = lines[0] ?? [0, 0, 0, 0];
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
  const rest = lines.slice(1);
  const share = (k: number) => rest.filter((l) => l[k] > 0).length / rest.length;
  if (rest.length >= 3 && share(best) < 0.1) {
    let other = -1;
    for (let k = 0; k < 4; k++) if (k !== best && share(k) >= 0.9 && (other < 0 || share(k) > share(other))) other = k;
    if (other >= 0) {
      const freq = new Map<number, number>();
      for (const l of rest) freq.set(l[other], (freq.get(l[other]) ?? 0) + 1);
      const mode = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
      return { delim: delims[other], count: mode };
    }
  }
  return { delim: delims[best], count: counts[best] };
}

/**
 * Reads one record at a time into reusable start/end arrays, scanning char codes only: no regex, no per-line split,
 * so memory stays at the text itself plus the output columns.
 */
class Scanner {
  pos: number;
  line = 1;
  /** Line on which the last record returned by next() starts. */
  recordLine = 0;
  /** Fields in the last record (may exceed the stored ones, see maxStored). */
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** bit 1: quoted, bit 0: holds a doubled quote that needs unescaping */
  flags = new Uint8Array(64);
  /** Fields beyond this are counted but not stored (rows only need the count for the error). */
  maxStored = MAX_COLUMNS + 1;

  constructor(
    readonly text: string,
    readonly delim: number,
    readonly fileName: string,
    start: number,
  ) {
    this.pos = start;
  }

  private store(i: number, s: number, e: number, f: number): void {
    if (i >= this.maxStored) return;
    if (i >= this.starts.length) {
      const cap = Math.min(this.starts.length * 2, this.maxStored);
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.flags = grow(this.flags, (n) => new Uint8Array(n));
    }
    this.starts[i] = s;
    this.ends[i] = e;
    this.flags[i] = f;
  }

  /** Advances to the next non-blank record; false at the end of the text. */
  next(): boolean {
    const t = this.text;
    const n = t.length;
    const d = this.delim;
    let p = this.pos;
    let c = -1;
    // Skip blank (empty or whitespace-only) lines, counting them.
    for (;;) {
      let q = p;
      while (q < n) {
        c = t.charCodeAt(q);
        if (c === SPACE || (c === TAB && d !== TAB)) q++;
        else break;
      }
      if (q >= n) {
        this.pos = n;
        return false;
      }
      c = t.charCodeAt(q);
      if (c === LF) {
        p = q + 1;
        this.line++;
      } else if (c === CR) {
        p = q + 1;
        if (p < n && t.charCodeAt(p) === LF) p++;
        this.line++;
      } else break;
    }

    this.recordLine = this.line;
    let count = 0;
    for (;;) {
      let s: number;
      let e: number;
      let f = 0;
      // A quote opens a quoted field only at the very start of the field (RFC 4180); elsewhere it is literal text.
      if (p < n && t.charCodeAt(p) === QUOTE) {
        const openLine = this.line;
        f = 2;
        s = ++p;
        for (;;) {
          if (p >= n) {
            throw csvError(`${this.fileName} line ${openLine}: a quoted field opened on this line is never closed.`);
          }
          c = t.charCodeAt(p);
          if (c === QUOTE) {
            if (p + 1 < n && t.charCodeAt(p + 1) === QUOTE) {
              f |= 1;
              p += 2;
              continue;
            }
            break;
          }
          if (c === LF || (c === CR && !(p + 1 < n && t.charCodeAt(p + 1) === LF))) this.line++;
          p++;
        }
        e = p++;
        // Tolerate spaces between the closing quote and the delimiter; anything else means a broken quote.
        c = -1;
        while (p < n) {
          c = t.charCodeAt(p);
          if (c === SPACE || (c === TAB && d !== TAB)) {
            p++;
            c = -1;
          } else break;
        }
        if (c !== -1 && c !== d && c !== LF && c !== CR) {
          throw csvError(
            `${this.fileName} line ${this.line}: field ${count + 1} has text after its closing quote (a quote inside a quoted field must be doubled: "").`,
          );
        }
      } else {
        s = p;
        c = -1;
        while (p < n) {
          c = t.charCodeAt(p);
          if (c === d || c === LF || c === CR) break;
          p++;
          c = -1;
        }
        e = p;
      }
      this.store(count, s, e, f);
      count++;
      if (c === d) {
        p++;
        continue;
      }
      if (c === CR) {
        p++;
        if (p < n && t.charCodeAt(p) === LF) p++;
        this.line++;
      } else if (c === LF) {
        p++;
        this.line++;
      }
      break;
    }
    this.pos = p;
    this.count = count;
    return true;
  }

  /** The cell's text: unquoted fields trimmed, quoted fields exact with "" unescaped. */
  cell(i: number): string {
    const t = this.text;
    let s = this.starts[i];
    let e = this.ends[i];
    const f = this.flags[i];
    if (f & 2) {
      const raw = t.substring(s, e);
      return f & 1 ? raw.replaceAll('""', '"') : raw;
    }
    while (s < e && isBlank(t.charCodeAt(s))) s++;
    while (e > s && isBlank(t.charCodeAt(e - 1))) e--;
    return t.substring(s, e);
  }
}

/** Spaces and tabs around a field; CR too, which only a quoted field or a readCellInto string can hold there. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

const MISSING = -1;
const NON_NUMERIC = -2;
const NUMBER = 0;
/** A number read with a decimal comma (readNumberAt; only in ';'-separated files). */
const NUMBER_COMMA = 1;

/** Powers of ten that doubles hold exactly: a product or quotient with one of them is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Classifies text[s, e) (surrounding spaces allowed) as empty (MISSING), a decimal number
 * ([+-] digits [dec digits] [e [+-] digits], written to out[at]) or NON_NUMERIC; out[at] is NaN unless NUMBER.
 * dec is the decimal separator's char code ('.' or ',').
 * Number() alone would not do: it accepts "0x1F" and "Infinity" and reads "" as 0.
 * Up to 15 digits with a net exponent within ±22 are computed directly from the char codes (Clinger's fast path:
 * both operands are exact doubles, so one multiply or divide gives the same correctly rounded value Number() would);
 * only longer literals pay for a substring and Number().
 */
function parseNumber(t: string, s: number, e: number, out: Float64Array, at: number, dec: number): number {
  while (s < e && isBlank(t.charCodeAt(s))) s++;
  while (e > s && isBlank(t.charCodeAt(e - 1))) e--;
  out[at] = NaN;
  if (s === e) return MISSING;
  let p = s;
  let c = t.charCodeAt(p);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    p++;
  }
  let m = 0;
  let digits = 0;
  while (p < e && (c = t.charCodeAt(p)) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    p++;
  }
  if (p === e && digits > 0 && digits <= 15) {
    out[at] = neg ? -m : m;
    return NUMBER;
  }
  let fracDigits = 0;
  if (p < e && c === dec) {
    p++;
    while (p < e && (c = t.charCodeAt(p)) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      fracDigits++;
      p++;
    }
    digits += fracDigits;
  }
  if (digits === 0) return NON_NUMERIC;
  let exp = 0;
  if (p < e && (c === 101 || c === 69)) {
    p++;
    let expNeg = false;
    if (p < e && ((c = t.charCodeAt(p)) === 45 || c === 43)) {
      expNeg = c === 45;
      p++;
    }
    const expStart = p;
    while (p < e && (c = t.charCodeAt(p)) >= 48 && c <= 57) {
      // Capped: past 1e6 the fast path is off anyway, and the cap keeps the sum finite.
      if (exp < 1e6) exp = exp * 10 + (c - 48);
      p++;
    }
    if (p === expStart) return NON_NUMERIC;
    if (expNeg) exp = -exp;
  }
  if (p !== e) return NON_NUMERIC;
  const net = exp - fracDigits;
  let x: number;
  if (digits <= 15 && net >= -22 && net <= 22) {
    x = net < 0 ? m / POW10[-net] : m * POW10[net];
    if (neg) x = -x;
  } else {
    const literal = t.substring(s, e);
    x = Number(dec === DOT ? literal : literal.replace(',', '.'));
  }
  // "1e999" passes the grammar but is not a usable number.
  if (!Number.isFinite(x)) return NON_NUMERIC;
  out[at] = x;
  return NUMBER;
}

/** "1.234,5" and "-12.345.678,9": '.' groups thousands only when a decimal comma follows. */
const GROUPED_DECIMAL_COMMA = /^[ \t\r]*[+-]?\d{1,3}(?:\.\d{3})+,\d+[ \t\r]*$/;
/** A ';'-file's cell that is no number with a decimal point: "3,14", ",5" and "1.234,5" are NUMBER, else NON_NUMERIC. */
function parseDecimalComma(t: string, s: number, e: number, out: Float64Array, at: number): number {
  if (parseNumber(t, s, e, out, at, COMMA) === NUMBER) return NUMBER;
  const cell = t.substring(s, e);
  if (!GROUPED_DECIMAL_COMMA.test(cell)) return NON_NUMERIC;
  const plain = cell.replaceAll('.', '');
  return parseNumber(plain, 0, plain.length, out, at, COMMA) === NUMBER ? NUMBER : NON_NUMERIC;
}

export type CellKind = 'missing' | 'number' | 'text';

/** Reads a cell into out[at] (NaN unless a number) by parseCsv's rules, decimal point only: so parseJsonTable agrees. */
export function readCellInto(cell: string, out: Float64Array, at: number): CellKind {
  const r = readNumberAt(cell, 0, cell.length, false, out, at);
  return r === NUMBER ? 'number' : r === MISSING ? 'missing' : 'text';
}

/**
 * One cell by the parser's rules, into out[at] (NaN unless a number): a decimal-point number; in a ';' file
 * (decimalComma) a decimal-comma one, answered NUMBER_COMMA so the table can say it has them; else a number as a
 * spreadsheet formats it ("$1,234.50", "12.5%"). The data rows, the header check and parseJsonTable all read so.
 */
function readNumberAt(t: string, s: number, e: number, decimalComma: boolean, out: Float64Array, at: number): number {
  let kind = parseNumber(t, s, e, out, at, DOT);
  if (kind !== NON_NUMERIC) return kind;
  if (decimalComma && parseDecimalComma(t, s, e, out, at) === NUMBER) return NUMBER_COMMA;
  if (mayBeFormatted(t, s, e)) {
    const x = formattedNumber(t.substring(s, e), decimalComma);
    if (!Number.isNaN(x)) {
      out[at] = x;
      kind = NUMBER;
    }
  }
  return kind;
}

function growTo(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/**
 * Names as pandas' read_csv gives them, so a file pandas wrote with its index (`df.to_csv()`: an empty first name)
 * or R with its row names, and a header with a name twice, load here and read the same in the Keras script:
 * an empty name is "Unnamed: j" (0-based), a repeat of "a" is "a.1", then "a.2" (skipping names already taken).
 */
function dedupNames(names: string[]): void {
  // pandas' C parser: a candidate "a.k" already in the header (as it stands) is skipped.
  const present = new Map<string, number>();
  for (const n of names) present.set(n, (present.get(n) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const old = names[i];
    let col = old;
    let cur = counts.get(col) ?? 0;
    while (cur > 0) {
      counts.set(old, cur + 1);
      col = `${old}.${cur}`;
      cur = present.get(col) ? cur + 1 : (counts.get(col) ?? 0);
    }
    if (col !== old) {
      present.set(old, (present.get(old) ?? 1) - 1);
      present.set(col, (present.get(col) ?? 0) + 1);
    }
    names[i] = col;
    counts.set(col, cur + 1);
  }
}

/** Records looked at for lines above the table, and the most of them that can be skipped. */
const PREAMBLE_SAMPLE = 60;
const PREAMBLE_MAX = 20;

/**
 * Where the table starts: after leading records that are not its rows — a different number of fields from the
 * table's (the World Bank's "Data Source","World Development Indicators", lines), or mostly empty (a title padded
 * with commas, as Excel saves a report) — when every sampled record from there on has the table's number of fields.
 * A first line one field short and fully named, over rows that all agree, is R's write.table header (the row names
 * have no name): rowNames is then true. Returns the start position and line of the header.
 */
function preamble(t: string, delim: number, name: string, start: number): { pos: number; line: number; headerLine: number; rowNames: boolean } {
  const none = { pos: start, line: 1, headerLine: 1, rowNames: false };
  const sc = new Scanner(t, delim, name, start);
  const recs: { pos: number; line: number; headerLine: number; count: number; filled: number }[] = [];
  try {
    for (;;) {
      // Where a scanner must start (and on which line) to read this record next.
      const [pos, line] = [sc.pos, sc.line];
      if (recs.length >= PREAMBLE_SAMPLE || !sc.next()) break;
      let filled = 0;
      // A field is filled when it holds any character other than the spaces the scanner trims (no substring per cell).
      for (let j = 0; j < Math.min(sc.count, sc.maxStored); j++) {
        for (let q = sc.starts[j]; q < sc.ends[j]; q++) {
          const c = t.charCodeAt(q);
          if (c !== SPACE && c !== TAB && c !== CR) {
            filled++;
            break;
          }
        }
      }
      // Excel's "sep=;" line is never the header or a row: a count no record has.
      const count = recs.length === 0 && SEP_LINE.test(t.slice(sc.starts[0], sc.pos)) ? -1 : sc.count;
      recs.push({ pos, line, headerLine: sc.recordLine, count, filled });
    }
  } catch {
    return none; // an unclosed quote: the parse proper reports it
  }
  if (recs.length < 3) return none;
  const freq = new Map<number, number>();
  for (const r of recs) freq.set(r.count, (freq.get(r.count) ?? 0) + 1);
  let mode = 0;
  for (const [c, n] of freq) if (n > (freq.get(mode) ?? 0) || (n === freq.get(mode) && c > mode)) mode = c;
  if (mode < 2) return none;
  if (recs[0].count === mode - 1 && recs[0].filled === recs[0].count) {
    return { ...none, rowNames: recs.slice(1).every((r) => r.count === mode) };
  }
  const h = recs.findIndex((r) => r.count === mode && r.filled * 2 >= mode);
  if (h <= 0 || h > PREAMBLE_MAX || recs.length - h < 2) return none;
  if (recs.slice(h).some((r) => r.count !== mode)) return none;
  return { pos: recs[h].pos, line: recs[h].line, headerLine: recs[h].headerLine, rowNames: false };
}

/** Rows looked at to decide whether the first row is a header. */
const HEADER_SAMPLE_ROWS = 200;

/** A cell's kind by the data rows' rules (decimal point; decimal comma in ';' files; "$1,234.50"), without storing it. */

/**
 * Whether the first row is data rather than column names (UCI's .data files, numpy.savetxt, sklearn's digits):
 * some column's first cell is a number, every column whose sampled rows are all numbers starts with a number or a gap,
 * and every text cell in the first row recurs below it (a class such as "Iris-setosa"; a name such as "country" does
 * not). Years as column names over a text column ("country,1990,1991") therefore keep their header.
 */
function firstRowIsData(t: string, delim: number, name: string, start: number): boolean {
  const sc = new Scanner(t, delim, name, start);
  if (!sc.next()) return false;
  const cols = sc.count;
  if (cols > MAX_COLUMNS) return false;
  const decimalComma = delim === SEMICOLON;
  const scratch = new Float64Array(1);
  const firstKind = Array.from({ length: cols }, (_, j) => Math.min(readNumberAt(t, sc.starts[j], sc.ends[j], decimalComma, scratch, 0), NUMBER)); // NUMBER_COMMA is a number too
  const first = Array.from({ length: cols }, (_, j) => (firstKind[j] === NON_NUMERIC ? sc.cell(j) : ''));
  const allNumbers = new Array<boolean>(cols).fill(true);
  const recurs = new Array<boolean>(cols).fill(false);
  sc.maxStored = cols + 1;
  let rows = 0;
  while (rows < HEADER_SAMPLE_ROWS && sc.next()) {
    // A ragged file: the parse proper reports it against the header as written.
    if (sc.count !== cols) return false;
    for (let j = 0; j < cols; j++) {
      if (allNumbers[j] && readNumberAt(t, sc.starts[j], sc.ends[j], decimalComma, scratch, 0) === NON_NUMERIC) allNumbers[j] = false;
      if (first[j] && !recurs[j] && sc.cell(j) === first[j]) recurs[j] = true;
    }
    rows++;
  }
  if (rows === 0) return false;
  let someNumber = false;
  for (let j = 0; j < cols; j++) {
    if (firstKind[j] === NUMBER) someNumber = true;
    else if (firstKind[j] === NON_NUMERIC && (allNumbers[j] || !recurs[j])) return false;
  }
  return someNumber;
}

export function parseCsv(input: string, fileName: string, opts?: ParseCsvOptions): CsvTable {
  const name = String(fileName);
  if (typeof input !== 'string') throw csvError(`${name}: expected the file contents as text.`);
  const maxRows = opts?.maxRows ?? DEFAULT_MAX_ROWS;
  if (!(Number.isInteger(maxRows) && maxRows >= 0)) throw csvError(`${name}: the row limit ${String(maxRows)} is not a whole number.`);

  let text = input;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const sniffed = detectDelimiter(text, start);
  let delim = sniffed.delim;
  const whitespace = isWhitespaceSeparated(text, start, sniffed.count);
  if (whitespace) {
    text = whitespaceToTabs(text, start);
    start = 0;
    delim = TAB;
  }
  // Lines above the table (a title, "Data Source" and "Last Updated" lines as the World Bank writes) are skipped.
  const pre = preamble(text, delim, name, start);
  const hasHeader = opts?.header ?? !firstRowIsData(text, delim, name, pre.pos);
  const scannerAt = () => {
    const s = new Scanner(text, delim, name, pre.pos);
    s.line = pre.line;
    return s;
  };
  let sc = scannerAt();
  if (!sc.next()) throw csvError(`${name}: the file is empty (a header line with column names is required).`);

  const headerLine = sc.recordLine;
  // R's write.table: the row names' column has no name in the header.
  const rowNames = hasHeader && pre.rowNames;
  const cols = sc.count + (rowNames ? 1 : 0);
  if (cols > MAX_COLUMNS) throw csvError(`${name} line ${headerLine}: the header has ${fmt(cols)} columns; at most ${fmt(MAX_COLUMNS)} are supported.`);
  const header: string[] = [];
  const off = rowNames ? 1 : 0;
  if (rowNames) header.push('Unnamed: 0');
  for (let j = off; j < cols; j++) header.push(hasHeader ? sc.cell(j - off).trim() || `Unnamed: ${j}` : `Column ${j + 1}`);
  if (hasHeader) dedupNames(header);
  // Without a header, the first record is read again as data.
  if (!hasHeader) sc = scannerAt();
  // Data rows only ever need one field past the header to report a count mismatch.
  sc.maxStored = cols + 1;
  const dataStart = sc.pos;
  const dataLine = sc.line;

  // Every row takes at least `cols` chars (delimiters plus a line end), which bounds the row count from above;
  // the first guess is refined from the average row length once some rows are read.
  const upperBound = Math.min(maxRows, Math.floor((text.length - dataStart) / cols) + 1);
  let cap = Math.min(upperBound, 1024);
  let numeric: Float64Array[] = [];
  for (let j = 0; j < cols; j++) numeric.push(new Float64Array(cap));
  let rowLines = new Uint32Array(cap);
  const firstNonNumericLine: number[] = new Array<number>(cols).fill(0);
  // From its first non-numeric cell on, a column also keeps its strings (numeric columns never pay for a string per
  // cell); the strings of the rows before, textFrom[j] of them, are filled in by a second scan at the end.
  const text_: (string[] | null)[] = new Array<string[] | null>(cols).fill(null);
  const textFrom: number[] = new Array<number>(cols).fill(0);
  const textCols: number[] = [];
  let prefixRows = 0;
  const decimalComma = delim === SEMICOLON;
  let sawDecimalComma = false;
  const onProgress = opts?.onProgress;
  let nextProgress = PROGRESS_EVERY;
  let rows = 0;

  while (sc.next()) {
    if (sc.count !== cols) {
      throw csvError(
        `${name} line ${sc.recordLine}: has ${fmt(sc.count)} field${sc.count === 1 ? '' : 's'}, the header has ${fmt(cols)}.`,
      );
    }
    if (rows >= maxRows) throw csvError(`${name}: has more than ${fmt(maxRows)} data rows, the most that can be loaded.`);
    if (rows === cap) {
      const avg = (sc.pos - dataStart) / rows;
      const estimate = Math.ceil(rows + ((text.length - sc.pos) / Math.max(avg, 1)) * 1.1) + 16;
      cap = Math.min(upperBound, Math.max(cap * 2, estimate));
      // Never below rows + 1: upperBound is a true bound, so this only guards against rounding.
      cap = Math.max(cap, rows + 1);
      numeric = numeric.map((a) => growTo(a, cap));
      const rl = new Uint32Array(cap);
      rl.set(rowLines);
      rowLines = rl;
    }
    const line = sc.recordLine;
    rowLines[rows] = line;
    const starts = sc.starts;
    const ends = sc.ends;
    for (let j = 0; j < cols; j++) {
      let kind = readNumberAt(text, starts[j], ends[j], decimalComma, numeric[j], rows);
      if (kind === NUMBER_COMMA) {
        sawDecimalComma = true;
        kind = NUMBER;
      }
      if (kind === NON_NUMERIC && firstNonNumericLine[j] === 0) {
        firstNonNumericLine[j] = line;
        textFrom[j] = prefixRows = rows;
        text_[j] = new Array<string>(rows);
        textCols.push(j);
      }
    }
    for (const j of textCols) (text_[j] as string[]).push(sc.cell(j));
    rows++;
    if (onProgress && sc.pos >= nextProgress && sc.pos < text.length) {
      onProgress(sc.pos, text.length);
      nextProgress = sc.pos + PROGRESS_EVERY;
    }
  }

  // Trim column by column, so the transient extra memory is one column at a time.
  for (let j = 0; j < cols; j++) if (numeric[j].length !== rows) numeric[j] = numeric[j].slice(0, rows);
  if (rowLines.length !== rows) rowLines = rowLines.slice(0, rows);

  // The raw text of numeric-looking cells before each text column's first non-numeric one, kept exactly; typical
  // text columns (non-numeric from the first row) need no second look at all.
  if (prefixRows > 0) {
    const sc2 = new Scanner(text, delim, name, dataStart);
    sc2.line = dataLine;
    sc2.maxStored = cols + 1;
    for (let r = 0; r < prefixRows && sc2.next(); r++) {
      for (const j of textCols) if (r < textFrom[j]) (text_[j] as string[])[r] = sc2.cell(j);
    }
  }
  onProgress?.(text.length, text.length);

  const [delimiter, decimal] = [whitespace ? ' ' : String.fromCharCode(delim), sawDecimalComma ? ',' : '.'] as const;
  return {
    fileName: name,
    header,
    rowCount: rows,
    numeric,
    text: text_,
    firstNonNumericLine,
    rowLines,
    delimiter,
    decimal,
    ...(hasHeader ? {} : { hasHeader: false }),
    ...(pre.headerLine > 1 ? { skippedLines: pre.headerLine - 1 } : {}),
    ...(SEP_LINE.test(input.slice(input.charCodeAt(0) === 0xfeff ? 1 : 0, 12)) ? { excelSep: true } : {}),
    ...(rowNames ? { rowNames: true } : {}),
    ...(dayFirstDates(text_) ? { dayFirst: true } : {}),
  };
}

/* ---------------------------------------------------------------- tables → arrays */

function lineOf(t: CsvTable, row: number): string {
  const l = t.rowLines?.[row];
  return l ? `line ${l}` : `row ${fmt(row + 1)}`;
}

function rawCell(t: CsvTable, col: number, row: number): string {
  const s = t.text[col]?.[row];
  if (s !== undefined) return s;
  // No strings kept means the column is entirely numeric, so a NaN there can only be an empty cell.
  const v = t.numeric[col][row];
  return Number.isNaN(v) ? '' : String(v);
}

/** Checks the table's arrays agree with each other, so a hand-built or damaged table gives a message, not a TypeError. */
function checkTable(t: CsvTable): string {
  const name = String(t?.fileName ?? 'CSV');
  const ok =
    t !== null &&
    typeof t === 'object' &&
    Array.isArray(t.header) &&
    Array.isArray(t.numeric) &&
    Array.isArray(t.text) &&
    Array.isArray(t.firstNonNumericLine) &&
    Number.isInteger(t.rowCount) &&
    t.rowCount >= 0 &&
    t.numeric.length === t.header.length &&
    t.text.length === t.header.length &&
    t.firstNonNumericLine.length === t.header.length &&
    t.numeric.every((a) => a instanceof Float64Array && a.length === t.rowCount) &&
    t.text.every((a) => a === null || (Array.isArray(a) && a.length === t.rowCount)) &&
    (t.rowLines === undefined || (t.rowLines instanceof Uint32Array && t.rowLines.length === t.rowCount));
  if (!ok) throw csvError(`${name}: the parsed table is malformed (its columns do not match its header).`);
  return name;
}

function findColumn(t: CsvTable, name: string, column: string): number {
  const j = t.header.indexOf(column);
  if (j < 0) {
    const shown = t.header.slice(0, 12).map((h) => quoteCell(h)).join(', ');
    const more = t.header.length > 12 ? `, … (${fmt(t.header.length)} in all)` : '';
    throw csvError(`${name}: has no column named ${quoteCell(String(column))} (columns: ${shown}${more}).`);
  }
  return j;
}

/** Finds the first non-numeric or missing cell in a column and explains it; null when every cell is a number. */
function badNumberMessage(t: CsvTable, name: string, j: number): string | null {
  const col = t.numeric[j];
  for (let r = 0; r < t.rowCount; r++) {
    if (Number.isNaN(col[r])) {
      const raw = t.text[j]?.[r] ?? '';
      const where = `${name} ${lineOf(t, r)}, column ${quoteCell(t.header[j])}`;
      return raw.trim() === '' ? `${where}: the value is missing.` : `${where}: ${quoteCell(raw)} is not a number.`;
    }
  }
  return null;
}

export function csvToTabular(t: CsvTable, opts: { labelColumn: string; task: CsvTask }): TabularArrays {
  const name = checkTable(t);
  const task = opts?.task;
  if (task !== 'classification' && task !== 'regression') throw csvError(`${name}: unknown task ${quoteCell(String(task))}.`);
  const labelCol = findColumn(t, name, opts.labelColumn);
  const count = t.rowCount;
  if (count === 0) throw csvError(`${name}: has a header but no data rows.`);
  const featureCols: number[] = [];
  for (let j = 0; j < t.header.length; j++) if (j !== labelCol) featureCols.push(j);
  if (featureCols.length === 0) throw csvError(`${name}: has no feature columns besides the label column ${quoteCell(t.header[labelCol])}.`);

  // Report the earliest problem in the file across all feature columns, which is what a person fixes first.
  let worst: { row: number; msg: string } | null = null;
  for (const j of featureCols) {
    const col = t.numeric[j];
    for (let r = 0; r < count && (worst === null || r < worst.row); r++) {
      const v = col[r];
      if (Number.isNaN(v)) {
        worst = { row: r, msg: badNumberMessage(t, name, j) as string };
        break;
      }
      if (!(Math.abs(v) <= FLOAT32_MAX)) {
        worst = {
          row: r,
          msg: `${name} ${lineOf(t, r)}, column ${quoteCell(t.header[j])}: ${quoteCell(rawCell(t, j, r))} is too large for a 32-bit float.`,
        };
        break;
      }
    }
  }
  if (worst) throw csvError(worst.msg);

  const F = featureCols.length;
  const features = new Float32Array(count * F);
  for (let k = 0; k < F; k++) {
    const col = t.numeric[featureCols[k]];
    for (let r = 0; r < count; r++) features[r * F + k] = col[r];
  }
  const featureNames = featureCols.map((j) => t.header[j]);
  const targetName = t.header[labelCol];
  const lab = t.numeric[labelCol];
  const labText = t.text[labelCol];

  if (task === 'regression') {
    const bad = badNumberMessage(t, name, labelCol);
    if (bad) throw csvError(bad);
    const targets = new Float32Array(count);
    for (let r = 0; r < count; r++) {
      if (!(Math.abs(lab[r]) <= FLOAT32_MAX)) {
        throw csvError(`${name} ${lineOf(t, r)}, column ${quoteCell(targetName)}: ${quoteCell(rawCell(t, labelCol, r))} is too large for a 32-bit float.`);
      }
      targets[r] = lab[r];
    }
    return { features, featureNames, count, task, labels: null, targets, classNames: [], targetName };
  }

  const tooMany = (n: string) =>
    csvError(
      `${name}, column ${quoteCell(targetName)}: has ${n} distinct values; classification supports at most ${MAX_CLASSES} classes (is this a regression target?).`,
    );
  const labels = new Uint8Array(count);
  let classNames: string[];
  if (labText === null) {
    // Entirely numeric label column: classes are the distinct numbers, sorted numerically.
    const seen = new Map<number, number>();
    for (let r = 0; r < count; r++) {
      const v = lab[r];
      if (Number.isNaN(v)) throw csvError(`${name} ${lineOf(t, r)}, column ${quoteCell(targetName)}: the label is missing.`);
      if (!seen.has(v)) {
        if (seen.size >= MAX_CLASSES) throw tooMany(`more than ${MAX_CLASSES}`);
        seen.set(v, 0);
      }
    }
    const values = [...seen.keys()].sort((a, b) => a - b);
    values.forEach((v, i) => seen.set(v, i));
    for (let r = 0; r < count; r++) labels[r] = seen.get(lab[r]) as number;
    classNames = values.map((v) => String(v));
  } else {
    // Some label is not a number: classes are the distinct strings, sorted by code unit (the same on every machine,
    // unlike localeCompare).
    const seen = new Map<string, number>();
    for (let r = 0; r < count; r++) {
      const s = labText[r] ?? '';
      if (s.trim() === '') throw csvError(`${name} ${lineOf(t, r)}, column ${quoteCell(targetName)}: the label is missing.`);
      if (!seen.has(s)) {
        if (seen.size >= MAX_CLASSES) throw tooMany(`more than ${MAX_CLASSES}`);
        seen.set(s, 0);
      }
    }
    const values = [...seen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    values.forEach((v, i) => seen.set(v, i));
    for (let r = 0; r < count; r++) labels[r] = seen.get(labText[r]) as number;
    classNames = values;
  }
  if (classNames.length < 2) {
    throw csvError(`${name}, column ${quoteCell(targetName)}: every row has the same label ${quoteCell(classNames[0])}; classification needs at least 2 classes.`);
  }
  return { features, featureNames, count, task, labels, targets: null, classNames, targetName };
}

/* ---------------------------------------------------------------- image CSVs */

/**
 * Maps each non-label column to its pixel index when the names follow a known image layout:
 * "pixel0".."pixel{N²-1}" (Kaggle digit-recognizer) or "1x1".."NxN" (row x column, the mnist_train.csv variant),
 * in any order, each index exactly once. Null when the names are anything else.
 */
function pixelIndexByName(header: string[], labelCol: number, size: number): Int32Array | null {
  const P = size * size;
  const index = new Int32Array(header.length).fill(-1);
  const used = new Uint8Array(P);
  for (let j = 0; j < header.length; j++) {
    if (j === labelCol) continue;
    const h = header[j].toLowerCase();
    let k = -1;
    let m = /^pixel(\d{1,7})$/.exec(h);
    if (m) {
      k = Number(m[1]);
    } else if ((m = /^(\d{1,4})x(\d{1,4})$/.exec(h))) {
      const row = Number(m[1]);
      const colN = Number(m[2]);
      if (row >= 1 && row <= size && colN >= 1 && colN <= size) k = (row - 1) * size + (colN - 1);
    }
    if (k < 0 || k >= P || used[k]) return null;
    used[k] = 1;
    index[j] = k;
  }
  return index;
}

function isByteColumn(col: Float64Array): boolean {
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    // Also false for NaN; v === (v | 0) is true only for integers in int32 range.
    if (!(v >= 0 && v <= 255 && v === (v | 0))) return false;
  }
  return true;
}

/**
 * Recognises an image CSV: a "label" column (any case) plus N² pixel columns named pixel0.. or 1x1..NxN, every
 * value an integer 0..255. Returns null otherwise, including when the header fits but some value does not
 * (call csvToImages directly to get the exact line of a bad value).
 */
export function detectImageCsv(t: CsvTable): { labelColumn: string; size: number } | null {
  try {
    checkTable(t);
  } catch {
    return null;
  }
  // Without a header (the widely copied mnist_train.csv), the label is the first column, the pixels in order.
  const headerless = t.hasHeader === false;
  const labelCol = headerless ? 0 : t.header.findIndex((h) => h.trim().toLowerCase() === 'label');
  if (labelCol < 0 || t.rowCount === 0) return null;
  const pixels = t.header.length - 1;
  const size = Math.round(Math.sqrt(pixels));
  if (size < 2 || size * size !== pixels) return null;
  if (!headerless && !pixelIndexByName(t.header, labelCol, size)) return null;
  for (let j = 0; j < t.header.length; j++) if (!isByteColumn(t.numeric[j])) return null;
  // Same rule as csvToImages, so whatever is detected also converts: at least 2 classes.
  if (!t.numeric[labelCol].some((v) => v > 0)) return null;
  return { labelColumn: t.header[labelCol], size };
}

/**
 * Builds single-channel size×size images from an image CSV. Pixel columns are placed by name when they follow
 * pixelK or RxC naming, otherwise in header order. numClasses is max label + 1 (at least 2).
 */
export function csvToImages(t: CsvTable, labelColumn: string, size: number): ImageArrays {
  const name = checkTable(t);
  const labelCol = findColumn(t, name, labelColumn);
  const pixels = t.header.length - 1;
  if (!(Number.isInteger(size) && size >= 1 && size * size === pixels)) {
    throw csvError(`${name}: has ${fmt(pixels)} pixel columns besides the label, which is not ${String(size)} × ${String(size)}.`);
  }
  const count = t.rowCount;
  if (count === 0) throw csvError(`${name}: has a header but no data rows.`);

  let index = pixelIndexByName(t.header, labelCol, size);
  if (!index) {
    index = new Int32Array(t.header.length).fill(-1);
    let k = 0;
    for (let j = 0; j < t.header.length; j++) if (j !== labelCol) index[j] = k++;
  }

  const badCell = (j: number, r: number, what: string) => {
    const raw = rawCell(t, j, r);
    const shown = Number.isNaN(t.numeric[j][r]) && raw.trim() === '' ? 'the value is missing' : `${quoteCell(raw)} is not ${what}`;
    return csvError(`${name} ${lineOf(t, r)}, column ${quoteCell(t.header[j])}: ${shown}.`);
  };

  const labels = new Uint8Array(count);
  const lab = t.numeric[labelCol];
  let max = 0;
  for (let r = 0; r < count; r++) {
    const v = lab[r];
    if (!(v >= 0 && v <= 255 && v === (v | 0))) throw badCell(labelCol, r, 'a whole-number label from 0 to 255');
    labels[r] = v;
    if (v > max) max = v;
  }
  if (max < 1) throw csvError(`${name}, column ${quoteCell(t.header[labelCol])}: every label is 0; classification needs at least 2 classes.`);

  const P = pixels;
  const images = new Uint8Array(count * P);
  // Column-outer: each source column is contiguous, and a bad value is reported at its own column.
  for (let j = 0; j < t.header.length; j++) {
    if (j === labelCol) continue;
    const col = t.numeric[j];
    const k = index[j];
    for (let r = 0; r < count; r++) {
      const v = col[r];
      if (!(v >= 0 && v <= 255 && v === (v | 0))) throw badCell(j, r, 'a whole-number pixel value from 0 to 255');
      images[r * P + k] = v;
    }
  }
  return { images, labels, count, height: size, width: size, channels: 1, numClasses: max + 1 };
}
