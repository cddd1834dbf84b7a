import { TensorscopeError } from '../../core/errors';
import { DEFAULT_MAX_ROWS, MAX_COLUMNS, readCellInto, type CellKind, type CsvTable } from './csv';

/**
 * A JSON array of flat records as a table: what pandas' to_json(orient='records') writes and what vega-datasets'
 * cars.json / penguins.json / movies.json are. The header is the union of the records' keys in first-seen order.
 * A number is numeric, a string is text unless it reads as a number (by parseCsv's rules, so "3.5" is 3.5),
 * null or a missing key is a missing value, and true/false become the text 'true'/'false'.
 * There are no lines in the CsvTable sense: rowLines is left out (messages then say "row N"), and
 * firstNonNumericLine holds the 1-based record number instead.
 */
export function parseJsonTable(text: string, fileName: string, opts?: { maxRows?: number }): CsvTable {
  const name = String(fileName);
  if (typeof text !== 'string') throw jsonError(`${name}: expected the file contents as text.`);
  const records = recordsOf(parseJson(text, name), name, opts?.maxRows ?? DEFAULT_MAX_ROWS);
  const header = headerOf(records, name);
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

  return { fileName: name, header, rowCount: n, numeric, text: text_, firstNonNumericLine, delimiter: 'json', decimal: '.' };
}

type JsonRecord = Record<string, unknown>;

function jsonError(message: string): TensorscopeError {
  return new TensorscopeError('dataset-format', message);
}

const NOT_A_TABLE = 'not a table: expected a JSON array of records';

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw jsonError(`${name}: is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
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

/** Union of keys in first-seen order; refuses nested values (naming record and key), empty keys and too many keys. */
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
