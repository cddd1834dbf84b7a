import { TensorscopeError } from '../../core/errors';
import { parseCsv, type CsvTable, type ParseCsvOptions } from './csv';

/**
 * ARFF, the format of Weka and OpenML's downloads: "%" comments, "@relation", one "@attribute name type" per column
 * (numeric, integer, real, string, date, or {nominal, values}), then "@data" with comma-separated rows whose values
 * may be quoted with ' or " (backslash escapes inside) and "?" for a missing value.
 * The rows are rewritten as CSV, line for line so the CSV parser's line numbers still point into the .arff file, and
 * read by parseCsv; the exported Keras script tokenises them the same way (read_arff).
 */

const ATTRIBUTE = /^@attribute\s+/i;

/** RFC 4180 quoting where the CSV scanner needs it (separators, quotes, line breaks, edge spaces it would trim). */
function csvField(v: string): string {
  return /[",\r\n]|^[ \t]|[ \t]$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function arffError(message: string): TensorscopeError {
  return new TensorscopeError('dataset-format', message);
}

/** Whether the text is ARFF: comments and blank lines, then "@relation". */
export function isArff(path: string, head: string): boolean {
  if (/\.arff$/i.test(path)) return true;
  for (const line of head.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const l = line.trim();
    if (l === '' || l.startsWith('%')) continue;
    return /^@relation\b/i.test(l);
  }
  return false;
}

/** Splits one ARFF value list: commas outside quotes separate; ' and " quote, with \ escapes inside; "?" is a gap. */
export function arffValues(line: string): string[] {
  const out: string[] = [];
  let p = 0;
  const n = line.length;
  for (;;) {
    while (p < n && (line[p] === ' ' || line[p] === '\t')) p++;
    const q = line[p];
    if (q === "'" || q === '"') {
      let v = '';
      p++;
      while (p < n && line[p] !== q) {
        if (line[p] === '\\' && p + 1 < n) {
          const e = line[++p];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else v += line[p];
        p++;
      }
      if (p >= n) throw new Error(`a value opened with ${q} is never closed`);
      p++;
      while (p < n && (line[p] === ' ' || line[p] === '\t')) p++;
      if (p < n && line[p] !== ',') throw new Error(`text after the closing ${q}`);
      out.push(v);
    } else {
      let e = line.indexOf(',', p);
      if (e < 0) e = n;
      const v = line.slice(p, e).trim();
      out.push(v === '?' ? '' : v);
      p = e;
    }
    if (p >= n) return out;
    p++; // the comma
  }
}

/** The attribute's name: quoted names may hold spaces. */
function attributeName(rest: string, line: number, fileName: string): string {
  const q = rest[0];
  if (q === "'" || q === '"') {
    const end = rest.indexOf(q, 1);
    if (end < 0) throw arffError(`${fileName} line ${line}: the attribute name opened with ${q} is never closed.`);
    return rest.slice(1, end);
  }
  return rest.split(/[\s{]/, 1)[0];
}

export function parseArff(text: string, fileName: string, opts?: Pick<ParseCsvOptions, 'maxRows' | 'onProgress'>): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const names: string[] = [];
  const seen = new Map<string, number>();
  let dataAt = -1;
  for (let i = 0; i < lines.length && dataAt < 0; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('%')) continue;
    if (ATTRIBUTE.test(l)) {
      const rest = l.replace(ATTRIBUTE, '');
      const name = attributeName(rest, i + 1, fileName);
      const type = rest.slice(name.length + (/^['"]/.test(rest) ? 2 : 0)).trim();
      if (/^relational\b/i.test(type)) throw arffError(`${fileName} line ${i + 1}: the attribute “${name}” is relational (multi-instance ARFF), which is not read; flatten it to one row per instance first.`);
      if (name === '') throw arffError(`${fileName} line ${i + 1}: an attribute has no name.`);
      const prev = seen.get(name);
      if (prev !== undefined) throw arffError(`${fileName} line ${i + 1}: the attribute “${name}” is declared twice (line ${prev}).`);
      seen.set(name, i + 1);
      names.push(name);
    } else if (/^@data\b/i.test(l)) {
      dataAt = i;
    } else if (!/^@(relation|end)\b/i.test(l)) {
      throw arffError(`${fileName} line ${i + 1}: expected @relation, @attribute or @data, found “${l.slice(0, 40)}”.`);
    }
  }
  if (dataAt < 0) throw arffError(`${fileName}: an ARFF file needs a “@data” line before its rows; none was found.`);
  if (names.length === 0) throw arffError(`${fileName}: no “@attribute” lines declare the columns.`);
  // The CSV keeps every line in place: the header on line 1, blank lines for the rest of the ARFF header and comments.
  const out: string[] = [names.map(csvField).join(',')];
  for (let i = 1; i <= dataAt; i++) out.push('');
  for (let i = dataAt + 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('%')) {
      out.push('');
      continue;
    }
    if (l.startsWith('{')) throw arffError(`${fileName} line ${i + 1}: a sparse ARFF row (“{index value, …}”) is not read; save the data as dense ARFF or CSV.`);
    let values: string[];
    try {
      values = arffValues(l);
    } catch (e) {
      throw arffError(`${fileName} line ${i + 1}: ${(e as Error).message}.`);
    }
    if (values.length !== names.length) throw arffError(`${fileName} line ${i + 1}: has ${values.length} value${values.length === 1 ? '' : 's'}, the @attribute lines declare ${names.length}.`);
    out.push(values.map(csvField).join(','));
  }
  const table = parseCsv(out.join('\n'), fileName, { ...opts, header: true });
  return { ...table, delimiter: 'arff', decimal: '.' };
}
