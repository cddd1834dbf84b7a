import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, detectImageCsv } from './csv';
import { isWhitespaceSeparated, whitespaceToTabs } from './csvLayout';
import { autoMpgData, cars as carsJson, worldBankCsv } from './publishedLayouts';
import { profileTable } from '../table/profile';

// Layouts that published files really have: columns aligned with spaces (numpy.savetxt, R, UCI's .data files) and
// no header row (UCI, sklearn's digits, the widely copied mnist_train.csv).
const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const cars = carsJson();
const autoMpg = autoMpgData();

describe('columns separated by spaces', () => {
  it("numpy.savetxt's iris (no header, scientific notation) reads as 150 rows of 4 numbers", () => {
    const t = parseCsv(fixture('iris-savetxt.txt'), 'iris.txt');
    expect(t).toMatchObject({ rowCount: 150, delimiter: ' ', hasHeader: false, header: ['Column 1', 'Column 2', 'Column 3', 'Column 4'] });
    expect(t.numeric[0][0]).toBeCloseTo(5.1, 12);
    expect(t.numeric[3][149]).toBeCloseTo(1.8, 12);
    expect(t.text.every((c) => c === null)).toBe(true);
  });

  it("sklearn's linnerud (a header of names) keeps its header", () => {
    const t = parseCsv(fixture('linnerud_exercise.csv'), 'linnerud_exercise.csv');
    expect(t).toMatchObject({ rowCount: 20, delimiter: ' ', header: ['Chins', 'Situps', 'Jumps'] });
    expect(t.hasHeader).toBeUndefined();
    expect(Array.from(t.numeric[1].slice(0, 3))).toEqual([162, 110, 101]);
  });

  it("UCI's auto-mpg layout: a tab and runs of spaces are one separator, a quoted name keeps its spaces, '?' stays a cell", () => {
    expect(isWhitespaceSeparated(autoMpg, 0, 1)).toBe(true);
    const t = parseCsv(autoMpg, 'auto-mpg.data');
    expect(t).toMatchObject({ rowCount: cars.length, delimiter: ' ', hasHeader: false });
    expect(t.header).toHaveLength(9);
    expect(t.text[8]?.[0]).toBe('chevrolet chevelle malibu');
    const pinto = cars.findIndex((r) => r.Horsepower === null);
    expect(t.text[3]?.[pinto]).toBe('?');
    expect(t.rowLines?.[pinto]).toBe(pinto + 1);
  });

  it('a tab file whose cells hold single spaces stays a tab file; a one-column list is no table of spaces', () => {
    const tsv = 'name\tcity\nJohn Smith\tNew York\nAda Lovelace\tLos Angeles\n';
    expect(parseCsv(tsv, 'people.tsv')).toMatchObject({ delimiter: '\t', header: ['name', 'city'] });
    expect(isWhitespaceSeparated('T-shirt/top\nAnkle boot\nBag\n', 0, 0)).toBe(false);
    expect(isWhitespaceSeparated('a b c\nd e\n', 0, 0)).toBe(false);
  });

  it('rewriting keeps line breaks (so messages name the right line) and quoted fields exactly', () => {
    expect(whitespaceToTabs('  a   b \n\n"x  y"\t 2\n', 0)).toBe('a\tb\n\n"x  y"\t2\n');
    const t = parseCsv('x   y\n1   2\n\n\n3   4\n', 'gaps.txt');
    expect(t).toMatchObject({ delimiter: ' ', rowCount: 2 });
    expect(Array.from(t.rowLines ?? [])).toEqual([2, 5]);
  });
});

describe('a first row that is data, not names', () => {
  const irisData = fixture('iris.arff').split('@DATA')[1].trim().split('\n').filter((l) => l && !l.startsWith('%')).join('\n');

  it("UCI's iris.data: numbers, then a class that recurs below — read as data, columns named Column 1 … 5", () => {
    const t = parseCsv(irisData, 'iris.data');
    expect(t).toMatchObject({ rowCount: 150, hasHeader: false, header: ['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5'] });
    expect(t.text[4]?.[0]).toBe('Iris-setosa');
    expect(t.rowLines?.[0]).toBe(1);
  });

  it('a header stays a header: names over numbers, years over a text column, a text column whose first cell never recurs', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n', 'x.csv').hasHeader).toBeUndefined();
    const years = parseCsv('country,1990,1991\nFrance,1.5,1.6\nPeru,2.5,2.4\n', 'years.csv');
    expect(years.header).toEqual(['country', '1990', '1991']);
    expect(years.hasHeader).toBeUndefined();
    // Only text columns: nothing says the first row is data.
    expect(parseCsv('x,y\np,q\nr,s\n', 't.csv').header).toEqual(['x', 'y']);
  });

  it('the choice can be forced either way', () => {
    expect(parseCsv('a,b\n1,2\n', 'x.csv', { header: false })).toMatchObject({ rowCount: 2, header: ['Column 1', 'Column 2'] });
    expect(parseCsv(irisData, 'iris.data', { header: true }).rowCount).toBe(149);
  });

  it('a headerless MNIST CSV (label first, 784 pixels) is recognised as 28×28 images', () => {
    const row = (label: number, seed: number) => [label, ...Array.from({ length: 784 }, (_, i) => (i * seed) % 256)].join(',');
    const t = parseCsv([row(5, 3), row(0, 7), row(4, 11)].join('\n'), 'mnist_train.csv');
    expect(t.hasHeader).toBe(false);
    expect(detectImageCsv(t)).toEqual({ labelColumn: 'Column 1', size: 28 });
  });
});

