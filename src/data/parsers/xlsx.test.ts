import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { formatErrorOf } from '../../test/parserAssertions';
import { parseCsv } from './csv';
import { columnLetters, isDateFormat, parseXlsx, serialToIso, xmlText } from './xlsx';

// Workbooks written by real tools: pandas with xlsxwriter (shared strings, date formats, two sheets), xlsxwriter by
// hand (rich text, booleans, formulas, an error cell, percent and currency formats), pandas with openpyxl (inline strings).
const fixture = (f: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${f}`, import.meta.url)));
const col = (t: ReturnType<typeof parseXlsx>['table'], name: string) => {
  const j = t.header.indexOf(name);
  return t.text[j] ?? Array.from(t.numeric[j], (v) => (Number.isNaN(v) ? null : v));
};

describe('parseXlsx', () => {
  it('seattle-weather.xlsx (pandas + xlsxwriter): dates come back as the CSV has them, the first of two sheets is read and said', () => {
    const { table, notes } = parseXlsx(fixture('seattle-weather.xlsx'), 'seattle-weather.xlsx');
    const lines = readFileSync(new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url), 'utf8').split('\n');
    const csv = parseCsv(lines.slice(0, 61).join('\n'), 'w.csv');
    expect(table.header).toEqual(csv.header);
    expect(table.rowCount).toBe(60);
    expect(table.delimiter).toBe('xlsx');
    expect(col(table, 'date')).toEqual(csv.text[0]);
    expect(col(table, 'precipitation')).toEqual(Array.from(csv.numeric[1]));
    // The two cells the fixture blanked are missing values.
    expect(col(table, 'wind')[3]).toBeNull();
    expect(col(table, 'weather')[5]).toBe('');
    expect(notes).toEqual(['seattle-weather.xlsx has 2 sheets; the first, “weather”, was read (“weather”, “notes”). Choose another under “Sheet”.']);
    expect(table).toMatchObject({ sheet: 'weather', sheets: ['weather', 'notes'] });
  });

  it('another sheet by name (a workbook whose first sheet is an "About" page); an unknown name is refused with the list', () => {
    const { table, notes } = parseXlsx(fixture('penguins-about-first.xlsx'), 'p.xlsx', { sheet: 'penguins' });
    expect(table).toMatchObject({ rowCount: 40, sheet: 'penguins', sheets: ['About', 'penguins', 'Empty'] });
    expect(table.header[0]).toBe('Species');
    expect(notes).toEqual(['p.xlsx has 3 sheets; “penguins” was read (“About”, “penguins”, “Empty”). Choose another under “Sheet”.']);
    expect(() => parseXlsx(fixture('penguins-about-first.xlsx'), 'p.xlsx', { sheet: 'Data' })).toThrow('p.xlsx: has no visible sheet named “Data” (its sheets: “About”, “penguins”, “Empty”).');
  });

  it('a sheet LibreOffice Calc 7.4 wrote from the CSV (its own styles and escaped date format) reads exactly as the CSV', () => {
    const { table } = parseXlsx(fixture('seattle-weather-libreoffice.xlsx'), 'sw.xlsx');
    const lines = readFileSync(new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url), 'utf8').split('\n');
    const csv = parseCsv(lines.slice(0, 61).join('\n'), 'w.csv');
    expect(table.header).toEqual(csv.header);
    for (const [j, h] of csv.header.entries()) expect(col(table, h), h).toEqual(csv.text[j] ?? Array.from(csv.numeric[j]));
  });

  it('quirks.xlsx: entities, rich text, booleans, stored values behind % and $ formats, date-times, cached formula results, #N/A as missing', () => {
    const { table, notes } = parseXlsx(fixture('quirks.xlsx'), 'quirks.xlsx');
    expect(notes).toEqual([]);
    expect(table.header).toEqual(['name', 'ok', 'share', 'price', 'when', 'formula', 'label']);
    expect(col(table, 'name')).toEqual(['Zoë & <Ann>', 'Bob', 'Cé "quoted"', 'Eve']);
    expect(col(table, 'ok')).toEqual(['true', 'false', 'true', '']);
    expect(col(table, 'share')).toEqual([0.25, 0.5, 1, null]);
    expect(col(table, 'price')).toEqual([1234.5, 99, 0.1, null]);
    expect(col(table, 'when')).toEqual(['2021-03-04 05:06:00', '1999-12-31 23:59:00', '1900-03-01', '']);
    expect(col(table, 'formula')).toEqual([0.5, 1, 2, null]);
  });

  it('penguins.xlsx (pandas + openpyxl, inline strings) reads like the JSON it came from', () => {
    const { table } = parseXlsx(fixture('penguins.xlsx'), 'penguins.xlsx');
    const records = JSON.parse(readFileSync(new URL('./fixtures/penguins-records.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    expect(table.header).toEqual(Object.keys(records[0]));
    expect(col(table, 'Species')).toEqual(records.map((r) => r.Species));
    expect(col(table, 'Body Mass (g)')).toEqual(records.map((r) => r['Body Mass (g)']));
  });

  /** A minimal workbook: one sheet whose <sheetData> is `rows`, plus optional shared strings and workbook XML. */
  function book(rows: string, extra: { sheets?: string; strings?: string[] } = {}): Uint8Array {
    const sheets = extra.sheets ?? '<sheet name="S" sheetId="1" r:id="rId1"/>';
    return zipSync({
      'xl/workbook.xml': strToU8(`<workbook xmlns:r="r"><sheets>${sheets}</sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${rows}</sheetData></worksheet>`),
      'xl/worksheets/sheet2.xml': strToU8('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>'),
      ...(extra.strings ? { 'xl/sharedStrings.xml': strToU8(`<sst>${extra.strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`) } : {}),
    });
  }
  const s = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const n = (ref: string, v: number) => `<c r="${ref}"><v>${v}</v></c>`;

  it('a title row is not needed: the first non-empty row is the header; unnamed and repeated columns get names; gaps are missing', () => {
    const rows = `<row r="3">${s('B3', 'x')}${s('D3', 'x')}</row><row r="4">${n('B4', 1)}${n('C4', 7)}${n('D4', 2)}</row><row r="6">${n('B6', 3)}</row>`;
    const { table } = parseXlsx(book(rows), 'b.xlsx');
    expect(table.header).toEqual(['x', 'Column C', 'x.1']);
    expect(table.rowCount).toBe(2);
    expect(col(table, 'Column C')).toEqual([7, null]);
  });

  it('hidden sheets are passed over; a sheet named in the note is the one read', () => {
    const sheets = '<sheet name="old" sheetId="1" state="hidden" r:id="rId1"/><sheet name="data" sheetId="2" r:id="rId2"/>';
    const { table, notes } = parseXlsx(book(`<row r="1">${s('A1', 'x')}</row>`, { sheets }), 'h.xlsx');
    expect(table.header).toEqual(['second']);
    expect(notes).toEqual([]);
  });

  it('errors say what is wrong with the workbook', () => {
    expect(formatErrorOf(() => parseXlsx(book(''), 'e.xlsx')).message).toBe('e.xlsx, sheet “S”: the sheet is empty.');
    expect(formatErrorOf(() => parseXlsx(book(`<row r="2">${s('A2', 'only')}</row>`), 'e.xlsx')).message).toBe('e.xlsx, sheet “S”: has a header row (row 2) but no data below it.');
    expect(formatErrorOf(() => parseXlsx(strToU8('PK\x03\x04 broken'), 'b.xlsx')).message).toMatch(/^b\.xlsx: not a readable workbook \(/);
    expect(formatErrorOf(() => parseXlsx(book(`<row r="1">${s('A1', 'a')}</row><row r="2">${n('A2', 1)}</row><row r="3">${n('A3', 2)}</row>`), 'm.xlsx', { maxRows: 1 })).message).toBe(
      'm.xlsx, sheet “S”: has more than 1 rows, the most that can be loaded.',
    );
  });

  it('date formats, serials (1900 with its phantom 29 February, and 1904), XML escapes, column letters', () => {
    for (const code of ['yyyy-mm-dd', 'dd/mm/yyyy hh:mm', 'm/d/yy', '[h]:mm:ss', '[$-409]mmmm d, yyyy']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['0%', '$#,##0.00', '"days"0', 'General', '0.00E+00', '[Red]0.0']) expect(isDateFormat(code), code).toBe(false);
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(serialToIso(44259.2125, false)).toBe('2021-03-04 05:06:00');
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(-1, false)).toBeNull();
    expect(xmlText('a &amp; b &lt;c&gt; &#233;&#x1F600; _x000D_')).toBe('a & b <c> é😀 \r');
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
