/**
 * An Excel workbook (.xlsx / .xlsm, Office Open XML) as a table: the first visible sheet (or one named), its first non-empty row
 * as the header. It is the format people most often hold a table in, and saving it as CSV first loses nothing we
 * need, so reading it directly only removes a step. Runs in the data worker, which has no DOMParser: the few
 * elements needed (shared strings, cells, number formats, the sheet list) are read with regular expressions.
 *
 * Cells become what a CSV exported from Excel would hold, by the stored value rather than the displayed text:
 * numbers as numbers (a 25 % cell is 0.25, "$1,234.50" is 1234.5), dates (numbers in a date format) as ISO text
 * ("2021-03-04", or "2021-03-04 05:06:00" with a time), TRUE/FALSE as true/false, error cells (#N/A) as missing,
 * formulas as their cached result. Macros are never run; nothing but the XML parts below is read.
 */
import { unzipSync } from 'fflate';
import { TensorscopeError } from '../../core/errors';
import { DEFAULT_MAX_ROWS, MAX_COLUMNS, type CsvTable } from './csv';
import { tableFromRecords } from './jsonTable';

export interface SheetTable {
  table: CsvTable;
  /** Said to the person: which sheet was read when there are several. */
  notes: string[];
}

const fail = (name: string, why: string) => new TensorscopeError('dataset-format', `${name}: ${why}`);

/** Unzips the parts a table needs, inflating nothing else (a workbook's images and pivot caches stay packed). */
function parts(zip: Uint8Array, name: string): Map<string, string> {
  const wanted = (p: string) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/i.test(p);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, { filter: (f) => wanted(f.name) });
  } catch (e) {
    throw fail(name, `not a readable workbook (${e instanceof Error ? e.message : String(e)}).`);
  }
  const dec = new TextDecoder('utf-8');
  return new Map(Object.entries(files).map(([p, b]) => [p.toLowerCase(), dec.decode(b)]));
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML entities and OOXML's _xHHHH_ escapes (a literal "_x" is written _x005F_x). */
export function xmlText(s: string): string {
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
      if (e[0] !== '#') return ENTITY[e.toLowerCase()] ?? m;
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    })
    .replace(/_x([0-9a-f]{4})_/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The value of attribute `a` in an element's attribute text (namespace prefixes allowed). */
function attr(attrs: string, a: string): string | null {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${a}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? xmlText(m[2] ?? m[3]) : null;
}

/** The text of every <t> in an element (rich text runs joined; phonetic guides <rPh> left out). */
function runsText(xml: string): string {
  const body = xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g)) out += m[1];
  return xmlText(out);
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g)].map((m) => (m[1] ? runsText(m[1]) : ''));
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a format code shows a date or time: d, m, y, h or s outside quotes, escapes and [colour] brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare.split(';')[0]) && !/^general$/i.test(bare.trim());
}

/** Per cell style index: whether its number format is a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?numFmt\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1], 'numFmtId'));
    const code = attr(m[1], 'formatCode');
    if (Number.isInteger(id) && code !== null) custom.set(id, code);
  }
  const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:[\w.-]+:)?xf\b([^>]*?)\/?>/g)].map((m) => {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An Excel date serial as ISO text: the date alone when it has no time of day. */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2958465) return null;
  // 1900 system: day 1 is 1900-01-01 and day 60 is the 29 February 1900 that Lotus 1-2-3 invented; days from 61
  // on are counted from 1899-12-30. 1904 system (old Mac workbooks): day 0 is 1904-01-01.
  const days = date1904 ? serial - 24107 : serial >= 61 ? serial - 25569 : serial - 25568;
  const ms = Math.round(days * 86_400_000 / 1000) * 1000;
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "AB" → 27 (0-based column index). */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface SheetRef {
  name: string;
  path: string;
}

/** The workbook's sheets in tab order, hidden ones left out, each with the path of its XML part. */
function sheetList(p: Map<string, string>, name: string): SheetRef[] {
  const wb = p.get('xl/workbook.xml');
  if (!wb) throw fail(name, 'not an Excel workbook (no xl/workbook.xml in it).');
  const rels = new Map<string, string>();
  for (const m of (p.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*?)\/?>/g)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheets: SheetRef[] = [];
  for (const m of wb.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*?)\/?>/g)) {
    const state = attr(m[1], 'state');
    if (state === 'hidden' || state === 'veryHidden') continue;
    const target = rels.get(attr(m[1], 'id') ?? '');
    if (target && p.has(target.toLowerCase())) sheets.push({ name: attr(m[1], 'name') ?? target, path: target.toLowerCase() });
  }
  return sheets;
}

type Cell = string | number | boolean | null;

