import { describe, expect, it } from 'vitest';
import { formatErrorOf } from '../../test/parserAssertions';
import type { TableRecipe } from '../../core/tableTypes';
import type { SplitConfig } from '../split';
import { applyRecipe } from './apply';
import { encodeRecord } from './encodeRecord';
import { profileTable } from './profile';
import { defaultRecipe } from './recipe';
import { tableFromRows } from './testTables';
import type { CsvTable } from '../parsers/csv';

const SPLIT: SplitConfig = { testFraction: 0.2, validationFraction: 0, seed: 1 };

function recipeFor(t: CsvTable, label: string, edit: (r: TableRecipe) => TableRecipe = (r) => r): TableRecipe {
  return edit(defaultRecipe(profileTable(t), { label }));
}
const setCol = (r: TableRecipe, name: string, patch: Partial<TableRecipe['columns'][number]>): TableRecipe => ({
  ...r,
  columns: r.columns.map((c) => (c.name === name ? { ...c, ...patch } : c)),
});


/** 30 rows: Horsepower numbers, Origin categories, mpg numbers, species classes. */
function cars(mut?: (rows: string[][]) => void): CsvTable {
  const rows = Array.from({ length: 30 }, (_, i) => [String(100 + i), ['USA', 'Japan', 'Europe'][i % 3], String(10 + (i % 7)), ['Adelie', 'Gentoo'][i % 2]]);
  mut?.(rows);
  return tableFromRows(['Horsepower', 'Origin', 'mpg', 'Species'], rows, 'cars.csv');
}

describe('applyRecipe errors name the file, the column and the rows', () => {
  it('text in a numeric column', () => {
    const t = cars((rows) => {
      rows[10][0] = 'abc';
      rows[20][0] = 'xyz';
      rows[25][0] = 'abc';
    });
    const r = recipeFor(t, 'mpg', (r) => setCol(r, 'Horsepower', { type: 'numeric', role: 'feature' }));
    const e = formatErrorOf(() => applyRecipe(t, null, r, SPLIT));
    expect(e.message).toContain('cars.csv, column “Horsepower”: lines 12, 22, 27 hold text ("abc", "xyz", …) in a numeric column');
    expect(e.message).toMatch(/make it categorical, add the text to the missing-value list, or ignore the column/);
  });

  it('text in a numeric column, more rows than shown, and row numbers without rowLines', () => {
    const base = cars((rows) => rows.forEach((row, i) => i % 5 === 0 && (row[0] = 'n/a?')));
    const t = { ...base, rowLines: undefined };
    const r = recipeFor(t, 'mpg', (r) => setCol(r, 'Horsepower', { type: 'numeric', role: 'feature' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toContain('column “Horsepower”: rows 1, 6, 11 (and 3 more) hold text ("n/a?", …)');
  });

  it('a label with one class after dropping', () => {
    const t = cars((rows) => rows.forEach((row, i) => i % 2 === 1 && (row[3] = '')));
    const r = recipeFor(t, 'Species', (r) => ({ ...r, task: 'classification' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toBe('cars.csv, label “Species” has one class ("Adelie"): nothing to learn.');
  });

  it('a label missing in every row', () => {
    const t = cars((rows) => rows.forEach((row) => (row[3] = 'NA')));
    const r = recipeFor(t, 'Species', (r) => ({ ...r, task: 'classification' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toMatch(/cars\.csv: the label column “Species” is missing in every row/);
  });

  it('more than 256 classes', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [String(i % 7), `c${i}`]);
    const t = tableFromRows(['x', 'kind'], rows, 'many.csv');
    const r = recipeFor(t, 'kind', (r) => ({ ...r, task: 'classification' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toMatch(/many\.csv, label “kind” has 300 classes; at most 256/);
  });

  it('no usable feature after encoding', () => {
    const t = cars((rows) => rows.forEach((row) => (row[1] = '')));
    const r = recipeFor(t, 'mpg', (r) => setCol(setCol(r, 'Horsepower', { role: 'ignore' }), 'Origin', { role: 'feature', type: 'text-categorical', missing: 'mode' }));
    const r2 = setCol(r, 'Species', { role: 'ignore' });
    expect(formatErrorOf(() => applyRecipe(t, null, r2, SPLIT)).message).toMatch(/cars\.csv: no usable feature after encoding — the feature columns \(“Origin”\)/);
    const none = { ...r2, columns: r2.columns.map((c) => (c.role === 'feature' ? { ...c, role: 'ignore' as const } : c)) };
    expect(formatErrorOf(() => applyRecipe(t, null, none, SPLIT)).message).toMatch(/cars\.csv: no usable feature — every column except the label “mpg” is ignored/);
  });

  it('every row dropped', () => {
    const t = cars((rows) => rows.forEach((row) => (row[0] = '?')));
    const r = recipeFor(t, 'mpg', (r) => setCol(r, 'Horsepower', { role: 'feature', type: 'numeric', missing: 'drop' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toBe(
      'cars.csv: every row was dropped (30 missing “Horsepower”, which is set to drop rows) — fill missing values instead of dropping rows.',
    );
  });

  it('the test file lacks a column', () => {
    const t = cars();
    const test = tableFromRows(['Horsepower', 'mpg', 'Species'], [['1', '2', 'Adelie']], 'cars-test.csv');
    const r = recipeFor(t, 'mpg');
    expect(formatErrorOf(() => applyRecipe(t, test, r, SPLIT)).message).toMatch(/cars-test\.csv has no column “Origin” \(the training file has it\)/);
  });

  it('a text label for regression names the rows', () => {
    const t = cars((rows) => (rows[4][2] = 'fast'));
    const r = recipeFor(t, 'mpg', (r) => ({ ...r, task: 'regression' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toMatch(/cars\.csv, label “mpg”: line 6 holds text \("fast"\) — regression needs a number/);
  });

  it('a recipe problem (mean on a categorical column) is refused in words', () => {
    const t = cars();
    const r = recipeFor(t, 'mpg', (r) => setCol(r, 'Origin', { missing: 'mean' }));
    expect(formatErrorOf(() => applyRecipe(t, null, r, SPLIT)).message).toMatch(/“Origin” is categorical: .* not the mean/);
  });
});

describe('encodeRecord errors name the field', () => {
  const t = cars();
  const r = recipeFor(t, 'mpg', (r) => setCol(r, 'Origin', { missing: 'drop' }));
  const { fitted } = applyRecipe(t, null, r, SPLIT);
  it('a non-number in a number field', () => {
    expect(formatErrorOf(() => encodeRecord(fitted, { Horsepower: 'lots', Origin: 'USA' })).message).toBe('“Horsepower” must be a number; got "lots".');
  });
  it('a missing value in a drop column', () => {
    expect(formatErrorOf(() => encodeRecord(fitted, { Horsepower: 120 })).message).toMatch(/“Origin” is required/);
  });
  it('fills other missing values', () => {
    expect(Array.from(encodeRecord(fitted, { Origin: 'Japan', Horsepower: null })).every(Number.isFinite)).toBe(true);
  });
});
