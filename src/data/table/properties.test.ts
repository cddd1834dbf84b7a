import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../../core/errors';
import { COLUMN_TYPES, DATE_PARTS, MISSING_POLICIES, type ColumnRecipe, type TableRecipe } from '../../core/tableTypes';
import { splitFor, type SplitConfig } from '../split';
import { applyRecipe, type TableApplied } from './apply';
import { readKindOf } from './codec';
import { encodeRecord } from './encodeRecord';
import { profileTable } from './profile';
import { defaultRecipe } from './recipe';
import { tableFromRows } from './testTables';

const KINDS = ['num', 'int', 'cat', 'bool', 'date', 'junk', 'big'] as const;
type Kind = (typeof KINDS)[number];
const TOKENS = ['', 'NA', '?', ' null ', 'None'];

function valueArb(kind: Kind): fc.Arbitrary<string> {
  switch (kind) {
    case 'num':
      return fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(Math.round(x * 100) / 100));
    case 'int':
      return fc.integer({ min: 0, max: 6 }).map(String);
    case 'cat':
      return fc.constantFrom('red', 'green', 'blue', 'teal', ' red', 'Blue');
    case 'bool':
      return fc.constantFrom('yes', 'no', 'Yes');
    case 'date':
      return fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }).map((d) => {
        const iso = d.toISOString();
        return d.getUTCSeconds() % 3 === 0 ? iso.slice(0, 10) : iso.slice(0, 16);
      });
    case 'junk':
      return fc.string({ maxLength: 6 });
    case 'big':
      return fc.constantFrom('1e39', '-3e40', '5');
  }
}

/** A cell: a value of the column's kind, or (rarely) a missing token. */
const cellArb = (kind: Kind): fc.Arbitrary<string> => fc.oneof({ weight: 5, arbitrary: valueArb(kind) }, { weight: 1, arbitrary: fc.constantFrom(...TOKENS) });

interface Case {
  kinds: Kind[];
  rows: string[][];
  labelCol: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(fc.array(fc.constantFrom(...KINDS), { minLength: 2, maxLength: 5 }), fc.integer({ min: 2, max: 60 }))
  .chain(([kinds, n]) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.tuple(...kinds.map(cellArb)), { minLength: n, maxLength: n }),
      labelCol: fc.integer({ min: 0, max: kinds.length - 1 }),
    }),
  );

const header = (k: number): string[] => Array.from({ length: k }, (_, i) => `c${i}`);

/** Random per-column edits on top of the default recipe. */
const rarely = <T,>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });
const editArb = fc.record({
  role: fc.constantFrom('feature', 'feature', 'keep', 'keep', 'ignore'),
  type: rarely(fc.constantFrom(...COLUMN_TYPES)),
  missing: fc.oneof(rarely(fc.constantFrom(...MISSING_POLICIES)), rarely(fc.constant('constant' as const))),
  fill: fc.constantFrom('', '0', 'red', 'yes', '2020-02-29', 'x', '1.5'),
  indicator: fc.boolean(),
  cyclic: fc.boolean(),
  parts: fc.subarray([...DATE_PARTS], { minLength: 1 }),
});

type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function buildRecipe(c: Case, edits: Edit[], task: 'classification' | 'regression' | null, maxLevels: number): TableRecipe {
  const t = tableFromRows(header(c.kinds.length), c.rows);
  const base = defaultRecipe(profileTable(t), { label: `c${c.labelCol}`, task: task ?? undefined });
  const columns: ColumnRecipe[] = base.columns.map((col, i) => {
    if (col.role === 'label') return col;
    const e = edits[i % edits.length];
    return {
      ...col,
      role: e.role === 'keep' ? col.role : (e.role as 'feature' | 'ignore'),
      type: e.type ?? col.type,
      missing: e.missing ?? col.missing,
      fill: e.fill,
      indicator: e.indicator,
      cyclic: e.cyclic,
      dateParts: e.parts,
    };
  });
  return { ...base, columns, maxLevels };
}

const recipeArgs = fc.tuple(fc.array(editArb, { minLength: 1, maxLength: 5 }), fc.option(fc.constantFrom('classification' as const, 'regression' as const)), fc.integer({ min: 1, max: 4 }));
const SPLIT: SplitConfig = { testFraction: 0.25, validationFraction: 0.25, seed: 3 };

