import Papa from 'papaparse';
import { TensorscopeError } from '../../core/errors';
import type { ImageArrays } from '../../core/types';

/**
 * CSV for people's own tabular and image datasets, read with papaparse (RFC 4180, plus what real files do):
 * delimiter ',' ';' tab or '|' (picked from the header line), quoted fields with "" escapes and embedded
 * delimiters/newlines, CRLF / LF / lone CR line ends, a UTF-8 BOM, and blank lines (skipped anywhere).
 * Unquoted fields are trimmed of spaces and tabs; quoted fields keep their exact content.
 * Numbers use '.' as the decimal point; in ';'-separated files a decimal comma ("3,14", "1.234,5") is read too.
 * An empty cell is a missing value (NaN), not a non-numeric one.
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
   * The field separator that was detected: ',' ';' '\t' '|', or 'json' for parseJsonTable. The parsers always set
   * it; optional so hand-built tables stay valid.
   */
  delimiter?: string;
  /** ',' when some cell was read with a decimal comma (only ever in ';'-separated files), else '.'. */
  decimal?: '.' | ',';
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
}

export const DEFAULT_MAX_ROWS = 2_000_000;
/** Far beyond any real dataset (MNIST has 785, CIFAR-as-CSV 3,073); stops a hostile header making millions of columns. */
export const MAX_COLUMNS = 100_000;
const MAX_CLASSES = 256;
const FLOAT32_MAX = 3.4028234663852886e38;
/** papaparse reads the string in slices of this many chars, so its own per-slice work (line splits) stays bounded. */
const CHUNK_CHARS = 1 << 22;
/** onProgress is called about once per this many chars, so a UI update is not paid for per row. */
const PROGRESS_EVERY = 1 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const DOT = 46;
const COMMA = 44;
const SEMICOLON = 59;
const PIPE = 124;
const BOM = 0xfeff;

const fmt = (n: number): string => n.toLocaleString('en-US');

function csvError(message: string): TensorscopeError {
  return new TensorscopeError('dataset-format', message);
}

/** Shortens a cell for a message, so a corrupt multi-megabyte field cannot flood the UI. */
function quoteCell(s: string): string {
  const short = s.length > 40 ? s.slice(0, 40) + '…' : s;
  return JSON.stringify(short);
}

/* ---------------------------------------------------------------- format sniffing */

interface CsvFormat {
  delimiter: ',' | ';' | '\t' | '|';
  /** What papaparse splits rows on (see sniffNewline). */
  newline: '\n' | '\r';
  /** Fields in the header line, as counted outside quotes (checked before papaparse allocates a row). */
  headerFields: number;
  /** 1-based line of the header (leading blank lines are skipped). */
  headerLine: number;
}

/**
 * Picks the delimiter from the header line: the most frequent of ',' ';' tab '|' outside quotes, ties going to the
 * earlier in that list. Counting the header (not papaparse's guess, which favours consistency over 10 rows) keeps
 * the choice the same as the earlier hand-written parser made.
 */
function sniffFormat(t: string, start: number): CsvFormat {
  const newline = sniffNewline(t, start);
  const nl = newline.charCodeAt(0);
  const counts = [0, 0, 0, 0]; // , ; tab |
  let inQuotes = false;
  let sawContent = false;
  let line = 1;
  for (let p = start; p < t.length; p++) {
    const c = t.charCodeAt(p);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false; // a doubled quote toggles twice, which nets out the same
      continue;
    }
    if (c === QUOTE) inQuotes = true;
    else if (c === nl) {
      if (sawContent) break; // leading blank lines are not the header
      line++;
    } else if (c === COMMA) counts[0]++;
    else if (c === SEMICOLON) counts[1]++;
    else if (c === TAB) counts[2]++;
    else if (c === PIPE) counts[3]++;
    if (c !== nl && !isBlank(c)) sawContent = true;
  }
  const delims = [',', ';', '\t', '|'] as const;
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
  return { delimiter: delims[best], newline, headerFields: counts[best] + 1, headerLine: line };
}