/** A sheet's cells by row, in file order: [row index, column index, value]. */
function* cells(xml: string, strings: string[], dates: boolean[], date1904: boolean): Generator<[number, number, Cell]> {
  let row = -1;
  const rowRe = /<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
  for (const rm of xml.matchAll(rowRe)) {
    const r = attr(rm[1], 'r');
    row = r !== null ? Number(r) - 1 : row + 1;
    if (!rm[2]) continue;
    let col = -1;
    for (const cm of rm[2].matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g)) {
      const ref = attr(cm[1], 'r');
      const letters = ref ? /^\$?([A-Za-z]{1,3})/.exec(ref)?.[1] : undefined;
      col = letters ? columnIndex(letters) : col + 1;
      const body = cm[2] ?? '';
      const t = attr(cm[1], 't') ?? 'n';
      const v = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/.exec(body)?.[1];
      let value: Cell = null;
      if (t === 'inlineStr') value = runsText(/<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/.exec(body)?.[1] ?? '');
      else if (v === undefined || t === 'e') value = null;
      else if (t === 's') value = strings[Number(v)] ?? null;
      else if (t === 'str' || t === 'd') value = xmlText(v);
      else if (t === 'b') value = v.trim() === '1';
      else {
        const x = Number(v);
        const isDate = dates[Number(attr(cm[1], 's') ?? 0)] === true;
        value = !Number.isFinite(x) ? xmlText(v) : isDate ? serialToIso(x, date1904) ?? x : x;
      }
      if (value !== null && value !== '') yield [row, col, value];
    }
  }
}

/** A visible sheet of a workbook as a table: the one named, else the first (see the file comment). */
export function parseXlsx(zip: Uint8Array, fileName: string, opts?: { maxRows?: number; sheet?: string }): SheetTable {
  const name = String(fileName);
  const p = parts(zip, name);
  const sheets = sheetList(p, name);
  if (!sheets.length) throw fail(name, 'the workbook has no visible worksheet.');
  const list = sheets.map((s) => `“${s.name}”`).join(', ');
  const sheet = opts?.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === opts.sheet);
  if (!sheet) throw fail(name, `has no visible sheet named “${String(opts?.sheet).slice(0, 60)}” (its sheets: ${list}).`);
  const where = `${name}, sheet “${sheet.name}”`;
  const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/i.test(p.get('xl/workbook.xml') ?? '');
  const maxRows = opts?.maxRows ?? DEFAULT_MAX_ROWS;

  // Rows as sparse maps (a sheet's used range can be wide with few cells); the header is the first non-empty row.
  let headerRow = -1;
  const headerCells = new Map<number, Cell>();
  const rows: Map<number, Cell>[] = [];
  let lastRow = -1;
  let current: Map<number, Cell> | null = null;
  for (const [r, c, value] of cells(p.get(sheet.path) ?? '', sharedStrings(p.get('xl/sharedstrings.xml')), dateStyles(p.get('xl/styles.xml')), date1904)) {
    if (headerRow < 0) headerRow = r;
    if (r === headerRow) {
      headerCells.set(c, value);
      continue;
    }
    if (r !== lastRow) {
      if (rows.length >= maxRows) throw fail(where, `has more than ${maxRows.toLocaleString('en-US')} rows, the most that can be loaded.`);
      current = new Map();
      rows.push(current);
      lastRow = r;
    }
    current!.set(c, value);
  }
  if (headerRow < 0) throw fail(where, 'the sheet is empty.');
  if (!rows.length) throw fail(where, `has a header row (row ${headerRow + 1}) but no data below it.`);

  // Columns: every one with a header or a value; an unnamed one is called by its letter, a repeated name gets ".1".
  const used = new Set(headerCells.keys());
  for (const row of rows) for (const c of row.keys()) used.add(c);
  const cols = [...used].sort((a, b) => a - b);
  if (cols.length > MAX_COLUMNS) throw fail(where, `has ${cols.length.toLocaleString('en-US')} columns; at most ${MAX_COLUMNS.toLocaleString('en-US')} are supported.`);
  const seen = new Map<string, number>();
  const header = cols.map((c) => {
    const h = headerCells.get(c);
    const base = h === undefined || h === null || String(h).trim() === '' ? `Column ${columnLetters(c)}` : String(h).trim();
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k ? `${base}.${k}` : base;
  });
  const records = rows.map((row) => Object.fromEntries(cols.map((c, j) => [header[j], row.get(c) ?? null])));
  const notes = sheets.length > 1 ? [`${name} has ${sheets.length} sheets; ${sheet === sheets[0] ? `the first, “${sheet.name}”,` : `“${sheet.name}”`} was read (${list}). Choose another under “Sheet”.`] : [];
  const table = tableFromRecords(records, name, 'xlsx', header);
  return { table: { ...table, sheet: sheet.name, ...(sheets.length > 1 ? { sheets: sheets.map((s) => s.name) } : {}) }, notes };
}
