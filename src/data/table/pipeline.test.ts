import { describe, expect, it } from 'vitest';
import type { SplitConfig } from '../split';
import { applyRecipe } from './apply';
import { encodeRecord, formFields } from './encodeRecord';
import { profileTable } from './profile';
import { defaultRecipe, labelWarning, validateRecipe } from './recipe';
import { tableFromRecords, tableFromRows } from './testTables';

const SPLIT: SplitConfig = { testFraction: 0.2, validationFraction: 0, seed: 5 };

describe('profileTable', () => {
  it('reports a mostly-numeric column with its text cells by file line, and ignores it by default', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i === 10 ? 'abc' : i === 38 ? 'n.a.' : String(i * 1.5), String(i % 2)]);
    const p = profileTable(tableFromRows(['Horsepower', 'y'], rows, 'cars.csv'));
    const hp = p.columns[0];
    expect(hp.mixed).toEqual({ count: 2, rows: [12, 40], examples: ['abc', 'n.a.'] });
    expect(hp.defaultRole).toBe('ignore');
    expect(hp.reason).toMatch(/lines 12, 40 hold text \("abc", "n\.a\."\)/);
    expect(p.columns[1].inferred).toBe('boolean');
  });

  it('identifiers, constants, booleans, integer categories, free text', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      passenger_id: 1000 + i * 3,
      name: `person ${i}`,
      constant: 'same',
      smoker: i % 3 ? 'Yes' : 'no',
      cylinders: [4, 6, 8][i % 3],
      year: 1970 + (i % 13),
      note: i % 4 ? `a long remark number ${i} that goes on and on` : '',
      colour: ['red', 'blue'][i % 2],
    }));
    const p = profileTable(tableFromRecords(rows));
    const by = Object.fromEntries(p.columns.map((c) => [c.name, c]));
    expect(by.passenger_id).toMatchObject({ inferred: 'identifier', defaultRole: 'ignore', reason: 'every value is different (an identifier)' });
    expect(by.name).toMatchObject({ inferred: 'identifier', defaultRole: 'ignore' });
    expect(by.constant).toMatchObject({ defaultRole: 'ignore', reason: 'one value only' });
    expect(by.smoker.inferred).toBe('boolean');
    expect(by.cylinders.inferred).toBe('integer-categorical');
    expect(by.year).toMatchObject({ inferred: 'numeric', min: 1970, max: 1982 });
    expect(by.note).toMatchObject({ inferred: 'free-text', defaultRole: 'ignore', missing: 15 });
    expect(by.colour).toMatchObject({ inferred: 'text-categorical', distinct: 2, top: [{ value: 'blue', count: 30 }, { value: 'red', count: 30 }] });
  });

  it('dates with times default to an hour part', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`2021-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00`, String(i % 3)]);
    const p = profileTable(tableFromRows(['when', 'label'], rows));
    expect(p.columns[0].inferred).toBe('datetime');
    const r = defaultRecipe(p);
    // One March of one year: year and month never change, so only the parts that vary are ticked.
    expect(r.columns[0].dateParts).toEqual(['dayOfYear', 'weekday', 'hour']);
    expect(r).toMatchObject({ label: 'label', task: 'classification' });
  });
});

describe('defaultRecipe, labelWarning, validateRecipe', () => {
  const t = tableFromRecords(Array.from({ length: 50 }, (_, i) => ({ a: i * 0.7, kind: ['x', 'y'][i % 2], score: i * 1.1 })));
  const p = profileTable(t);

  it('picks the last column and regression for a continuous label', () => {
    const r = defaultRecipe(p);
    expect(r).toMatchObject({ label: 'score', task: 'regression', maxLevels: 50 });
    expect(r.columns.map((c) => [c.role, c.missing])).toEqual([['feature', 'median'], ['feature', 'mode'], ['label', 'median']]);
    expect(validateRecipe(r, p)).toEqual([]);
  });

  it("Excel's error values in a CSV (#DIV/0!, #N/A, #VALUE!) are gaps by default, not text that spoils a number column", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ ratio: i % 9 === 4 ? '#DIV/0!' : i % 13 === 6 ? '#N/A' : String(i / 7), y: i % 2 }));
    const p = profileTable(tableFromRecords(rows));
    expect(p.columns[0]).toMatchObject({ name: 'ratio', inferred: 'numeric', missing: 7, mixed: null });
  });

  it("names the label of the tables people start with (Kaggle's Titanic: Survived, not the last column) and skips a free-text last column", () => {
    const titanic = tableFromRecords(
      Array.from({ length: 60 }, (_, i) => ({ PassengerId: i + 1, Survived: i % 3 === 0 ? 1 : 0, Pclass: 1 + (i % 3), Name: `Passenger number ${i} of the ship`, Age: 20 + (i % 40), Embarked: ['S', 'C', 'Q'][i % 3] })),
    );
    expect(defaultRecipe(profileTable(titanic))).toMatchObject({ label: 'Survived', task: 'classification' });
    const named = tableFromRecords(Array.from({ length: 60 }, (_, i) => ({ x: i, y2: i % 2, name: `a long free text about row ${i * 7919}` })));
    expect(defaultRecipe(profileTable(named)).label).toBe('y2');
  });

  it('warns about a text label for regression and many numeric classes', () => {
    const text = defaultRecipe(p, { label: 'kind', task: 'regression' });
    expect(labelWarning(p, text)).toMatchObject({ suggestTask: 'classification' });
    expect(validateRecipe(text, p).join(' ')).toMatch(/label “kind” holds text/);
    expect(labelWarning(p, defaultRecipe(p, { label: 'score', task: 'classification' }))).toEqual({
      text: '50 distinct values in “score”: did you mean regression?',
      suggestTask: 'regression',
    });
  });

  it('lists problems in words', () => {
    const r = defaultRecipe(p);
    const bad = {
      ...r,
      columns: [
        { ...r.columns[0], role: 'label' as const },
        { ...r.columns[1], missing: 'mean' as const },
        { ...r.columns[2], name: 'nope' },
      ],
    };
    const problems = validateRecipe(bad, p);
    expect(problems).toEqual(
      expect.arrayContaining([
        'the file has no column “nope”.',
        '2 columns are labels (“a”, “nope”): choose exactly one.',
        expect.stringMatching(/“kind” is categorical/),
        'the recipe says nothing about column “score”.',
      ]),
    );
  });
});

