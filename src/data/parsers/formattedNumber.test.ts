import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import fc from 'fast-check';
import { formattedNumber, mayBeFormatted } from './formattedNumber';
import { parseJsonTable } from './jsonTable';

describe('formattedNumber', () => {
  it('reads what spreadsheets display as the value they store', () => {
    const cases: [string, number][] = [
      ['$1,234.50', 1234.5],
      ['-$1,234.50', -1234.5],
      ['$-5', -5],
      ['(1,200.00)', -1200],
      ['($7)', -7],
      ['12.5%', 0.125],
      ['-3 %', -0.03],
      ['€ 99', 99],
      ['99€', 99],
      ['£0.5', 0.5],
      ['1,234,567', 1234567],
      ["1'234.5", 1234.5],
      ['\u22125', -5],
      ['  $12  ', 12],
      ['\u00a0$12\u00a0', 12],
    ];
    for (const [cell, want] of cases) expect(formattedNumber(cell, false), cell).toBe(want);
  });

  it("';' files: decimal comma, '.' or space grouping", () => {
    expect(formattedNumber('1.234,50 €', true)).toBe(1234.5);
    expect(formattedNumber('1 234,5', true)).toBe(1234.5);
    expect(formattedNumber('12,5 %', true)).toBe(0.125);
    expect(formattedNumber('€3,10', true)).toBe(3.1);
    // Grouping with ',' belongs to decimal-point files.
    expect(formattedNumber('1,234.50', true)).toBeNaN();
  });

  it('needs a mark and a well-formed number, else it is text', () => {
    for (const cell of ['12', '1,5', '12,34', '1,23,456', '1,234 567', '$', '%', '$12abc', '12-5', '(555) 123-4567', '12345-6789', '1e5%', '$$5', '5%%', 'Q3', 'v1.2.3', '']) {
      expect(formattedNumber(cell, false), cell).toBeNaN();
    }
  });
});

describe('formatted numbers in tables', () => {
  it("an Excel \"CSV\" export of currency and percent columns reads as numbers; words stay text", () => {
    const t = parseCsv('item,price,discount,tier\nA,"$1,200.00",10%,gold\nB,$85.50,12.5%,silver\nC,"($20.00)",0%,gold\n', 'sales.csv');
    expect(Array.from(t.numeric[1])).toEqual([1200, 85.5, -20]);
    expect(Array.from(t.numeric[2])).toEqual([0.1, 0.125, 0]);
    expect([t.text[1], t.text[2]]).toEqual([null, null]);
    expect(t.text[3]).toEqual(['gold', 'silver', 'gold']);
  });

  it("a ';' file from a European Excel", () => {
    const t = parseCsv('Artikel;Preis;Rabatt\nA;1.234,50 €;10 %\nB;99,00 €;5 %\n', 'de.csv');
    expect(Array.from(t.numeric[1])).toEqual([1234.5, 99]);
    expect(Array.from(t.numeric[2])).toEqual([0.1, 0.05]);
  });

  it('JSON records holding formatted strings agree with the CSV', () => {
    const t = parseJsonTable('[{"p":"$1,200.00"},{"p":"5%"},{"p":"n/a"}]', 'p.json');
    expect(Array.from(t.numeric[0]).slice(0, 2)).toEqual([1200, 0.05]);
    expect(t.text[0]).toEqual(['$1,200.00', '5%', 'n/a']);
  });
});

describe('mayBeFormatted', () => {
  it('never refuses a cell that formattedNumber reads (5,000 random cells), and passes over dates and words', () => {
    const alphabet = [...'0123456789,.$€£%()-+ \u2212\'\u00a0\u2003\tx/e'];
    const cells = fc.sample(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 14 }).map((a) => a.join('')), { numRuns: 5000, seed: 7 });
    for (const c of cells) {
      for (const comma of [false, true]) if (!Number.isNaN(formattedNumber(c, comma))) expect(mayBeFormatted(c, 0, c.length), c).toBe(true);
    }
    for (const c of ['2012-01-01', '1/2/2012', 'Seattle, WA', 'rain', '12:30', 'A-7']) expect(mayBeFormatted(c, 0, c.length), c).toBe(false);
  });
});