describe('lines above the table', () => {
  const { text: worldBank, countries, years } = worldBankCsv();

  it("the World Bank's layout: the four lines above the header are skipped, the trailing comma is an unnamed empty column", () => {
    const t = parseCsv(worldBank, 'API_SP.DYN.LE00.IN.csv');
    expect(t).toMatchObject({ rowCount: countries.length, skippedLines: 4 });
    expect(t.header.slice(0, 5)).toEqual(['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', String(years[0])]);
    expect(t.header.at(-1)).toBe(`Unnamed: ${4 + years.length}`);
    expect(t.rowLines?.[0]).toBe(6);
    expect(t.text[0]?.[0]).toBe(countries[0]);
  });

  it('a title padded with commas (an Excel report) is skipped; a table without one, and R write.table, are left alone', () => {
    const report = 'Quarterly sales,,,\n,,,\nregion,units,price,label\nnorth,3,1.5,a\nsouth,4,2.5,b\neast,5,3.5,a\n';
    expect(parseCsv(report, 'report.csv')).toMatchObject({ header: ['region', 'units', 'price', 'label'], rowCount: 3, skippedLines: 2 });
    expect(parseCsv('a,b\n1,2\n3,4\n5,6\n', 'plain.csv').skippedLines).toBeUndefined();
    // R's write.table: the header has no name over the row names, one field short.
    const r = parseCsv('"mpg" "cyl"\n"Mazda RX4" 21 6\n"Datsun 710" 22.8 4\n"Valiant" 18.1 6\n', 'mtcars.txt');
    expect(r).toMatchObject({ header: ['Unnamed: 0', 'mpg', 'cyl'], rowCount: 3, rowNames: true, delimiter: ' ' });
    expect(r.text[0]).toEqual(['Mazda RX4', 'Datsun 710', 'Valiant']);
    expect(parseCsv('a,b\nx,1,2\ny,3,4\nz,5,6\n', 'r.csv').header).toEqual(['Unnamed: 0', 'a', 'b']);
    // A one-column list of full names is not a table of spaces.
    expect(parseCsv('name\nJohn Smith\nAda Lovelace\nAlan Turing\n', 'names.csv').header).toEqual(['name']);
  });
});

describe("a file's date order", () => {
  it('dates written day first (31/12/2012) make the file day first, and its date column a date column', () => {
    const csv = readFileSync(new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url), 'utf8').replace(/(\d{4})-(\d{2})-(\d{2})/g, '$3/$2/$1');
    const t = parseCsv(csv, 'weather-dmy.csv');
    expect(t.dayFirst).toBe(true);
    const p = profileTable(t);
    expect(p.dayFirst).toBe(true);
    expect(p.columns[0]).toMatchObject({ name: 'date', inferred: 'datetime', min: Date.UTC(2012, 0, 1), max: Date.UTC(2015, 11, 31) });
    // Month first stays the default: the same dates as 12/31/2012 are read as they always were.
    const us = parseCsv(csv.replace(/(\d{2})\/(\d{2})\/(\d{4})/g, '$2/$1/$3'), 'weather-mdy.csv');
    expect(us.dayFirst).toBeUndefined();
    expect(profileTable(us).columns[0]).toMatchObject({ inferred: 'datetime', max: Date.UTC(2015, 11, 31) });
  });
});

describe('the delimiter', () => {
  it("a first line of notes with another separator (UCI's adult.test: \"|1x3 Cross validator\") does not decide it", () => {
    const rows = [
      '25, Private, 226802, 11th, 7, Never-married, Machine-op-inspct, Own-child, Black, Male, 0, 0, 40, United-States, <=50K.',
      '38, Private, 89814, HS-grad, 9, Married-civ-spouse, Farming-fishing, Husband, White, Male, 0, 0, 50, United-States, <=50K.',
      '28, Local-gov, 336951, Assoc-acdm, 12, Married-civ-spouse, Protective-serv, Husband, White, Male, 0, 0, 40, United-States, >50K.',
      '44, Private, 160323, Some-college, 10, Married-civ-spouse, Machine-op-inspct, Husband, Black, Male, 7688, 0, 40, United-States, >50K.',
      '18, ?, 103497, Some-college, 10, Never-married, ?, Own-child, White, Female, 0, 0, 30, United-States, <=50K.',
    ];
    const t = parseCsv(['|1x3 Cross validator', ...rows, ...rows].join('\n') + '\n', 'adult.test');
    expect(t).toMatchObject({ delimiter: ',', skippedLines: 1, hasHeader: false, rowCount: 10 });
    expect(t.text[1]?.[4]).toBe('?');
    // Excel's "sep=;" first line names the delimiter, and is no row.
    expect(parseCsv('sep=;\r\nname;price;label\r\nx;1,5;a\r\ny;2,5;b\r\nz;3;a\r\n', 'excel.csv')).toMatchObject({ delimiter: ';', decimal: ',', header: ['name', 'price', 'label'], rowCount: 3, skippedLines: 1, excelSep: true });
    expect(parseCsv('sep=,\na,b\n1,2\n3,4\n', 'two.csv')).toMatchObject({ header: ['a', 'b'], rowCount: 2, skippedLines: 1 });
    // A pipe file stays a pipe file.
    expect(parseCsv('a|b\n1|2\n3|4\n5|6\n', 'p.psv').delimiter).toBe('|');
  });
});