describe('applyRecipe', () => {
  it('a separate test file: testFrom, and its rows form split.test', () => {
    const mk = (n: number, off: number) => Array.from({ length: n }, (_, i) => [String(i * 1.5 + off), ['a', 'b', 'c'][i % 3], String((i + off) % 2)]);
    const train = tableFromRows(['x', 'cat', 'y'], mk(30, 0), 'train.csv');
    const test = tableFromRows(['y', 'cat', 'x', 'extra'], mk(10, 100).map(([x, c, y]) => [y, c, x, 'z']), 'test.csv');
    const r = defaultRecipe(profileTable(train), { task: 'classification' });
    const out = applyRecipe(train, test, r, SPLIT);
    expect(out.testFrom).toBe(30);
    expect(out.arrays.count).toBe(40);
    expect(out.arrays.features[30 * out.stats.inputWidth]).toBe(100); // columns matched by name
    expect(Array.from(out.arrays.labels!.subarray(30))).toEqual(mk(10, 100).map((r) => Number(r[2])));
    expect(out.stats.rows).toBe(40);
  });

  it('folds rare levels into (other), most frequent first with ties alphabetical; unseen levels go to (other)', () => {
    const cats = ['b', 'a', 'a', 'c', 'c', 'd', 'e', 'b'];
    const rows = Array.from({ length: 80 }, (_, i) => [cats[i % cats.length], String(i % 2), String(i)]);
    const t = tableFromRows(['cat', 'y', 'n'], rows);
    const r0 = defaultRecipe(profileTable(t), { label: 'y' });
    const out = applyRecipe(t, null, { ...r0, maxLevels: 3 }, { testFraction: 0, validationFraction: 0, seed: 1 });
    expect(out.arrays.featureNames.slice(0, 4)).toEqual(['cat=a', 'cat=b', 'cat=c', 'cat=(other)']);
    expect(out.warnings.join(' ')).toMatch(/“cat” has 5 levels: the 3 most frequent are kept and 2 rarer ones are folded into “cat=\(other\)”/);
    expect(Array.from(encodeRecord(out.fitted, { cat: 'zebra', n: 1 }).slice(0, 4))).toEqual([0, 0, 0, 1]);
    const noOther = applyRecipe(t, null, { ...r0, maxLevels: 50 }, SPLIT);
    expect(Array.from(encodeRecord(noOther.fitted, { cat: 'zebra', n: 1 }).slice(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('constant fills, booleans, indicators, and a many-rows-dropped warning', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i % 4 === 0 ? '' : String(i), i % 5 === 0 ? 'NA' : i % 2 ? 'yes' : 'no', i % 3 === 0 ? '' : 'k', String(i % 2)]);
    const t = tableFromRows(['v', 'flag', 'd', 'y'], rows);
    const r0 = defaultRecipe(profileTable(t), { label: 'y' });
    const r = {
      ...r0,
      columns: r0.columns.map((c) =>
        c.name === 'v' ? { ...c, missing: 'constant' as const, fill: '-1', indicator: true } : c.name === 'd' ? { ...c, role: 'feature' as const, missing: 'drop' as const } : c,
      ),
    };
    const out = applyRecipe(t, null, r, SPLIT);
    expect(out.arrays.featureNames).toEqual(['v', 'v (missing)', 'flag', 'd=k']);
    expect(out.stats.droppedByColumn).toEqual({ d: 14 });
    expect(out.warnings.join(' ')).toMatch(/14 of 40 rows \(35 %\) were dropped/);
    expect(out.fitted.columns[1]).toMatchObject({ kind: 'boolean', trueValue: 'yes' });
    expect(Array.from(encodeRecord(out.fitted, { v: null, flag: true, d: 'k' }))).toEqual([-1, 1, 1, 1]);
    expect(formFields(out.fitted)).toEqual([
      { name: 'v', kind: 'number', required: false },
      { name: 'flag', kind: 'boolean', required: false },
      { name: 'd', kind: 'category', levels: ['k'], required: true },
    ]);
  });
});