/**
 * papaparse splits on a single line-end string. '\n' covers LF and CRLF files alike (and files that mix them):
 * the '\r' it leaves at the end of a row's last field is trimmed like a space (see isBlank). Only a file with no
 * '\n' at all is split on '\r' (old Mac line ends). A lone '\r' in a file with '\n' line ends is just a character.
 */
function sniffNewline(t: string, start: number): '\n' | '\r' {
  return t.indexOf('\n', start) < 0 && t.indexOf('\r', start) >= 0 ? '\r' : '\n';
}

/* ---------------------------------------------------------------- positions in the text */

const NOT_FOUND = Number.POSITIVE_INFINITY;

function indexOrEnd(t: string, s: string, from: number): number {
  const i = t.indexOf(s, from);
  return i < 0 ? NOT_FOUND : i;
}

/**
 * Line numbers for increasing offsets, counting the line end papaparse splits rows on (inside quoted fields too).
 * Keeps the next one's position, so the whole file costs one indexOf sweep rather than a scan per row.
 */
class LineCounter {
  private line = 1;
  private next: number;

  constructor(
    private readonly t: string,
    private readonly newline: string,
  ) {
    this.next = indexOrEnd(t, newline, 0);
  }

  /** The 1-based line of offset (offsets must not decrease between calls). */
  lineAt(offset: number): number {
    while (this.next < offset) {
      this.line++;
      this.next = indexOrEnd(this.t, this.newline, this.next + 1);
    }
    return this.line;
  }
}

/** Answers "does text[s, e) hold a quote?" for increasing spans, with one indexOf sweep over the whole file. */
class QuoteFinder {
  private next: number;

  constructor(
    private readonly t: string,
    from: number,
  ) {
    this.next = indexOrEnd(t, '"', from);
  }

  within(s: number, e: number): boolean {
    if (this.next < s) this.next = indexOrEnd(this.t, '"', s);
    return this.next < e;
  }
}

interface QuoteProblem {
  kind: 'unclosed' | 'text-after-quote';
  /** 0-based field index */
  field: number;
  /** offset of the opening quote (unclosed) or of the closing quote (text after it) */
  at: number;
}

/**
 * Walks one raw row text[s, e) by papaparse's quoting rules (a quote opens a quoted field only as the field's first
 * character; "" is an escaped quote; only blanks may follow the closing quote). papaparse does not say which fields
 * were quoted, nor where a quoting error is, so this answers both — only for rows that hold a quote and need it.
 */
function inspectQuotes(t: string, s: number, e: number, delim: string): { quoted: boolean[]; problem: QuoteProblem | null } {
  const quoted: boolean[] = [];
  let problem: QuoteProblem | null = null;
  let p = s;
  for (;;) {
    const field = quoted.length;
    const isQuoted = p < e && t.charCodeAt(p) === QUOTE;
    quoted.push(isQuoted);
    if (isQuoted) {
      let q = p + 1;
      for (;;) {
        q = t.indexOf('"', q);
        if (q < 0 || q >= e) return { quoted, problem: problem ?? { kind: 'unclosed', field, at: p } };
        if (q + 1 < e && t.charCodeAt(q + 1) === QUOTE) q += 2;
        else break;
      }
      p = q + 1;
      // (a tab delimiter is not a blank here)
      while (p < e && isBlank(t.charCodeAt(p)) && !t.startsWith(delim, p)) p++;
      const c = t.charCodeAt(p);
      if (problem === null && p < e && c !== LF && c !== CR && !t.startsWith(delim, p)) {
        problem = { kind: 'text-after-quote', field, at: q };
      }
    }
    const d = t.indexOf(delim, p);
    if (d < 0 || d >= e) return { quoted, problem };
    p = d + delim.length;
  }
}

/* ---------------------------------------------------------------- cells */

