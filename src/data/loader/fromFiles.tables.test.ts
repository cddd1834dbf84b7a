import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { TensorscopeError } from '../../core/errors';
import type { ImageDecoder } from '../parsers/imageDecode';
import { datasetFromFiles } from './fromFiles';
import type { NamedBytes } from './types';

// Tables as people bring them from outside: Excel's encodings, Kaggle's folders and zips, formats that are not tables.
const vega = (f: string) => new Uint8Array(readFileSync(new URL(`../../../node_modules/vega-datasets/data/${f}`, import.meta.url)));
const fixture = (f: string) => new Uint8Array(readFileSync(new URL(`../parsers/fixtures/${f}`, import.meta.url)));
const noDecode: ImageDecoder = async () => {
  throw new Error('no image should be decoded for a table');
};
const load = (files: NamedBytes[]) => datasetFromFiles(files, {}, noDecode, () => {});
async function loadError(files: NamedBytes[]): Promise<string> {
  const e = await load(files).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TensorscopeError);
  return (e as TensorscopeError).message;
}

const penguins = JSON.parse(new TextDecoder().decode(vega('penguins.json'))) as Record<string, string | number | null>[];
/** penguins.json as the CSV a spreadsheet writes, with an id column; `drop` leaves a column out (Kaggle's unlabelled test.csv). */
function penguinsCsv(from: number, to: number, drop?: string, sep = ','): string {
  const keys = ['Id', ...Object.keys(penguins[0])].filter((k) => k !== drop);
  const rows = penguins.slice(from, to).map((r, i) => keys.map((k) => (k === 'Id' ? from + i + 1 : (r[k] ?? ''))).join(sep));
  return [keys.join(sep), ...rows].join('\r\n') + '\r\n';
}
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('datasetFromFiles: tables from outside', () => {
  it("Excel's \"Unicode Text\" (UTF-16 with a BOM, tab-separated) loads, with a note saying how it was read", async () => {
    const text = '\uFEFF' + penguinsCsv(0, 344, undefined, '\t');
    const b = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) b.set([text.charCodeAt(i) & 255, text.charCodeAt(i) >> 8], 2 * i);
    const r = await load([{ path: 'penguins.txt', bytes: b }]);
    expect(r.table?.profile).toMatchObject({ rows: 344, delimiter: '\t' });
    expect(r.dataset?.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(r.warnings).toEqual(['penguins.txt was read as UTF-16 (little-endian), as Excel\'s "Unicode Text" writes it.']);
    expect(r.dataset?.table?.source.encoding).toBe('utf-16le');
  });

  it('a Windows-1252 CSV keeps its accented class names (not "caf�")', async () => {
    const text = readFileSync(new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url), 'latin1').replace(/drizzle/g, 'bruine légère');
    const r = await load([{ path: 'météo.csv', bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) }]);
    expect(r.dataset?.classNames).toEqual(['bruine légère', 'fog', 'rain', 'snow', 'sun']);
    expect(r.warnings?.[0]).toMatch(/^météo\.csv is not UTF-8, so it was read as Windows-1252/);
    // UTF-8 files say nothing.
    expect((await load([{ path: 'w.csv', bytes: vega('seattle-weather.csv') }])).warnings).toBeUndefined();
  });

  it('JSON Lines (pandas lines=True) loads as a table', async () => {
    const r = await load([{ path: 'penguins-lines.jsonl', bytes: fixture('penguins-lines.jsonl') }]);
    expect(r.table?.profile).toMatchObject({ rows: 12, delimiter: 'json' });
  });

  const kaggle = (): NamedBytes[] => [
    { path: 'comp/sample_submission.csv', bytes: utf8(penguinsCsv(250, 344).split('\r\n').map((l) => l.split(',').slice(0, 2).join(',')).join('\r\n')) },
    { path: 'comp/test.csv', bytes: utf8(penguinsCsv(250, 344, 'Species')) },
    { path: 'comp/train.csv', bytes: utf8(penguinsCsv(0, 250)) },
  ];

  it("a Kaggle folder: train.csv trains; the unlabelled test.csv and the submission template are named as not used, with why", async () => {
    const r = await load(kaggle());
    expect(r.table?.profile).toMatchObject({ fileName: 'train.csv', rows: 250 });
    expect(r.dataset?.testFrom).toBeNull();
    expect(r.skipped).toEqual([
      { path: 'comp/test.csv', reason: 'not used as the test set: it has no “Species” column (an unlabelled test file, as Kaggle\'s test.csv); the test examples are split from train.csv instead' },
      { path: 'comp/sample_submission.csv', reason: 'not used: one table is read for training (train.csv)' },
    ]);
  });

  it('the same competition as one zip (what Kaggle downloads) loads the same way', async () => {
    const zip = zipSync(Object.fromEntries(kaggle().map((f) => [f.path.replace('comp/', ''), f.bytes])));
    const r = await load([{ path: 'comp.zip', bytes: zip }]);
    expect(r.table?.profile).toMatchObject({ fileName: 'train.csv', rows: 250 });
    expect(r.skipped.map((s) => s.path)).toEqual(['comp/test.csv', 'comp/sample_submission.csv']);
  });

  it('a labelled test.csv is still the test set', async () => {
    const r = await load([
      { path: 'test.csv', bytes: utf8(penguinsCsv(250, 344)) },
      { path: 'train.csv', bytes: utf8(penguinsCsv(0, 250)) },
    ]);
    expect(r.dataset?.table?.source.testFileName).toBe('test.csv');
    expect(r.skipped).toEqual([]);
  });

  it('names real files that are not tables, with how to convert them (and never reads them as images)', async () => {
    expect(await loadError([{ path: 'flights-200k.arrow', bytes: vega('flights-200k.arrow') }])).toMatch(/^flights-200k\.arrow is an Arrow \/ Feather file, .*pandas\.read_feather/);
    // An Excel 97–2003 file, written by LibreOffice Calc from seattle-weather.csv.
    expect(await loadError([{ path: 'old.xls', bytes: fixture('seattle-weather-libreoffice.xls') }])).toMatch(/^old\.xls is an Excel 97–2003 workbook \(\.xls\) or another Office file, which Tensorscope does not read\. To use it, save it as an Excel workbook \(\.xlsx\) or as "CSV UTF-8"/);
    expect(await loadError([{ path: 'sheet.ods', bytes: fixture('seattle-weather-libreoffice.ods') }])).toMatch(/^sheet\.ods is an OpenDocument spreadsheet \(\.ods\), which Tensorscope does not read\. To use it, save it as an Excel workbook \(\.xlsx\) or as "CSV UTF-8"/);
    expect(await loadError([{ path: 'model.pkl', bytes: Uint8Array.from([0x80, 4, 0x95, 0, 0, 0]) }])).toMatch(/^model\.pkl is a Python pickle \(never opened here/);
  });

  it('a Parquet file loads as a table (also as a Kaggle train/test pair); one too large is refused from its metadata', async () => {
    const r = await load([{ path: 'penguins.parquet', bytes: fixture('penguins.parquet') }]);
    expect(r.table?.profile).toMatchObject({ rows: 344, delimiter: 'parquet' });
    expect(r.table?.recipe.label).toBe('Species');
    const pair = await load([
      { path: 'comp/train.parquet', bytes: fixture('penguins.parquet') },
      { path: 'comp/test.parquet', bytes: fixture('penguins-gzip.parquet') },
    ]);
    expect(pair.dataset?.table?.source.testFileName).toBe('test.parquet');
    expect(await loadError([{ path: 'flights-3m.parquet', bytes: vega('flights-3m.parquet') }])).toBe('flights-3m.parquet: has 3,000,000 rows; at most 2,000,000 can be loaded.');
  });

  it('an Excel workbook loads its first sheet as a table, also inside a zip, and says which sheet when there are several', async () => {
    const r = await load([{ path: 'seattle-weather.xlsx', bytes: fixture('seattle-weather.xlsx') }]);
    expect(r.table?.profile).toMatchObject({ fileName: 'seattle-weather.xlsx', rows: 60, delimiter: 'xlsx' });
    expect(r.table?.profile.columns.find((c) => c.name === 'date')?.inferred).toBe('datetime');
    expect(r.dataset?.name).toBe('seattle-weather');
    expect(r.warnings?.[0]).toMatch(/^seattle-weather\.xlsx has 2 sheets; the first, “weather”, was read/);
    const zipped = await load([{ path: 'data.zip', bytes: zipSync({ 'penguins.xlsx': fixture('penguins.xlsx') }) }]);
    expect(zipped.table?.profile).toMatchObject({ fileName: 'penguins.xlsx', rows: 12 });
  });

  it("UCI and sklearn files: a gzipped, space-separated table with no header; a .txt of aligned numbers is a table, not class names", async () => {
    const r = await load([{ path: 'diabetes_data_raw.csv.gz', bytes: fixture('diabetes_data_raw.csv.gz') }]);
    expect(r.table?.profile).toMatchObject({ rows: 442, delimiter: ' ', hasHeader: false });
    expect(r.table?.profile.columns.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Column ${i + 1}`));
    expect(r.warnings).toEqual([
      'diabetes_data_raw.csv: its columns are separated by spaces, so runs of spaces and tabs were read as one separator.',
      'diabetes_data_raw.csv: the first row holds values, not column names (numbers where the columns hold numbers), so it was read as data and the columns are named Column 1 … Column 10.',
    ]);
    const excel = await load([{ path: 'excel.csv', bytes: utf8('sep=;\r\n' + penguinsCsv(0, 344, undefined, ';')) }]);
    expect(excel.warnings).toEqual(["excel.csv: its first line, Excel's “sep=;”, names the delimiter; the table starts on line 2."]);
    expect(excel.table?.profile).toMatchObject({ rows: 344, delimiter: ';' });
    const iris = await load([{ path: 'iris.txt', bytes: fixture('iris-savetxt.txt') }]);
    expect(iris.table?.profile).toMatchObject({ rows: 150, delimiter: ' ' });
  });

  it('an ARFF file (OpenML, Weka) loads, named by extension or by its @relation line; told a header is there, the first row is names', async () => {
    const r = await load([{ path: 'iris.arff', bytes: fixture('iris.arff') }]);
    expect(r.table?.profile).toMatchObject({ rows: 150, delimiter: 'arff' });
    expect(r.table?.recipe.label).toBe('class');
    const renamed = await load([{ path: 'iris-download', bytes: fixture('iris.arff') }]);
    expect(renamed.table?.profile.rows).toBe(150);
    const forced = await datasetFromFiles([{ path: 'diabetes.txt', bytes: fixture('diabetes_data_raw.csv.gz') }], { csv: { header: true } }, noDecode, () => {});
    expect(forced.table?.profile).toMatchObject({ rows: 441 });
    expect(forced.table?.profile.hasHeader).toBeUndefined();
    // The choice is kept in the recipe, so a link made from it reads the same file the same way.
    expect(forced.table?.recipe.read).toEqual({ header: true });
    const again = await datasetFromFiles([{ path: 'diabetes.txt', bytes: fixture('diabetes_data_raw.csv.gz') }], { csv: forced.table!.recipe.read, table: { recipe: forced.table!.recipe, split: { testFraction: 0.2, validationFraction: 0.1, seed: 1 } } }, noDecode, () => {});
    expect(again.table?.warnings.join(' ')).not.toMatch(/does not fit/);
    expect(again.table?.error).toBeNull();
    expect(again.table?.recipe).toEqual(forced.table?.recipe);
  });
});
