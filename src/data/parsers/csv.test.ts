import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_OPTS, formatErrorOf, okOrFormatError } from '../../test/parserAssertions';
import { csvToImages, csvToTabular, detectImageCsv, parseCsv, type CsvTable } from './csv';

const PROPERTY_TIMEOUT_MS = 20_000;
/** Fails a property that gets slow (checked between runs; a synchronous run cannot be pre-empted). */



/** Quotes a cell the way spreadsheet exports do: always when asked, and whenever it holds a delimiter, quote or newline. */
function cell(v: string | number, delim: string, forceQuote = false): string {
  const s = String(v);
  return forceQuote || s.includes(delim) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function writeCsv(header: string[], rows: (string | number)[][], o: { delim?: string; eol?: string; bom?: boolean; quoteAll?: boolean } = {}) {
  const d = o.delim ?? ',';
  const eol = o.eol ?? '\n';
  const lines = [header, ...rows].map((r, i) => r.map((v) => cell(v, d, o.quoteAll && i % 2 === 1)).join(d));
  return (o.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** Deterministic "random" numbers, so tests are reproducible without a seed parameter. */
function knownRows(n: number) {
  const feats: number[][] = [];
  for (let i = 0; i < n; i++) feats.push([((i * 7919) % 1000) / 8 - 60, i * 1e-3, (i % 5) * -2.5e3 + 0, i % 3 === 0 ? 1e5 : -0.125]);
  return feats;
}

describe('parseCsv', () => {
  it('reads header, numbers, text columns, line numbers', () => {
    const t = parseCsv('a,b,c\n1,x,3.5\n-2,y,\n', 'd.csv');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rowCount).toBe(2);
    expect(Array.from(t.numeric[0])).toEqual([1, -2]);
    expect(t.numeric[1].every(Number.isNaN)).toBe(true);
    expect(t.numeric[2][0]).toBe(3.5);
    expect(Number.isNaN(t.numeric[2][1])).toBe(true);
    expect(t.text).toEqual([null, ['x', 'y'], null]);
    expect(t.firstNonNumericLine).toEqual([0, 2, 0]); // the empty cell is missing, not non-numeric
    expect(Array.from(t.rowLines!)).toEqual([2, 3]);
  });

  it('handles quotes, doubled quotes, embedded delimiters and newlines, CRLF, BOM and blank lines', () => {
    const text = '\uFEFF"name","note",v\r\n"Smith, J","said ""hi""\r\nthen left",1\r\n\r\nplain, 2 ,  " 3"\r\n\r\n\r\n';
    const t = parseCsv(text, 'q.csv');
    expect(t.header).toEqual(['name', 'note', 'v']);
    expect(t.rowCount).toBe(2);
    expect(t.text[0]).toEqual(['Smith, J', 'plain']);
    expect(t.text[1]).toEqual(['said "hi"\r\nthen left', '2']);
    // '  " 3"' starts with spaces, so per RFC 4180 the quotes are literal text.
    expect(t.text[2]).toEqual(['1', '" 3"']);
    expect(Array.from(t.rowLines!)).toEqual([2, 5]);
  });

  it('detects ; and tab delimiters from the header', () => {
    const semi = parseCsv('a;b\n1,5;2\n', 'x');
    expect(semi.header).toEqual(['a', 'b']);
    expect([semi.delimiter, semi.decimal, semi.numeric[0][0]]).toEqual([';', ',', 1.5]);
    const tab = parseCsv('a\tb\tc\n1\t2\t3\n', 'x');
    expect(tab.header).toEqual(['a', 'b', 'c']);
    expect(Array.from(tab.numeric[2])).toEqual([3]);
    expect(parseCsv('"a,b";c\n1;2\n', 'x').header).toEqual(['a,b', 'c']);
    expect(parseCsv('only\n5\n', 'x').numeric[0][0]).toBe(5);
    expect([tab.delimiter, tab.decimal]).toEqual(['\t', '.']);
  });

  it('reads a pipe delimiter', () => {
    const t = parseCsv('id|name|score\n1|Ann Lee|2.5\n2|"B|C"|-1\n', 'p.txt');
    expect(t.delimiter).toBe('|');
    expect(t.header).toEqual(['id', 'name', 'score']);
    expect(t.text[1]).toEqual(['Ann Lee', 'B|C']);
    expect(Array.from(t.numeric[2])).toEqual([2.5, -1]);
  });

  it('reads decimal commas in ;-separated files, and only there', () => {
    const t = parseCsv('name;price;qty;code\nA;3,14;1.234,5;1.234\nB;-0,5;12.345.678,9;x\nC;,5;2;7\n', 'eu.csv');
    expect([t.delimiter, t.decimal]).toEqual([';', ',']);
    expect(Array.from(t.numeric[1])).toEqual([3.14, -0.5, 0.5]);
    expect(Array.from(t.numeric[2])).toEqual([1234.5, 12345678.9, 2]);
    // Without a decimal comma, '.' stays the decimal point: "1.234" is 1.234, not 1234.
    expect(t.numeric[3][0]).toBe(1.234);
    expect(t.text[1]).toBeNull();
    // Malformed groupings are text, not numbers.
    const bad = parseCsv('v;w\n1.23,5;1\n1,2,3;2\n', 'eu.csv');
    expect(bad.text[0]).toEqual(['1.23,5', '1,2,3']);
    // A ;-file written with decimal points says so.
    expect(parseCsv('a;b\n1.5;2\n', 'x').decimal).toBe('.');
    // With ',' as the delimiter a quoted "3,14" is text.
    const comma = parseCsv('a,b\n"3,14",1\n', 'x');
    expect([comma.delimiter, comma.decimal, comma.text[0]]).toEqual([',', '.', ['3,14']]);
  });

  it('a column that turns non-numeric late keeps the exact text of its earlier cells', () => {
    const t = parseCsv('a,b,c\n1.50,"2",x\n\n 3 ,"0",y\nq,"4""",z\n', 'late.csv');
    expect(t.text).toEqual([['1.50', '3', 'q'], ['2', '0', '4"'], ['x', 'y', 'z']]);
    expect(t.firstNonNumericLine).toEqual([5, 5, 2]);
    expect(Array.from(t.numeric[0])).toEqual([1.5, 3, NaN]);
    const eu = parseCsv('v;w\n3,14;1\nabc;2\n', 'eu.csv');
    expect([eu.text[0], eu.numeric[0][0], eu.decimal]).toEqual([['3,14', 'abc'], 3.14, ',']);
  });

  it('keeps a quoted field with embedded newlines as one cell and counts its lines', () => {
    const t = parseCsv('id,note,v\n1,"first line\nsecond, with comma\n""third""",5\n2,plain,6\n', 'n.csv');
    expect(t.rowCount).toBe(2);
    expect(t.text[1]).toEqual(['first line\nsecond, with comma\n"third"', 'plain']);
    expect(Array.from(t.numeric[2])).toEqual([5, 6]);
    expect(Array.from(t.rowLines!)).toEqual([2, 5]);
  });

  it('reads a BOM + CRLF file, with and without a final line end', () => {
    for (const end of ['\r\n', '']) {
      const t = parseCsv('\uFEFFlabel,x\r\ncat,1.5\r\ndog,2' + end, 'w.csv');
      expect(t.header).toEqual(['label', 'x']);
      expect(t.text[0]).toEqual(['cat', 'dog']);
      expect(Array.from(t.numeric[1])).toEqual([1.5, 2]);
      expect(Array.from(t.rowLines!)).toEqual([2, 3]);
    }
  });

  it('reads old-Mac CR line ends; a lone CR among LF line ends ends a line too', () => {
    const mac = parseCsv('a,b\r1,2\r\r3,4\r', 'mac.csv');
    expect(Array.from(mac.numeric[1])).toEqual([2, 4]);
    expect(Array.from(mac.rowLines!)).toEqual([2, 4]);
    // CR, LF and CRLF each end a line wherever they are (outside quotes), so mixed line ends read line by line.
    const mixed = parseCsv('a,b\n1,x\r2,y\r\n3,z\n', 'mixed.csv');
    expect(mixed.text[1]).toEqual(['x', 'y', 'z']);
    expect(Array.from(mixed.rowLines!)).toEqual([2, 3, 4]);
    expect(formatErrorOf(() => parseCsv('a,b\n1,x\ry\n', 'mixed.csv')).message).toBe('mixed.csv line 3: has 1 field, the header has 2.');
  });

  it('trims unquoted fields but keeps quoted ones exact', () => {
    const t = parseCsv('a,b\n  x  ," y "\n"z" , w\t\n', 's.csv');
    expect(t.text).toEqual([['x', 'z'], [' y ', 'w']]);
    // Blanks after a closing quote at the very end of the file (no line end) are not part of the field.
    expect(parseCsv('a,b\n1,"x"  ', 'e.csv').text[1]).toEqual(['x']);
  });

  it('reports progress with increasing counts, ending at the total', () => {
    const row = '1,2.5,three,"4,4"\n';
    const rows = Math.ceil(3e6 / row.length);
    const text = 'a,b,c,d\n' + row.repeat(rows);
    const calls: [number, number][] = [];
    const t = parseCsv(text, 'big.csv', { onProgress: (done, total) => calls.push([done, total]) });
    expect(t.rowCount).toBe(rows);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
    expect(calls.every(([, total]) => total === text.length)).toBe(true);
    expect(calls[calls.length - 1]).toEqual([text.length, text.length]);
  });

  describe('published files (vega-datasets)', () => {
    const read = (f: string) => readFileSync(new URL(`../../../node_modules/vega-datasets/data/${f}`, import.meta.url), 'utf8');
    /** An independent reading of a file without quotes: split on line ends and commas. */
    const simpleRows = (text: string) =>
      text
        .split(/\r?\n/)
        .filter((l) => l !== '')
        .map((l) => l.split(','));

    it('seattle-weather.csv', () => {
      const text = read('seattle-weather.csv');
      const t = parseCsv(text, 'seattle-weather.csv');
      expect(t.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
      expect([t.rowCount, t.delimiter, t.decimal]).toEqual([1461, ',', '.']);
      expect(t.text[0]![0]).toBe('2012-01-01');
      expect([t.numeric[1][1], t.numeric[2][1], t.numeric[3][1], t.numeric[4][1]]).toEqual([10.9, 10.6, 2.8, 4.5]);
      expect(t.text[5]!.slice(0, 2)).toEqual(['drizzle', 'rain']);
      expect(t.text.map((x) => x !== null)).toEqual([true, false, false, false, false, true]);
      expect(t.text[0]![1460]).toBe('2015-12-31');
      expect(t.rowLines![1460]).toBe(1462);
      const rows = simpleRows(text).slice(1);
      for (const j of [1, 2, 3, 4]) expect(Array.from(t.numeric[j])).toEqual(rows.map((r) => Number(r[j])));
    });

    it('birdstrikes.csv (CRLF, no final line end, text columns and a "Cost Total $" column)', () => {
      const text = read('birdstrikes.csv');
      const t = parseCsv(text, 'birdstrikes.csv');
      expect(t.rowCount).toBe(10000);
      expect(t.header).toHaveLength(14);
      expect(t.header[0]).toBe('Airport Name');
      const cost = t.header.indexOf('Cost Total $');
      expect(cost).toBe(12);
      expect(t.text[cost]).toBeNull();
      expect(t.text[0]![0]).toBe('BARKSDALE AIR FORCE BASE ARPT');
      expect(t.text[t.header.indexOf('Wildlife Species')]![0]).toBe('Turkey vulture');
      expect(t.text[t.header.indexOf('Aircraft Airline Operator')]![9999]).toBe('TRANS STATES AIRLINES');
      expect(t.numeric[t.header.indexOf('Speed IAS in knots')][9999]).toBe(140);
      expect(t.rowLines![9999]).toBe(10001);
      expect(t.numeric[cost].reduce((a, b) => a + b, 0)).toBe(40545276);
      // Every cell agrees with a plain split of the file (it has no quotes).
      const rows = simpleRows(text).slice(1);
      t.header.forEach((_, j) => {
        const want = rows.map((r) => r[j].trim());
        if (t.text[j]) expect(t.text[j]).toEqual(want);
        else expect(Array.from(t.numeric[j])).toEqual(want.map((v) => (v === '' ? NaN : Number(v))));
      });
    });
  });

  it('parses number syntax strictly', () => {
    const cells = ['1', '-2', '+3', '4.', '.5', '1e3', '-1.5E-2', ' 7 ', '0x10', 'Infinity', 'NaN', '1e999', '1,5', '--1', '.', 'e5', '1e', '12345678901234567890'];
    const t = parseCsv('v\n' + cells.map((c) => `"${c}"`).join('\n') + '\n', 'n.csv');
    const got = Array.from(t.numeric[0]);
    expect(got.slice(0, 8)).toEqual([1, -2, 3, 4, 0.5, 1000, -0.015, 7]);
    expect(got.slice(8, 17).every(Number.isNaN)).toBe(true);
    expect(got[17]).toBe(12345678901234567890);
  });

  it(
    'reads decimal literals exactly as Number() does (fast path included)',
    () => {
      const literal = fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
        fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([x, d]) => x.toFixed(d)),
        fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })).map(([x, d]) => x.toExponential(d)),
        fc
          .tuple(fc.stringMatching(/^[+-]?\d{0,18}$/), fc.stringMatching(/^\d{0,18}$/), fc.stringMatching(/^([eE][+-]?\d{1,3})?$/))
          .filter(([i, f]) => /\d/.test(i + f))
          .map(([i, f, x]) => `${i}.${f}${x}`),
      );
      fc.assert(
        fc.property(fc.array(literal, { minLength: 1, maxLength: 20 }), (lits) => {
          const t = parseCsv('v\n' + lits.join('\n') + '\n', 'n.csv');
          lits.forEach((l, r) => {
            const want = Number(l);
            if (Number.isFinite(want)) expect(Object.is(t.numeric[0][r], want)).toBe(true);
            else expect(Number.isNaN(t.numeric[0][r])).toBe(true);
          });
        }),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  describe('errors', () => {
    it('empty file', () => {
      expect(formatErrorOf(() => parseCsv('', 'data.csv')).message).toMatch(/^data\.csv: the file is empty/);
      expect(formatErrorOf(() => parseCsv('\uFEFF\r\n  \n', 'data.csv')).message).toMatch(/^data\.csv: the file is empty/);
    });
    it("duplicate and empty column names are named as pandas names them (pandas' to_csv index, R's row names)", () => {
      expect(parseCsv('a,b,a,a.1,a\n1,2,3,4,5', 'data.csv').header).toEqual(['a', 'b', 'a.2', 'a.1', 'a.3']);
      expect(parseCsv('\n\na,,c\nx,1,2\n', 'data.csv').header).toEqual(['a', 'Unnamed: 1', 'c']);
      expect(parseCsv('"","mpg"\n"Mazda RX4",21\n"Datsun 710",22.8\n', 'mtcars.csv').header).toEqual(['Unnamed: 0', 'mpg']);
    });
    it('field count differs from the header', () => {
      const rows = Array.from({ length: 15 }, (_, i) => `${i},1,2,3,4,5`);
      rows.push('1,2,3,4,5');
      const e = formatErrorOf(() => parseCsv(['a,b,c,d,e,f', ...rows].join('\n'), 'labels.csv'));
      expect(e.message).toBe('labels.csv line 17: has 5 fields, the header has 6.');
      expect(formatErrorOf(() => parseCsv('a,b\n1,2,3\n', 'x.csv')).message).toBe('x.csv line 2: has 3 fields, the header has 2.');
    });
    it('line numbers count newlines inside quoted fields', () => {
      expect(formatErrorOf(() => parseCsv('a,b\n"multi\nline",1\n1\n', 'x.csv')).message).toBe('x.csv line 4: has 1 field, the header has 2.');
    });
    it('an unclosed quote and text after a closing quote', () => {
      expect(formatErrorOf(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n', 'x.csv')).message).toBe(
        'x.csv line 3: a quoted field opened on this line is never closed.',
      );
      expect(formatErrorOf(() => parseCsv('a,b\n"x"y,2\n', 'x.csv')).message).toMatch(/^x\.csv line 2: field 1 has text after its closing quote/);
    });
    it('too many columns', () => {
      const wide = Array.from({ length: 100_001 }, (_, i) => `c${i}`).join(',');
      expect(formatErrorOf(() => parseCsv(`\n${wide}\n`, 'wide.csv')).message).toBe(
        'wide.csv line 2: the header has 100,001 columns; at most 100,000 are supported.',
      );
    });
    it('quote errors name the line and field', () => {
      expect(formatErrorOf(() => parseCsv('a,b\n1,2\n3,"x\ny\nz', 'x.csv')).message).toBe(
        'x.csv line 3: a quoted field opened on this line is never closed.',
      );
      expect(formatErrorOf(() => parseCsv('a\tb\n1\t"x" y\n', 't.tsv')).message).toMatch(/^t\.tsv line 2: field 2 has text after its closing quote/);
    });
    it('too many rows', () => {
      expect(parseCsv('a\n1\n2\n3\n', 'x.csv', { maxRows: 3 }).rowCount).toBe(3);
      expect(formatErrorOf(() => parseCsv('a\n1\n2\n3\n4\n', 'x.csv', { maxRows: 3 })).message).toBe(
        'x.csv: has more than 3 data rows, the most that can be loaded.',
      );
    });
  });
});

describe('csvToTabular', () => {
  const feats = knownRows(40);
  const classes = ['setosa', 'versi, color', 'virginica "v"'];
  const header = ['f0', 'f 1', 'f2', 'f3', 'species'];
  const rows = feats.map((f, i) => [...f, classes[(i * 5) % 3]]);

  for (const variant of [
    { name: 'comma, LF', o: {} },
    { name: 'semicolon, CRLF, BOM, quoted cells', o: { delim: ';', eol: '\r\n', bom: true, quoteAll: true } },
    { name: 'tab, CRLF', o: { delim: '\t', eol: '\r\n' } },
  ]) {
    it(`classification round trip (${variant.name})`, () => {
      const text = writeCsv(header, rows, variant.o) + '\r\n\n';
      const d = csvToTabular(parseCsv(text, 'iris.csv'), { labelColumn: 'species', task: 'classification' });
      expect(d.count).toBe(40);
      expect(d.featureNames).toEqual(['f0', 'f 1', 'f2', 'f3']);
      expect(Array.from(d.features)).toEqual(feats.flat().map(Math.fround));
      expect(d.classNames).toEqual(['setosa', 'versi, color', 'virginica "v"']);
      expect(Array.from(d.labels!)).toEqual(rows.map((r) => classes.indexOf(r[4] as string)));
      expect(d.targets).toBeNull();
      expect(d.targetName).toBe('species');
    });
  }

  it('numeric class labels sort numerically; the label column can be anywhere', () => {
    const t = parseCsv('y,x\n10,1\n2,2\n-1,3\n2,4\n', 'n.csv');
    const d = csvToTabular(t, { labelColumn: 'y', task: 'classification' });
    expect(d.classNames).toEqual(['-1', '2', '10']);
    expect(Array.from(d.labels!)).toEqual([2, 1, 0, 1]);
    expect(Array.from(d.features)).toEqual([1, 2, 3, 4]);
  });

  it('regression round trip', () => {
    const targets = feats.map((f) => f[0] * 3 + f[1] - 0.5);
    const text = writeCsv(['a', 'b', 'c', 'd', 'price'], feats.map((f, i) => [...f, targets[i]]), { delim: ';', eol: '\r\n', bom: true });
    const d = csvToTabular(parseCsv(text, 'houses.csv'), { labelColumn: 'price', task: 'regression' });
    expect(d.task).toBe('regression');
    expect(Array.from(d.targets!)).toEqual(targets.map(Math.fround));
    expect(Array.from(d.features)).toEqual(feats.flat().map(Math.fround));
    expect(d.labels).toBeNull();
    expect(d.classNames).toEqual([]);
  });

  describe('errors', () => {
    it('a non-numeric feature names the line, column and text', () => {
      const t = parseCsv('name,age,y\n1,30,a\n2,31,b\n3,abc,a\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'y', task: 'classification' })).message).toBe(
        'data.csv line 4, column "age": "abc" is not a number.',
      );
    });
    it('a missing feature or label names the line (rows are not dropped)', () => {
      const t = parseCsv('a,b,y\n1,2,0\n\n3,,1\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'y', task: 'classification' })).message).toBe(
        'data.csv line 4, column "b": the value is missing.',
      );
      const t2 = parseCsv('a,y\n1,cat\n2, \n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t2, { labelColumn: 'y', task: 'classification' })).message).toBe(
        'data.csv line 3, column "y": the label is missing.',
      );
      const t3 = parseCsv('a,y\n1,0\n2,\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t3, { labelColumn: 'y', task: 'classification' })).message).toBe(
        'data.csv line 3, column "y": the label is missing.',
      );
      expect(formatErrorOf(() => csvToTabular(t3, { labelColumn: 'y', task: 'regression' })).message).toBe(
        'data.csv line 3, column "y": the value is missing.',
      );
    });
    it('the earliest bad cell across feature columns is reported', () => {
      const t = parseCsv('a,b,y\n1,2,0\n1,x,1\nq,2,1\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'y', task: 'regression' })).message).toContain('line 3, column "b"');
    });
    it('regression needs a numeric label', () => {
      const t = parseCsv('a,price\n1,10\n2,cheap\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'price', task: 'regression' })).message).toBe(
        'data.csv line 3, column "price": "cheap" is not a number.',
      );
    });
    it('an unknown label column lists the columns', () => {
      const t = parseCsv('a,b\n1,2\n', 'data.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'label', task: 'classification' })).message).toBe(
        'data.csv: has no column named "label" (columns: "a", "b").',
      );
    });
    it('more than 256 classes, a single class, no feature columns, no rows', () => {
      const many = 'x,y\n' + Array.from({ length: 300 }, (_, i) => `${i},${i}`).join('\n');
      expect(formatErrorOf(() => csvToTabular(parseCsv(many, 'big.csv'), { labelColumn: 'y', task: 'classification' })).message).toMatch(
        /^big\.csv, column "y": has more than 256 distinct values/,
      );
      const manyText = 'x,y\n' + Array.from({ length: 300 }, (_, i) => `${i},c${i}`).join('\n');
      expect(formatErrorOf(() => csvToTabular(parseCsv(manyText, 'big.csv'), { labelColumn: 'y', task: 'classification' })).message).toContain('at most 256');
      expect(formatErrorOf(() => csvToTabular(parseCsv('x,y\n1,a\n2,a\n', 'one.csv'), { labelColumn: 'y', task: 'classification' })).message).toContain(
        'at least 2 classes',
      );
      expect(formatErrorOf(() => csvToTabular(parseCsv('y\n1\n2\n', 'o.csv'), { labelColumn: 'y', task: 'regression' })).message).toContain('no feature columns');
      expect(formatErrorOf(() => csvToTabular(parseCsv('x,y\n', 'e.csv'), { labelColumn: 'y', task: 'regression' })).message).toBe(
        'e.csv: has a header but no data rows.',
      );
    });
    it('values beyond the 32-bit float range', () => {
      const t = parseCsv('x,y\n1e300,1\n2,2\n', 'f.csv');
      expect(formatErrorOf(() => csvToTabular(t, { labelColumn: 'y', task: 'regression' })).message).toBe(
        'f.csv line 2, column "x": "1e+300" is too large for a 32-bit float.',
      );
    });
  });
});

/** A Kaggle digit-recognizer style CSV from known images. */
function imageCsv(count: number, size: number, naming: 'pixel' | 'rxc', labelFirst = true) {
  const P = size * size;
  const images = new Uint8Array(count * P).map((_, i) => (i * 131 + 17) % 256);
  const labels = new Uint8Array(count).map((_, i) => (i * 7) % 10);
  const pixNames = Array.from({ length: P }, (_, k) => (naming === 'pixel' ? `pixel${k}` : `${Math.floor(k / size) + 1}x${(k % size) + 1}`));
  const header = labelFirst ? ['label', ...pixNames] : [...pixNames, 'label'];
  const rows = Array.from({ length: count }, (_, r) => {
    const px = Array.from(images.subarray(r * P, (r + 1) * P));
    return labelFirst ? [labels[r], ...px] : [...px, labels[r]];
  });
  return { text: writeCsv(header, rows), images, labels };
}

describe('image CSVs', () => {
  it('detects the Kaggle layout (label + pixel0..pixel783) and yields the same images', () => {
    const k = imageCsv(12, 28, 'pixel');
    const t = parseCsv(k.text, 'train.csv');
    expect(detectImageCsv(t)).toEqual({ labelColumn: 'label', size: 28 });
    const d = csvToImages(t, 'label', 28);
    expect(Array.from(d.images)).toEqual(Array.from(k.images));
    expect(Array.from(d.labels)).toEqual(Array.from(k.labels));
    expect([d.count, d.height, d.width, d.channels, d.numClasses]).toEqual([12, 28, 28, 1, 10]);
  });

  it('detects the 1x1..28x28 variant with the label last', () => {
    const k = imageCsv(3, 28, 'rxc', false);
    const t = parseCsv(k.text, 'mnist_train.csv');
    expect(detectImageCsv(t)).toEqual({ labelColumn: 'label', size: 28 });
    expect(Array.from(csvToImages(t, 'label', 28).images)).toEqual(Array.from(k.images));
  });

  it('places pixel columns by name, even out of order', () => {
    const t = parseCsv('pixel3,label,pixel1,pixel0,pixel2\n4,1,2,1,3\n40,0,20,10,30\n', 'shuffled.csv');
    expect(detectImageCsv(t)).toEqual({ labelColumn: 'label', size: 2 });
    expect(Array.from(csvToImages(t, 'label', 2).images)).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
  });

  it('is not fooled by other tables', () => {
    expect(detectImageCsv(parseCsv('a,b,c,d,label\n1,2,3,4,1\n', 'x'))).toBeNull(); // names are not pixels
    expect(detectImageCsv(parseCsv('pixel0,pixel1,pixel2,pixel3\n1,2,3,4\n', 'x'))).toBeNull(); // no label
    expect(detectImageCsv(parseCsv('label,pixel0,pixel1,pixel2\n1,2,3,4\n', 'x'))).toBeNull(); // 3 is not a square
    expect(detectImageCsv(parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,2,3,4,256\n', 'x'))).toBeNull(); // out of range
    expect(detectImageCsv(parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,2,3,4,0.5\n', 'x'))).toBeNull(); // not an integer
    expect(detectImageCsv(parseCsv('label,pixel0,pixel1,pixel2,pixel4\n1,2,3,4,5\n', 'x'))).toBeNull(); // index gap
    expect(detectImageCsv(parseCsv('label,pixel0,pixel1,pixel2,pixel3\n', 'x'))).toBeNull(); // no rows
  });

  it('errors name the line and column of a bad pixel or label', () => {
    const t = parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,0,0,0,0\n2,0,300,0,0\n', 'digits.csv');
    expect(formatErrorOf(() => csvToImages(t, 'label', 2)).message).toBe(
      'digits.csv line 3, column "pixel1": "300" is not a whole-number pixel value from 0 to 255.',
    );
    const t2 = parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,0,0,0,0\n2,0,0,1.5,0\n', 'digits.csv');
    expect(formatErrorOf(() => csvToImages(t2, 'label', 2)).message).toContain('line 3, column "pixel2": "1.5" is not');
    const t3 = parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,0,0,0,0\ncat,0,0,0,0\n', 'digits.csv');
    expect(formatErrorOf(() => csvToImages(t3, 'label', 2)).message).toBe(
      'digits.csv line 3, column "label": "cat" is not a whole-number label from 0 to 255.',
    );
    const t4 = parseCsv('label,pixel0,pixel1,pixel2,pixel3\n1,0,0,0,0\n2,0,,0,0\n', 'digits.csv');
    expect(formatErrorOf(() => csvToImages(t4, 'label', 2)).message).toBe('digits.csv line 3, column "pixel1": the value is missing.');
    expect(formatErrorOf(() => csvToImages(t, 'label', 3)).message).toBe('digits.csv: has 4 pixel columns besides the label, which is not 3 × 3.');
    expect(formatErrorOf(() => csvToImages(t, 'digit', 2)).message).toMatch(/^digits\.csv: has no column named "digit"/);
  });
});

describe('fuzzing: a result or a TensorscopeError, never anything else', () => {
  function checkTable(t: CsvTable) {
    const C = t.header.length;
    expect(C).toBeGreaterThan(0);
    expect(new Set(t.header).size).toBe(C);
    expect(t.numeric.length).toBe(C);
    expect(t.text.length).toBe(C);
    expect(t.firstNonNumericLine.length).toBe(C);
    expect(t.rowLines!.length).toBe(t.rowCount);
    for (let j = 0; j < C; j++) {
      expect(t.numeric[j].length).toBe(t.rowCount);
      const tx = t.text[j];
      expect(tx === null).toBe(t.firstNonNumericLine[j] === 0);
      if (tx) {
        expect(tx.length).toBe(t.rowCount);
        for (const s of tx) expect(typeof s).toBe('string');
      }
    }
    for (let r = 1; r < t.rowCount; r++) expect(t.rowLines![r]).toBeGreaterThan(t.rowLines![r - 1]);
  }

  /** The whole pipeline on one text: each step returns something well-formed or throws a TensorscopeError. */
  function pipeline(text: string) {
    const t = okOrFormatError(() => parseCsv(text, 'fuzz.csv', { maxRows: 5000 }));
    if (!t) return;
    checkTable(t);
    for (const labelColumn of t.header.slice(0, 3)) {
      for (const task of ['classification', 'regression'] as const) {
        const d = okOrFormatError(() => csvToTabular(t, { labelColumn, task }));
        if (!d) continue;
        expect(d.features.length).toBe(d.count * d.featureNames.length);
        expect(d.features.every(Number.isFinite)).toBe(true);
        if (task === 'classification') {
          expect(d.classNames.length).toBeGreaterThanOrEqual(2);
          expect(d.classNames.length).toBeLessThanOrEqual(256);
          expect(d.labels!.every((l) => l < d.classNames.length)).toBe(true);
        } else {
          expect(d.targets!.length).toBe(d.count);
          expect(d.targets!.every(Number.isFinite)).toBe(true);
        }
      }
    }
    const det = detectImageCsv(t);
    const attempts: [string, number][] = det ? [[det.labelColumn, det.size]] : [];
    attempts.push([t.header[0], Math.round(Math.sqrt(t.header.length - 1))], [t.header[0], 2]);
    attempts.forEach(([label, size], i) => {
      const img = okOrFormatError(() => csvToImages(t, label, size));
      // What detection accepts, csvToImages must accept.
      if (det && i === 0) expect(img).toBeDefined();
      if (img) {
        expect(img.images.length).toBe(img.count * img.height * img.width);
        expect(img.labels.every((l) => l < img.numClasses)).toBe(true);
      }
    });
  }

  it(
    'random byte arrays decoded as UTF-8',
    () => {
      const dec = new TextDecoder();
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => pipeline(dec.decode(bytes))),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'random strings over the CSV alphabet',
    () => {
      const unit = fc.constantFrom(',', ';', '\t', '"', '""', '\r', '\n', '\r\n', ' ', '0', '1', '255', '-', '.', 'e', 'a', 'label', 'pixel0', '1x1', '\uFEFF');
      fc.assert(
        fc.property(fc.array(unit, { maxLength: 400 }), (parts) => pipeline(parts.join(''))),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'mutated valid files (flip, truncate, insert, delete characters)',
    () => {
      const valid = [
        writeCsv(['a', 'b', 'label'], knownRows(12).map((f, i) => [f[0], f[1], ['x', 'y, z', 'w"q'][i % 3]]), { delim: ';', eol: '\r\n', bom: true, quoteAll: true }),
        writeCsv(['x', 'y', 'z'], knownRows(10).map((f) => [f[0], f[2], f[3]])),
        imageCsv(6, 3, 'pixel').text,
        imageCsv(4, 2, 'rxc', false).text,
      ];
      const interesting = [',', ';', '\t', '"', '\r', '\n', ' ', '0', '9', '.', 'e', '-', 'x', '\uFEFF', '\u00e9'];
      const mutation = fc.record({
        kind: fc.constantFrom('flip', 'truncate', 'insert', 'delete'),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 6 }),
        ch: fc.constantFrom(...interesting),
      });
      fc.assert(
        fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), (which, ms) => {
          let s = valid[which];
          for (const m of ms) {
            const at = m.at % (s.length + 1);
            if (m.kind === 'flip') s = s.slice(0, at) + m.ch + s.slice(at + 1);
            else if (m.kind === 'truncate') s = s.slice(0, at);
            else if (m.kind === 'insert') s = s.slice(0, at) + m.ch.repeat(m.len) + s.slice(at);
            else s = s.slice(0, at) + s.slice(at + m.len);
          }
          pipeline(s);
        }),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'hand-built malformed tables are refused with a TensorscopeError',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (cols, rows, withText) => {
          const t: CsvTable = {
            fileName: 'hand.csv',
            header: Array.from({ length: cols }, (_, i) => (i === 0 ? 'label' : `pixel${i - 1}`)),
            rowCount: rows,
            numeric: Array.from({ length: Math.max(0, cols - (withText ? 0 : 1)) }, () => new Float64Array(rows)),
            text: Array.from({ length: cols }, () => null),
            firstNonNumericLine: new Array<number>(cols).fill(0),
          };
          okOrFormatError(() => csvToTabular(t, { labelColumn: 'label', task: 'classification' }));
          okOrFormatError(() => csvToImages(t, 'label', 2));
          detectImageCsv(t);
        }),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
