import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_OPTS, formatErrorOf, okOrFormatError } from '../../test/parserAssertions';
import { parseJsonTable } from './jsonTable';

const read = (f: string) => readFileSync(new URL(`../../../node_modules/vega-datasets/data/${f}`, import.meta.url), 'utf8');
const nanCount = (a: Float64Array) => a.filter(Number.isNaN).length;

describe('parseJsonTable', () => {
  it('cars.json: 406 records, 9 columns, nulls are missing values', () => {
    const t = parseJsonTable(read('cars.json'), 'cars.json');
    expect(t.rowCount).toBe(406);
    expect(t.header).toEqual(['Name', 'Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin']);
    expect([t.delimiter, t.decimal, t.rowLines]).toEqual(['json', '.', undefined]);
    const col = (name: string) => t.header.indexOf(name);
    expect(nanCount(t.numeric[col('Miles_per_Gallon')])).toBe(8);
    expect(nanCount(t.numeric[col('Horsepower')])).toBe(6);
    expect(t.text[col('Miles_per_Gallon')]).toBeNull();
    expect(t.numeric[col('Miles_per_Gallon')][0]).toBe(18);
    expect(t.text[col('Name')]![0]).toBe('chevrolet chevelle malibu');
    expect(t.text[col('Origin')]![0]).toBe('USA');
    expect(t.text[col('Year')]![0]).toBe('1970-01-01');
    expect(t.firstNonNumericLine[col('Name')]).toBe(1);
    expect(t.firstNonNumericLine[col('Cylinders')]).toBe(0);
  });

  it('penguins.json: 344 records; a text column with nulls keeps them as empty strings', () => {
    const t = parseJsonTable(read('penguins.json'), 'penguins.json');
    expect(t.rowCount).toBe(344);
    expect(t.header).toEqual(['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
    const sex = t.text[6]!;
    expect(sex.filter((s) => s === '')).toHaveLength(10);
    // The published file really has one "." among the sexes.
    expect(new Set(sex.filter((s) => s !== ''))).toEqual(new Set(['MALE', 'FEMALE', '.']));
    expect(nanCount(t.numeric[5])).toBe(2);
  });

  it('movies.json: numbers inside a text column keep their text', () => {
    const t = parseJsonTable(read('movies.json'), 'movies.json');
    expect(t.rowCount).toBe(3201);
    expect(t.header).toHaveLength(16);
    const records = JSON.parse(read('movies.json')) as Record<string, unknown>[];
    const title = t.text[t.header.indexOf('Title')]!;
    records.forEach((r, i) => expect(title[i]).toBe(r.Title === null ? '' : String(r.Title)));
    expect(nanCount(t.numeric[t.header.indexOf('US DVD Sales')])).toBe(2637);
  });

  it('union of keys in first-seen order; strings that read as numbers are numbers; booleans are text', () => {
    const t = parseJsonTable('\uFEFF[{"a":"3.5","b":true},{"c":"x","a":2,"b":null},{"a":" 1e3 ","b":false,"c":""}]', 'r.json');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.numeric[0])).toEqual([3.5, 2, 1000]);
    expect(t.text[0]).toBeNull();
    expect(t.text[1]).toEqual(['true', '', 'false']);
    expect(t.text[2]).toEqual(['', 'x', '']);
    expect(t.firstNonNumericLine).toEqual([0, 1, 2]);
    // A column that turns to text later keeps the earlier values' text too.
    expect(parseJsonTable('[{"v":1.5},{"v":"n/a"}]', 'v.json').text[0]).toEqual(['1.5', 'n/a']);
  });

  describe("pandas' to_json layouts and JSON Lines (fixtures written by pandas 3.0.6 from penguins.json's first 12 rows)", () => {
    const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
    const records = parseJsonTable(fixture('penguins-records.json'), 'r.json');
    const columns = (t: ReturnType<typeof parseJsonTable>) =>
      Object.fromEntries(t.header.map((h, j) => [h, t.text[j] ?? Array.from(t.numeric[j], (v) => (Number.isNaN(v) ? null : v))]));

    it.each(['penguins-lines.jsonl', 'penguins-split.json', 'penguins-columns.json', 'penguins-index.json', 'penguins-table.json'])('%s reads as the same table as orient="records"', (f) => {
      const t = parseJsonTable(fixture(f), f);
      expect(t.rowCount).toBe(12);
      const want = columns(records);
      const got = columns(t);
      // orient='table' adds pandas' index as a column (an identifier the table recipe ignores).
      if (f.includes('table')) expect(got.index).toEqual(Array.from({ length: 12 }, (_, i) => i));
      for (const h of records.header) expect(got[h], h).toEqual(want[h]);
    });

    it("orient='values' (no column names) is refused, naming the layouts that are read", () => {
      expect(formatErrorOf(() => parseJsonTable(fixture('penguins-values.json'), 'v.json')).message).toBe(
        'v.json: not a table: expected a JSON array of records (or JSON Lines, or a pandas to_json layout) (the item at index 0 is an array).',
      );
    });

    it('a dict of equal-length lists, a header row, and the records under one key (API wrappers)', () => {
      const want = { a: [1, 2], b: ['x', 'y'] };
      expect(columns(parseJsonTable('{"a":[1,2],"b":["x","y"]}', 'l.json'))).toEqual(want);
      expect(columns(parseJsonTable('[["a","b"],[1,"x"],[2,"y"]]', 'h.json'))).toEqual(want);
      expect(columns(parseJsonTable('{"count":2,"data":[{"a":1,"b":"x"},{"a":2,"b":"y"}]}', 'w.json'))).toEqual(want);
    });

    it('JSON Lines: blank lines are skipped and a bad line is named by its line number', () => {
      expect(parseJsonTable('{"a":1}\r\n\n{"a":2}\n', 'x.jsonl').rowCount).toBe(2);
      expect(formatErrorOf(() => parseJsonTable('{"a":1}\n{"a":2}\n\n{"a":3,}\n', 'x.jsonl')).message).toMatch(
        /^x\.jsonl line 4: is not valid JSON \(.*\); a JSON Lines file holds one record per line\.$/,
      );
    });
  });

  describe('errors', () => {
    it('not an array of records', () => {
      for (const text of ['{"a":1}', '[1,2]', '[{"a":1},[2]]', '[]', '"x"', 'null']) {
        expect(formatErrorOf(() => parseJsonTable(text, 'x.json')).message).toMatch(/^x\.json: not a table: expected a JSON array of records \(or JSON Lines, or a pandas to_json layout\) \(/);
      }
      expect(formatErrorOf(() => parseJsonTable('[1]', 'x.json')).message).toBe(
        'x.json: not a table: expected a JSON array of records (or JSON Lines, or a pandas to_json layout) (the item at index 0 is a number).',
      );
    });
    it('nested objects become columns as pandas.json_normalize names them; a list is one cell of JSON text', () => {
      const t = parseJsonTable('[{"a":1,"user":{"age":30,"geo":{"lat":1.5}},"tags":["x","y"]},{"a":2,"user":{"age":null},"tags":[]},{"a":3,"user":{},"tags":null}]', 'n.json');
      expect(t.header).toEqual(['a', 'user.age', 'user.geo.lat', 'tags', 'user']);
      expect(Array.from(t.numeric[1])).toEqual([30, NaN, NaN]);
      expect(t.numeric[2][0]).toBe(1.5);
      expect(t.text[3]).toEqual(['["x","y"]', '[]', '']);
      expect(t.nestedKeys).toEqual(['user', 'tags']);
      expect(parseJsonTable('[{"a":1}]', 'flat.json').nestedKeys).toBeUndefined();
    });
    it('invalid JSON, empty keys, too many records', () => {
      expect(formatErrorOf(() => parseJsonTable('[{"a":1},', 'bad.json')).message).toMatch(/^bad\.json: is not valid JSON \(/);
      expect(formatErrorOf(() => parseJsonTable('[{"":1}]', 'k.json')).message).toBe('k.json: record at index 0 has an empty key; every column needs a name.');
      expect(formatErrorOf(() => parseJsonTable('[{"a":1},{"a":2}]', 'm.json', { maxRows: 1 })).message).toBe(
        'm.json: has more than 1 records, the most that can be loaded.',
      );
    });
  });

  it('fuzz: any JSON value gives a well-formed table or a dataset-format error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const t = okOrFormatError(() => parseJsonTable(JSON.stringify(v), 'f.json'));
        if (!t) return;
        expect(t.numeric).toHaveLength(t.header.length);
        for (let j = 0; j < t.header.length; j++) {
          expect(t.numeric[j]).toHaveLength(t.rowCount);
          expect(t.text[j] === null).toBe(t.firstNonNumericLine[j] === 0);
          if (t.text[j]) expect(t.text[j]).toHaveLength(t.rowCount);
        }
      }),
      FC_OPTS,
    );
  });
});
