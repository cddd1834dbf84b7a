import { readFileSync } from 'node:fs';
import type { CsvTable } from '../parsers/csv';
import { parseNumberCell } from './cells';

/** Test helpers: build a CsvTable the way the parser would (NOT a CSV parser: no quotes, no escapes). */

export type CellInput = string | number | boolean | null | undefined;

const asText = (v: CellInput): string => (v === null || v === undefined ? '' : String(v));

/** rowLines default to i + 2 (the header is line 1); pass lines: false for a hand-built table without them. */
export function tableFromRows(header: string[], rows: CellInput[][], fileName = 'table.csv', opts: { lines?: boolean } = {}): CsvTable {
  const n = rows.length;
  const numeric = header.map(() => new Float64Array(n));
  const firstNonNumericLine = header.map(() => 0);
  const texts = header.map(() => new Array<string>(n));
  rows.forEach((row, r) => {
    header.forEach((_, c) => {
      const s = asText(row[c]);
      texts[c][r] = s;
      const x = s.trim() === '' ? NaN : parseNumberCell(s);
      numeric[c][r] = x;
      if (s.trim() !== '' && Number.isNaN(x) && firstNonNumericLine[c] === 0) firstNonNumericLine[c] = r + 2;
    });
  });
  const table: CsvTable = {
    fileName,
    header: [...header],
    rowCount: n,
    numeric,
    text: texts.map((t, c) => (firstNonNumericLine[c] > 0 ? t : null)),
    firstNonNumericLine,
  };
  if (opts.lines !== false) table.rowLines = Uint32Array.from(rows, (_, r) => r + 2);
  return table;
}

export function tableFromRecords(records: Record<string, CellInput>[], fileName = 'records.json', opts: { lines?: boolean } = {}): CsvTable {
  const header: string[] = [];
  for (const rec of records) for (const k of Object.keys(rec)) if (!header.includes(k)) header.push(k);
  return tableFromRows(header, records.map((rec) => header.map((h) => rec[h])), fileName, opts);
}

/** A file with no quoted fields, split on ',' (seattle-weather.csv and the like). */
export function tableFromSimpleCsv(text: string, fileName: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  return tableFromRows(lines[0].split(','), lines.slice(1).map((l) => l.split(',')), fileName);
}

const DATA = new URL('../../../node_modules/vega-datasets/data/', import.meta.url);

export function vegaTable(file: string): CsvTable {
  const text = readFileSync(new URL(file, DATA), 'utf8');
  if (file.endsWith('.json')) return tableFromRecords(JSON.parse(text) as Record<string, CellInput>[], file);
  return tableFromSimpleCsv(text, file);
}