/** Spaces and tabs around unquoted fields; CR too, which a CRLF file leaves on each row's last field. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.substring(a, b);
}

function hasEdgeBlank(s: string): boolean {
  return s.length > 0 && (isBlank(s.charCodeAt(0)) || isBlank(s.charCodeAt(s.length - 1)));
}

/** One parsed row and its raw span in the text: gives each cell's text, trimmed unless the field was quoted. */
class RawRow {
  private quoted: boolean[] | null = null;

  constructor(
    readonly fields: string[],
    readonly start: number,
    readonly end: number,
    private readonly text: string,
    private readonly delimiter: string,
    /** whether the raw span holds any quote (if not, no field was quoted) */
    private readonly hasQuote: boolean,
  ) {}

  /** A blank line: one field with nothing but blanks, and no quotes (a lone "" is a record with one empty cell). */
  isBlankLine(): boolean {
    return this.fields.length === 1 && !this.hasQuote && trimBlanks(this.fields[0]) === '';
  }

  cell(j: number): string {
    const s = this.fields[j];
    if (!hasEdgeBlank(s)) return s;
    if (this.hasQuote) {
      this.quoted ??= inspectQuotes(this.text, this.start, this.end, this.delimiter).quoted;
      if (this.quoted[j]) return s;
    }
    return trimBlanks(s);
  }
}

const MISSING = -1;
const NON_NUMERIC = -2;
const NUMBER = 0;
/** A number written with a decimal comma. */
const NUMBER_COMMA = 1;

/** Powers of ten that doubles hold exactly: a product or quotient with one of them is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Classifies text[s, e) (surrounding blanks allowed) as empty (MISSING), a decimal number
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
const GROUPED_DECIMAL_COMMA = /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/;

/**
 * Reads one cell into out[at]. With decimalComma (';'-separated files), "3,14" and "1.234,5" are numbers too and
 * give NUMBER_COMMA; a plain "3.14" still reads with a decimal point.
 */
function parseCell(cell: string, out: Float64Array, at: number, decimalComma: boolean): number {
  const r = parseNumber(cell, 0, cell.length, out, at, DOT);
  if (r !== NON_NUMERIC || !decimalComma || cell.indexOf(',') < 0) return r;
  if (parseNumber(cell, 0, cell.length, out, at, COMMA) === NUMBER) return NUMBER_COMMA;
  const core = trimBlanks(cell);
  if (GROUPED_DECIMAL_COMMA.test(core)) {
    const plain = core.replaceAll('.', '');
    if (parseNumber(plain, 0, plain.length, out, at, COMMA) === NUMBER) return NUMBER_COMMA;
  }
  return NON_NUMERIC;
}

export type CellKind = 'missing' | 'number' | 'text';

/**
 * Reads one cell by parseCsv's rules (decimal point only) into out[at], NaN unless it is a number, and says what it
 * was: for other table readers (parseJsonTable), so every source agrees on what counts as a number.
 */
export function readCellInto(cell: string, out: Float64Array, at: number): CellKind {
  const r = parseNumber(cell, 0, cell.length, out, at, DOT);
  return r === NUMBER ? 'number' : r === MISSING ? 'missing' : 'text';
}

/* ---------------------------------------------------------------- rows from papaparse */

type RowHandler = (fields: string[], errors: Papa.ParseError[], start: number, end: number) => void;

/**
 * Runs papaparse over text[from, to), handing each row (blank lines included) with its absolute [start, end) span
 * to onRow as it is parsed; nothing is accumulated. A TensorscopeError thrown by onRow stops the parse (papaparse
 * parses a string synchronously, so the throw simply unwinds through it).
 */
function forEachRow(text: string, from: number, to: number, format: CsvFormat, onRow: RowHandler): void {
  const input = from === 0 && to === text.length ? text : text.substring(from, to);
  // papaparse drops one leading BOM from a string, and its offsets are then relative to what is left.
  const base = from + (input.charCodeAt(0) === BOM ? 1 : 0);
  let start = base;
  // A variable, not a literal: @types/papaparse only lists chunkSize for file input, but the string streamer honours it.
  const config: Papa.ParseConfig<string[]> & { chunkSize: number } = {
    delimiter: format.delimiter,
    newline: format.newline,
    chunkSize: CHUNK_CHARS,
    step: (res: Papa.ParseStepResult<string[]>) => {
      const end = base + res.meta.cursor;
      onRow(res.data, res.errors, start, end);
      start = end;
    },
  };
  Papa.parse<string[]>(input, config);
}

