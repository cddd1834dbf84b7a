import type { DatePart } from '../../core/tableTypes';
import { describe, expect, it } from 'vitest';
import { splitFor, type SplitConfig } from '../split';
import { applyRecipe } from './apply';
import { encodeRecord } from './encodeRecord';
import { profileTable } from './profile';
import { defaultRecipe, labelWarning, validateRecipe } from './recipe';
import { vegaTable } from './testTables';

const SPLIT: SplitConfig = { testFraction: 0.2, validationFraction: 0.1, seed: 7 };
const col = (p: ReturnType<typeof profileTable>, name: string) => p.columns.find((c) => c.name === name)!;

describe('cars.json (regression on Miles_per_Gallon)', () => {
  const t = vegaTable('cars.json');
  const profile = profileTable(t);
  const recipe = defaultRecipe(profile, { label: 'Miles_per_Gallon' });

  it('profiles the columns as a person would', () => {
    expect(col(profile, 'Name').defaultRole).toBe('ignore');
    expect(['identifier', 'free-text']).toContain(col(profile, 'Name').inferred);
    expect(col(profile, 'Origin').inferred).toBe('text-categorical');
    expect(col(profile, 'Year').inferred).toBe('datetime');
    expect(col(profile, 'Cylinders').inferred).toBe('integer-categorical');
    expect(col(profile, 'Horsepower')).toMatchObject({ inferred: 'numeric', missing: 6 });
    expect(col(profile, 'Miles_per_Gallon').missing).toBe(8);
    expect(col(profile, 'Origin').top.map((v) => v.value)).toEqual(['USA', 'Japan', 'Europe']);
    expect(col(profile, 'Weight_in_lbs').histogram).toHaveLength(12);
  });

  it('defaults to regression with no problems and no label warning', () => {
    expect(recipe.task).toBe('regression');
    expect(validateRecipe(recipe, profile)).toEqual([]);
    expect(labelWarning(profile, recipe)).toBeNull();
    expect(labelWarning(profile, { ...recipe, task: 'classification' })?.text).toMatch(/distinct values in “Miles_per_Gallon”: did you mean regression\?/);
  });

  it('drops the 8 rows without mpg, one-hots Origin, fills Horsepower with the train median', () => {
    const out = applyRecipe(t, null, recipe, SPLIT);
    expect(out.stats).toMatchObject({ rows: 406, kept: 398, droppedLabel: 8 });
    expect(out.arrays.featureNames).toEqual(expect.arrayContaining(['Origin=USA', 'Origin=Japan', 'Origin=Europe', 'Year:year', 'Cylinders=4']));
    // Every Year is 1 January: month, day of year and weekday would be constant, so they are not ticked.
    expect(out.arrays.featureNames).not.toContain('Year:month');
    expect(out.arrays.featureNames.some((n) => n.startsWith('Name'))).toBe(false);
    expect(out.arrays.targets).toHaveLength(398);
    // The median of Horsepower over the training split only.
    const sp = splitFor({ count: 398, testFrom: null }, SPLIT);
    const hpCol = t.header.indexOf('Horsepower');
    const mpgCol = t.header.indexOf('Miles_per_Gallon');
    const keptRows = [...Array(406).keys()].filter((r) => !Number.isNaN(t.numeric[mpgCol][r]));
    const hp = [...sp.train].map((i) => t.numeric[hpCol][keptRows[i]]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const median = hp.length % 2 ? hp[hp.length >> 1] : (hp[hp.length / 2 - 1] + hp[hp.length / 2]) / 2;
    const fc = out.fitted.columns.find((c) => c.name === 'Horsepower');
    expect(fc).toMatchObject({ kind: 'numeric', fill: median });
    expect(out.stats.filledByColumn.Horsepower).toBe(keptRows.filter((r) => Number.isNaN(t.numeric[hpCol][r])).length);
    expect(out.stats.filledByColumn.Horsepower).toBeGreaterThan(0);
    const w = out.stats.inputWidth;
    const j = out.arrays.featureNames.indexOf('Horsepower');
    const row = keptRows.findIndex((r) => Number.isNaN(t.numeric[hpCol][r]));
    expect(out.arrays.features[row * w + j]).toBe(Math.fround(median));
    expect(out.fitted.source).toEqual({ fileName: 'cars.json', delimiter: ',', decimal: '.' });
  });

  it('cyclic date parts and a missing indicator', () => {
    const r2 = {
      ...recipe,
      columns: recipe.columns.map((c) =>
        c.name === 'Year' ? { ...c, cyclic: true, dateParts: ['year', 'month'] as DatePart[] } : c.name === 'Horsepower' ? { ...c, indicator: true } : c,
      ),
    };
    const out = applyRecipe(t, null, r2, SPLIT);
    expect(out.arrays.featureNames).toEqual(expect.arrayContaining(['Year:year', 'Year:month_sin', 'Year:month_cos', 'Horsepower (missing)']));
    const j = out.arrays.featureNames.indexOf('Year:month_cos');
    expect(out.arrays.features[j]).toBeCloseTo(1); // January → angle 0
  });
});

describe('penguins.json (classification on Species)', () => {
  const t = vegaTable('penguins.json');
  const profile = profileTable(t);
  const recipe = defaultRecipe(profile);

  it('finds the label by name and has 3 classes', () => {
    expect(recipe.label).toBe('Species');
    expect(recipe.task).toBe('classification');
    expect(col(profile, 'Sex').missing).toBe(10);
    const out = applyRecipe(t, null, recipe, SPLIT);
    expect(out.arrays.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(out.arrays.labels).toHaveLength(344);
    expect(out.arrays.featureNames).toEqual(expect.arrayContaining(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen', 'Sex=MALE', 'Sex=FEMALE']));
    expect(out.stats.filledByColumn.Sex).toBe(10);
    expect(out.arrays.features.every(Number.isFinite)).toBe(true);
  });

  it('encodeRecord on each kept row equals the applied row', () => {
    const out = applyRecipe(t, null, recipe, SPLIT);
    const w = out.stats.inputWidth;
    for (let r = 0; r < t.rowCount; r++) {
      const rec: Record<string, string> = {};
      t.header.forEach((h, c) => (rec[h] = t.text[c] ? t.text[c]![r] : Number.isNaN(t.numeric[c][r]) ? '' : String(t.numeric[c][r])));
      expect(Array.from(encodeRecord(out.fitted, rec))).toEqual(Array.from(out.arrays.features.subarray(r * w, (r + 1) * w)));
    }
  });
});

describe('seattle-weather.csv (date parts, 5 weather classes)', () => {
  const t = vegaTable('seattle-weather.csv');
  const profile = profileTable(t);
  const recipe = defaultRecipe(profile);

  it('reads the date column as dates and the weather as 5 classes', () => {
    expect(col(profile, 'date').inferred).toBe('datetime');
    expect(col(profile, 'date').min).toBe(Date.UTC(2012, 0, 1));
    expect(recipe.label).toBe('weather');
    const out = applyRecipe(t, null, recipe, SPLIT);
    expect(out.arrays.classNames).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(out.arrays.featureNames.slice(0, 4)).toEqual(['date:year', 'date:month', 'date:dayOfYear', 'date:weekday']);
    // 2012-01-01 was a Sunday: pandas' weekday 6.
    expect(Array.from(out.arrays.features.subarray(0, 4))).toEqual([2012, 1, 1, 6]);
  });
});

describe('other published tables profile and apply', () => {
  it('birdstrikes.csv: many levels are folded into (other) with a warning', () => {
    const t = vegaTable('birdstrikes.csv');
    const profile = profileTable(t);
    const recipe = defaultRecipe(profile, { label: 'Effect Amount of damage' });
    expect(col(profile, 'Flight Date').inferred).toBe('datetime');
    const out = applyRecipe(t, null, recipe, SPLIT);
    expect(out.arrays.task).toBe('classification');
    expect(out.warnings.some((w) => /folded into “.*=\(other\)”/.test(w))).toBe(true);
    expect(out.arrays.features.every(Number.isFinite)).toBe(true);
  });

  it('disasters.csv: a regression on Deaths with Entity one-hot', () => {
    const t = vegaTable('disasters.csv');
    const profile = profileTable(t);
    const recipe = defaultRecipe(profile);
    expect(recipe).toMatchObject({ label: 'Deaths', task: 'regression' });
    const out = applyRecipe(t, null, recipe, SPLIT);
    expect(out.arrays.featureNames).toContain('Entity=Drought');
    expect(out.arrays.featureNames).toContain('Year');
  });
});
