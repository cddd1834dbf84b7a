import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, detectImageCsv } from './csv';
import { isWhitespaceSeparated, whitespaceToTabs } from './csvLayout';

// Layouts that published files really have: columns aligned with spaces (numpy.savetxt, R, UCI's .data files) and
// no header row (UCI, sklearn's digits, the widely copied mnist_train.csv).
const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const cars = JSON.parse(readFileSync(new URL('../../../node_modules/vega-datasets/data/cars.json', import.meta.url), 'utf8')) as Record<string, string | number | null>[];
/** UCI's auto-mpg.data layout from vega's copy of the same table: aligned columns, a tab, the quoted name, "?" gaps. */
const autoMpg = cars
  .map((r) => [r.Miles_per_Gallon ?? '?', r.Cylinders, r.Displacement, r.Horsepower ?? '?', r.Weight_in_lbs, r.Acceleration, String(r.Year).slice(2, 4), r.Origin === 'USA' ? 1 : 2].map((v) => String(v).padEnd(11)).join('') + `\t"${String(r.Name)}"`)
  .join('\n');

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
    expect(isWhitespaceSeparated('a b\nc d e\n', 0, 0)).toBe(false);
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