/**
 * Where the text ends once trailing blanks are dropped. papaparse misreads a closing quote followed by blanks at the
 * very end of the input ("x"␠ with no line end) as a quote inside the field; the blanks carry nothing (an unquoted
 * last field is trimmed anyway). A tab is kept when it is the delimiter, and CR when it is the line end.
 */
function contentEnd(t: string, format: CsvFormat): number {
  let e = t.length;
  for (;;) {
    const c = t.charCodeAt(e - 1);
    if (c === SPACE || (c === TAB && format.delimiter !== '\t') || (c === CR && format.newline !== '\r')) e--;
    else return e;
  }
}

/* ---------------------------------------------------------------- building the table */

/** The column arrays parseCsv fills row by row, grown by estimate so a big file is not copied many times. */
class ColumnBuilder {
  rows = 0;
  numeric: Float64Array[] = [];
  rowLines: Uint32Array;
  readonly text: (string[] | null)[];
  readonly firstNonNumericLine: number[];
  /** Row (and its start offset) where each text column's first non-numeric cell is; earlier cells are re-read later. */
  readonly textFromRow: number[];
  /** Where the rows that text columns still need end (see fillTextPrefixes). */
  prefixEnd = 0;
  sawDecimalComma = false;
  private cap: number;

  constructor(
    readonly cols: number,
    private readonly upperBound: number,
    private readonly decimalComma: boolean,
  ) {
    this.cap = Math.min(upperBound, 1024);
    for (let j = 0; j < cols; j++) this.numeric.push(new Float64Array(this.cap));
    this.rowLines = new Uint32Array(this.cap);
    this.text = new Array<string[] | null>(cols).fill(null);
    this.firstNonNumericLine = new Array<number>(cols).fill(0);
    this.textFromRow = new Array<number>(cols).fill(0);
  }

  /** Makes room for one more row; estimate is the expected final row count from the bytes read so far. */
  ensureRoom(estimate: number): void {
    if (this.rows < this.cap) return;
    // Never below rows + 1: upperBound is a true bound, so this only guards against rounding.
    this.cap = Math.max(this.rows + 1, Math.min(this.upperBound, Math.max(this.cap * 2, estimate)));
    this.numeric = this.numeric.map((a) => {
      const b = new Float64Array(this.cap);
      b.set(a);
      return b;
    });
    const rl = new Uint32Array(this.cap);
    rl.set(this.rowLines);
    this.rowLines = rl;
  }

  add(row: RawRow, line: number): void {
    const r = this.rows;
    this.rowLines[r] = line;
    // Locals, not this.x, in the per-cell loop: it runs 33 million times for Kaggle's MNIST train.csv.
    const fields = row.fields;
    const numeric = this.numeric;
    const text = this.text;
    const firstNonNumericLine = this.firstNonNumericLine;
    const decimalComma = this.decimalComma;
    for (let j = 0; j < fields.length; j++) {
      const cell = fields[j];
      const kind = decimalComma ? parseCell(cell, numeric[j], r, true) : parseNumber(cell, 0, cell.length, numeric[j], r, DOT);
      if (kind === NUMBER_COMMA) this.sawDecimalComma = true;
      else if (kind === NON_NUMERIC && firstNonNumericLine[j] === 0) this.startText(j, line, row.start);
      const tx = text[j];
      if (tx !== null) tx.push(row.cell(j));
    }
    this.rows++;
  }