function tryApply(c: Case, r: TableRecipe): TableApplied | TensorscopeError {
  try {
    return applyRecipe(tableFromRows(header(c.kinds.length), c.rows), null, r, SPLIT);
  } catch (e) {
    if (e instanceof TensorscopeError) return e;
    throw e;
  }
}

describe('table pipeline properties', () => {
  it('profileTable never throws; applyRecipe returns finite features of the stated width or a TensorscopeError', () => {
    fc.assert(
      fc.property(caseArb, recipeArgs, (c, [edits, task, maxLevels]) => {
        const t = tableFromRows(header(c.kinds.length), c.rows);
        const p = profileTable(t);
        expect(p.columns).toHaveLength(c.kinds.length);
        const out = tryApply(c, buildRecipe(c, edits, task, maxLevels));
        if (out instanceof TensorscopeError) {
          expect(out.code).toBe('dataset-format');
          return;
        }
        const { arrays, stats } = out;
        expect(arrays.featureNames).toHaveLength(stats.inputWidth);
        expect(arrays.features).toHaveLength(arrays.count * stats.inputWidth);
        expect(arrays.features.every(Number.isFinite)).toBe(true);
        if (arrays.targets) expect(arrays.targets.every(Number.isFinite)).toBe(true);
        if (arrays.labels) expect(Math.max(...arrays.labels)).toBeLessThan(arrays.classNames.length);
        expect(stats.kept).toBe(arrays.count);
      }),
      { numRuns: 400 },
    );
  });

  it('no leakage: changing validation and test rows leaves the fit and the encoded train rows unchanged', () => {
    fc.assert(
      fc.property(caseArb, recipeArgs, fc.integer(), (c, [edits, task, maxLevels], seed) => {
        const r = buildRecipe(c, edits, task, maxLevels);
        const a = tryApply(c, r);
        if (a instanceof TensorscopeError) return;
        const sp = splitFor({ count: a.arrays.count, testFrom: null }, SPLIT);
        const byName = new Map(r.columns.map((col) => [col.name, col]));
        const rng = fc.sample(fc.tuple(...c.kinds.map((k) => valueArb(k === 'big' ? 'num' : k))), { numRuns: c.rows.length, seed });
        const rows = c.rows.map((row) => [...row]);
        for (const i of [...sp.validation, ...sp.test]) {
          const row = a.keptRows[i];
          c.kinds.forEach((k, j) => {
            const col = byName.get(`c${j}`)!;
            if (j === c.labelCol || (col.role === 'feature' && col.missing === 'drop')) return;
            // A number column keeps taking numbers (text there is an error, not a leak).
            const numeric = col.role === 'feature' && readKindOf(col.type) === 'number';
            rows[row][j] = numeric && (k === 'junk' || k === 'cat' || k === 'bool' || k === 'date') ? String(row % 7) : rng[row][j];
          });
        }
        const b = tryApply({ ...c, rows }, r);
        expect(b).not.toBeInstanceOf(TensorscopeError);
        const bb = b as TableApplied;
        expect(bb.fitted).toEqual(a.fitted);
        const w = a.stats.inputWidth;
        for (const i of sp.train) expect(bb.arrays.features.subarray(i * w, (i + 1) * w)).toEqual(a.arrays.features.subarray(i * w, (i + 1) * w));
      }),
      { numRuns: 300 },
    );
  });

  it('encodeRecord on each kept row equals the applied row', () => {
    fc.assert(
      fc.property(caseArb, recipeArgs, (c, [edits, task, maxLevels]) => {
        const out = tryApply(c, buildRecipe(c, edits, task, maxLevels));
        if (out instanceof TensorscopeError) return;
        const w = out.stats.inputWidth;
        out.keptRows.forEach((row, i) => {
          const rec = Object.fromEntries(c.rows[row].map((v, j) => [`c${j}`, v]));
          let got: Float32Array;
          try {
            got = encodeRecord(out.fitted, rec);
          } catch (e) {
            // A person typing a non-date into a date field is refused; the file's cell was read as missing.
            expect((e as Error).message).toMatch(/must be a date/);
            return;
          }
          expect(Array.from(got)).toEqual(Array.from(out.arrays.features.subarray(i * w, (i + 1) * w)));
        });
      }),
      { numRuns: 300 },
    );
  });
});
