import { TensorscopeError } from '../../core/errors';
import { dayFirstDates } from '../table/cells';
import { DEFAULT_MAX_ROWS, MAX_COLUMNS, readCellInto, type CellKind, type CsvTable } from './csv';

/**
 * A JSON table as people's tools write it: an array of flat records (pandas' to_json(orient='records'), vega-datasets'
 * cars.json / penguins.json / movies.json), JSON Lines (one record per line: to_json(orient='records', lines=True),
 * BigQuery and log exports), and pandas' other layouts (see tableOf). Each becomes records first. The header is the union of the records' keys in first-seen order.
 * A number is numeric, a string is text unless it reads as a number (by parseCsv's rules, so "3.5" is 3.5),
 * null or a missing key is a missing value, and true/false become the text 'true'/'false'.
 * There are no lines in the CsvTable sense: rowLines is left out (messages then say "row N"), and
 * firstNonNumericLine holds the 1-based record number instead.
 */
export function parseJsonTable(text: string, fileName: string, opts?: { maxRows?: number }): CsvTable {
  const name = String(fileName);
  if (typeof text !== 'string') throw jsonError(`${name}: expected the file contents as text.`);
  const data = isJsonLines(text) ? parseJsonLines(text, name) : parseJson(text, name);
  const records = recordsOf(tableOf(data), name, opts?.maxRows ?? DEFAULT_MAX_ROWS);
  const nested = new Set<string>();
  const flat = records.map((r) => {
    const f = flatRecord(r);
    if (f !== r) for (const k of Object.keys(r)) if (r[k] !== null && typeof r[k] === 'object') nested.add(k);
    return f;
  });
  const table = tableFromRecords(flat, name);
  return nested.size ? { ...table, nestedKeys: [...nested] } : table;
}

/**
 * A record as pandas.json_normalize flattens one (what APIs send: {"user": {"age": 3}}): a nested object's fields
 * become columns "user.age"; a list stays one cell, as its JSON text. The Keras script flattens alike (flat_record).
 */
export function flatRecord(rec: JsonRecord): JsonRecord {
  let nested = false;
  for (const k in rec) if (rec[k] !== null && typeof rec[k] === 'object') nested = true;
  if (!nested) return rec;
  const out: JsonRecord = {};
  const put = (r: JsonRecord, prefix: string) => {
    for (const k of Object.keys(r)) {
      const v = r[k];
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) put(v as JsonRecord, `${prefix}${k}.`);
      else out[`${prefix}${k}`] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    }
  };
  put(rec, '');
  return out;
}

/** Flat records (checked by the caller) as a table, cells read by parseCsv's rules; `delimiter` names the source kind. */
export function tableFromRecords(records: JsonRecord[], name: string, delimiter: 'json' | 'xlsx' | 'parquet' = 'json', columns?: string[]): CsvTable {
  // A sheet's own column order; a JSON object's key order puts integer-like keys ("2019") first.
  const header = columns ?? headerOf(records, name);
  const n = records.length;
  const numeric = header.map(() => new Float64Array(n));
  const text_: (string[] | null)[] = header.map(() => null);
  const firstNonNumericLine = header.map(() => 0);

  header.forEach((key, j) => {
    const col = numeric[j];
    // Strings are only collected once a column turns out not to be numeric; the cells before are rebuilt then.
    let strings: string[] | null = null;
    for (let r = 0; r < n; r++) {
      const v = records[r][key];
      if (readValue(v, col, r) === 'text' && strings === null) {
        firstNonNumericLine[j] = r + 1;
        strings = [];
        for (let k = 0; k < r; k++) strings.push(cellText(records[k][key]));
      }
      strings?.push(cellText(v));
    }
    text_[j] = strings;
  });

  return { fileName: name, header, rowCount: n, numeric, text: text_, firstNonNumericLine, delimiter, decimal: '.', ...(dayFirstDates(text_) ? { dayFirst: true } : {}) };
}

export type JsonRecord = Record<string, unknown>;

function jsonError(message: string): TensorscopeError {
  return new TensorscopeError('dataset-format', message);
}