  /** From its first non-numeric cell on, a column also keeps its strings; the earlier ones are filled in at the end. */
  private startText(j: number, line: number, rowStart: number): void {
    const r = this.rows;
    this.firstNonNumericLine[j] = line;
    this.textFromRow[j] = r;
    this.text[j] = new Array<string>(r);
    if (r > 0) this.prefixEnd = Math.max(this.prefixEnd, rowStart);
  }

  /** Drops the unused capacity, column by column so the transient extra memory is one column at a time. */
  trim(): void {
    const n = this.rows;
    for (let j = 0; j < this.cols; j++) if (this.numeric[j].length !== n) this.numeric[j] = this.numeric[j].slice(0, n);
    if (this.rowLines.length !== n) this.rowLines = this.rowLines.slice(0, n);
  }
}

function checkHeader(fields: string[], name: string, line: number): string[] {
  if (fields.length > MAX_COLUMNS) {
    throw csvError(`${name} line ${line}: the header has ${fmt(fields.length)} columns; at most ${fmt(MAX_COLUMNS)} are supported.`);
  }
  const header: string[] = [];
  const seen = new Map<string, number>();
  for (let j = 0; j < fields.length; j++) {
    const h = fields[j].trim();
    if (h === '') throw csvError(`${name} line ${line}: column ${j + 1} of the header has an empty name.`);
    const prev = seen.get(h);
    if (prev !== undefined) {
      throw csvError(`${name} line ${line}: the column name ${quoteCell(h)} appears twice (columns ${prev + 1} and ${j + 1}).`);
    }
    seen.set(h, j);
    header.push(h);
  }
  return header;
}

/** Turns papaparse's quoting errors for a row into the message a person can act on, naming the line. */
function quoteError(text: string, row: RawRow, format: CsvFormat, lines: LineCounter, name: string, errors: Papa.ParseError[]): TensorscopeError {
  const problem = inspectQuotes(text, row.start, row.end, format.delimiter).problem;
  if (problem === null) {
    return csvError(`${name} line ${lines.lineAt(row.start)}: a quoted field is malformed (${errors[0].message}).`);
  }
  const line = lines.lineAt(problem.at);
  return problem.kind === 'unclosed'
    ? csvError(`${name} line ${line}: a quoted field opened on this line is never closed.`)
    : csvError(
        `${name} line ${line}: field ${problem.field + 1} has text after its closing quote (a quote inside a quoted field must be doubled: "").`,
      );
}

/**
 * Fills in the strings of text columns for the rows before each one's first non-numeric cell, by parsing just those
 * rows again: numeric columns never pay for a string per cell, and typical text columns (non-numeric from the first
 * row) need no second look at all.
 */
function fillTextPrefixes(text: string, format: CsvFormat, dataStart: number, b: ColumnBuilder): void {
  if (b.prefixEnd <= dataStart) return;
  const need: number[] = [];
  for (let j = 0; j < b.cols; j++) if (b.text[j] !== null && b.textFromRow[j] > 0) need.push(j);
  const quotes = new QuoteFinder(text, dataStart);
  let r = 0;
  forEachRow(text, dataStart, b.prefixEnd, format, (fields, _errors, start, end) => {
    const row = new RawRow(fields, start, end, text, format.delimiter, quotes.within(start, end));
    if (row.isBlankLine()) return;
    for (const j of need) if (r < b.textFromRow[j]) (b.text[j] as string[])[r] = row.cell(j);
    r++;
  });
}

/** parseCsv's per-row state: the header from the first non-blank row, then data rows into a ColumnBuilder. */
class CsvReader {
  header: string[] | null = null;
  builder: ColumnBuilder | null = null;
  /** Offset just after the header row. */
  dataStart = 0;
  private readonly lines: LineCounter;
  private readonly quotes: QuoteFinder;
  private nextProgress = PROGRESS_EVERY;

  constructor(
    private readonly text: string,
    private readonly name: string,
    private readonly format: CsvFormat,
    private readonly maxRows: number,
    private readonly onProgress: ParseCsvOptions['onProgress'],
  ) {
    this.lines = new LineCounter(text, format.newline);
    this.quotes = new QuoteFinder(text, 0);
  }

  onRow(fields: string[], errors: Papa.ParseError[], start: number, end: number): void {
    const { text, name } = this;
    const row = new RawRow(fields, start, end, text, this.format.delimiter, this.quotes.within(start, end));
    if (errors.length > 0) throw quoteError(text, row, this.format, this.lines, name, errors);
    this.reportProgress(end);
    if (row.isBlankLine()) return;
    const line = this.lines.lineAt(start);
    if (this.header === null) {
      this.header = checkHeader(fields, name, line);
      this.dataStart = end;
      // Every row takes at least `cols` chars (delimiters plus a line end), which bounds the row count from above.
      const upperBound = Math.min(this.maxRows, Math.floor((text.length - end) / this.header.length) + 1);
      this.builder = new ColumnBuilder(this.header.length, upperBound, this.format.delimiter === ';');
      return;
    }
    const b = this.builder as ColumnBuilder;
    const cols = this.header.length;
    if (fields.length !== cols) {
      const n = fields.length;
      throw csvError(`${name} line ${line}: has ${fmt(n)} field${n === 1 ? '' : 's'}, the header has ${fmt(cols)}.`);
    }
    if (b.rows >= this.maxRows) throw csvError(`${name}: has more than ${fmt(this.maxRows)} data rows, the most that can be loaded.`);
    // When full, grow to the row count the average row length so far predicts (10% headroom).
    const avg = (start - this.dataStart) / Math.max(b.rows, 1);
    b.ensureRoom(Math.ceil(b.rows + ((text.length - start) / Math.max(avg, 1)) * 1.1) + 16);
    b.add(row, line);
  }

  private reportProgress(end: number): void {
    if (this.onProgress && end >= this.nextProgress && end < this.text.length) {
      this.onProgress(end, this.text.length);
      this.nextProgress = end + PROGRESS_EVERY;
    }
  }
}

export function parseCsv(text: string, fileName: string, opts?: ParseCsvOptions): CsvTable {
  const name = String(fileName);
  if (typeof text !== 'string') throw csvError(`${name}: expected the file contents as text.`);
  const maxRows = opts?.maxRows ?? DEFAULT_MAX_ROWS;
  if (!(Number.isInteger(maxRows) && maxRows >= 0)) throw csvError(`${name}: the row limit ${String(maxRows)} is not a whole number.`);

  const format = sniffFormat(text, text.charCodeAt(0) === BOM ? 1 : 0);
  if (format.headerFields > MAX_COLUMNS) {
    // Refused before papaparse builds a row array that size.
    throw csvError(
      `${name} line ${format.headerLine}: the header has ${fmt(format.headerFields)} columns; at most ${fmt(MAX_COLUMNS)} are supported.`,
    );
  }
  const reader = new CsvReader(text, name, format, maxRows, opts?.onProgress);
  forEachRow(text, 0, contentEnd(text, format), format, (fields, errors, start, end) => reader.onRow(fields, errors, start, end));

  const { header, builder: b } = reader;
  if (header === null || b === null) throw csvError(`${name}: the file is empty (a header line with column names is required).`);
  b.trim();
  fillTextPrefixes(text, format, reader.dataStart, b);
  opts?.onProgress?.(text.length, text.length);

  return {
    fileName: name,
    header,
    rowCount: b.rows,
    numeric: b.numeric,
    text: b.text,
    firstNonNumericLine: b.firstNonNumericLine,
    rowLines: b.rowLines,
    delimiter: format.delimiter,
    decimal: b.sawDecimalComma ? ',' : '.',
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
  const labelCol = t.header.findIndex((h) => h.trim().toLowerCase() === 'label');
  if (labelCol < 0 || t.rowCount === 0) return null;
  const pixels = t.header.length - 1;
  const size = Math.round(Math.sqrt(pixels));
  if (size < 2 || size * size !== pixels) return null;
  if (!pixelIndexByName(t.header, labelCol, size)) return null;
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