const NOT_A_TABLE = 'not a table: expected a JSON array of records (or JSON Lines, or a pandas to_json layout)';

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw jsonError(`${name}: is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** More than one line, the first two non-blank ones each a whole object: "{…}" (a pretty-printed file starts "{" alone). */
export function isJsonLines(text: string): boolean {
  const lines = nonBlankLines(text, 2);
  return lines.length === 2 && lines.every((l) => l.text.startsWith('{') && l.text.endsWith('}'));
}

function nonBlankLines(text: string, max = Infinity): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let line = 0;
  let s = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (s <= text.length && out.length < max) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    line++;
    const t = text.slice(s, e).trim();
    if (t) out.push({ text: t, line });
    s = e + 1;
  }
  return out;
}

function parseJsonLines(text: string, name: string): unknown[] {
  return nonBlankLines(text).map(({ text: t, line }) => {
    try {
      return JSON.parse(t) as unknown;
    } catch (e) {
      throw jsonError(`${name} line ${line}: is not valid JSON (${e instanceof Error ? e.message : String(e)}); a JSON Lines file holds one record per line.`);
    }
  });
}

const isPlainObject = (v: unknown): v is JsonRecord => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIndexKey = (k: string) => /^-?\d+$/.test(k);

/**
 * The records in pandas' other to_json layouts, as a person who called df.to_json() gets them; anything else is
 * returned as it is, for recordsOf to name.
 * - 'split': {columns, data: [[…]]}; 'values' with a header row: [["a","b"],[1,2]].
 * - 'columns' (pandas' default): {col: {row: v}}; 'index': {row: {col: v}}, told apart by which keys are row numbers.
 * - a dict of equal-length lists: {col: [v, …]}.
 * - one key holding the records: 'table' ({schema, data}) and API wrappers ({"data": […]}, {"rows": […]}).
 */
function tableOf(data: unknown): unknown {
  if (Array.isArray(data)) {
    const [head, ...rows] = data;
    if (Array.isArray(head) && head.length && head.every((h) => typeof h === 'string') && rows.length && rows.every(Array.isArray)) {
      return fromRows(head as string[], rows as unknown[][]);
    }
    return data;
  }
  if (!isPlainObject(data)) return data;
  const { columns, data: rows } = data;
  if (Array.isArray(columns) && Array.isArray(rows) && rows.every(Array.isArray)) return fromRows(columns.map(String), rows as unknown[][]);
  const values = Object.values(data);
  const recordLists = values.filter((v) => Array.isArray(v) && v.length > 0 && v.every(isPlainObject));
  if (recordLists.length === 1) return recordLists[0];
  const keys = Object.keys(data);
  if (keys.length && values.every(isPlainObject)) {
    const inner = Object.keys(values[0] as JsonRecord);
    const byIndex = keys.every(isIndexKey) && !inner.every(isIndexKey);
    if (byIndex) return values;
    const rowKeys = [...new Set(values.flatMap((v) => Object.keys(v as JsonRecord)))];
    return rowKeys.map((r) => Object.fromEntries(keys.map((k) => [k, (data[k] as JsonRecord)[r]])));
  }
  if (keys.length && values.every(Array.isArray) && values.every((v) => (v as unknown[]).length === (values[0] as unknown[]).length)) {
    const n = (values[0] as unknown[]).length;
    return Array.from({ length: n }, (_, r) => Object.fromEntries(keys.map((k) => [k, (data[k] as unknown[])[r]])));
  }
  return data;
}

function fromRows(header: string[], rows: unknown[][]): JsonRecord[] {
  return rows.map((row) => Object.fromEntries(header.map((h, j) => [h, row[j]])));
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The array of plain objects, or an error saying what was found instead. */
function recordsOf(data: unknown, name: string, maxRows: number): JsonRecord[] {
  if (!Array.isArray(data)) throw jsonError(`${name}: ${NOT_A_TABLE} (the file holds ${kindOf(data)}).`);
  if (data.length === 0) throw jsonError(`${name}: ${NOT_A_TABLE} (the array is empty).`);
  if (data.length > maxRows) throw jsonError(`${name}: has more than ${maxRows.toLocaleString('en-US')} records, the most that can be loaded.`);
  data.forEach((rec: unknown, i) => {
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      throw jsonError(`${name}: ${NOT_A_TABLE} (the item at index ${i} is ${kindOf(rec)}).`);
    }
  });
  return data as JsonRecord[];
}

/** Union of keys in first-seen order; refuses nested values (naming record and key: flatRecord has run for JSON), empty keys and too many keys. */
function headerOf(records: JsonRecord[], name: string): string[] {
  const seen = new Set<string>();
  const header: string[] = [];
  records.forEach((rec, i) => {
    for (const key of Object.keys(rec)) {
      const v = rec[key];
      if (v !== null && typeof v === 'object') {
        throw jsonError(
          `${name}: record at index ${i}, key ${JSON.stringify(key)}: holds ${kindOf(v)}; a table needs flat records (numbers, strings, true/false, null).`,
        );
      }
      if (seen.has(key)) continue;
      if (key.trim() === '') throw jsonError(`${name}: record at index ${i} has an empty key; every column needs a name.`);
      if (header.length >= MAX_COLUMNS) {
        throw jsonError(`${name}: the records have more than ${MAX_COLUMNS.toLocaleString('en-US')} distinct keys, the most that are supported.`);
      }
      seen.add(key);
      header.push(key);
    }
  });
  return header;
}

/** A value as the cell text a CSV would hold: null and missing keys are empty, a non-finite number is text. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  // Numbers (JSON.parse yields Infinity for 1e999, which then reads as text, as in a CSV) and booleans.
  return String(v);
}

/** Reads a value into col[r]: a finite number as is, anything else by its cell text (so "3.5" is a number too). */
function readValue(v: unknown, col: Float64Array, r: number): CellKind {
  if (typeof v === 'number' && Number.isFinite(v)) {
    col[r] = v;
    return 'number';
  }
  return readCellInto(cellText(v), col, r);
}
