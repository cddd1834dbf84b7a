import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvLine, FORMULA_START } from './csvCell';
import { toCsv } from '../charts/inspect/exportChart';
import { perClassCsv, probabilityCsv, weightHistogramsCsv } from '../charts/inspect/inspectCsv';
import { metricsCsv } from '../share/metricsExport';
import { specFromPreset } from '../models/presets';
import { readCsv } from '../test/readCsv';

/** Text that often starts with a formula character (and sometimes holds commas, quotes and line breaks). */
const nastyText = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'"), fc.string()).map(([a, b]) => a + b),
  fc.constantFrom('=HYPERLINK("http://evil.example","x")', '@SUM(A1)', '+1+cmd|/c calc!A0', '-2+3', '=1,2', '\t=1', '\r=1'),
);

/** A cell a spreadsheet would run as a formula: the guard fails when a read-back text cell is one. */
const isFormula = (cell: string): boolean => FORMULA_START.test(cell);

describe('csvCell (formula injection, OWASP)', () => {
  it("prefixes text that starts with = + - @ tab or CR with ' and quotes it", () => {
    expect(csvCell('=1+2')).toBe(`"'=1+2"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-cmd')).toBe(`"'-cmd"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers as numbers: a negative number keeps its minus sign and no quote', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvLine(['x', -0.5, 1e-9, -3, null, Number.NaN])).toBe('x,-0.5,1e-9,-3,,');
    expect(csvCell(-1234567, (v) => String(Number(v.toPrecision(6))))).toBe('-1234570');
    // A number formatter cannot smuggle text through.
    expect(csvCell(1, () => '=1+1')).toBe(`"'=1+1"`);
  });

  it("no text cell read back from any writer starts with a formula character unless prefixed with '", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nastyText, fc.double({ noNaN: true })), { minLength: 1, maxLength: 6 }), (cells) => {
        const names = cells.map(([t]) => t);
        const files = [
          { text: toCsv(['name', 'value'], cells), textColumns: [0] },
          { text: `${csvLine(['name', 'value'])}\n${cells.map((c) => csvLine(c)).join('\n')}\n`, textColumns: [0] },
          { text: perClassCsv(names, names.map(() => ({ support: 1, precision: 0.5, recall: 0.5, f1: 0.5 }) as never)), textColumns: [0] },
          { text: probabilityCsv(names, new Float32Array(names.length)), textColumns: [0] },
          {
            text: weightHistogramsCsv(names.map((n) => ({ layer: n, weight: n, edges: [-1, 0], counts: [3], mean: -0.25, std: 1 }))),
            textColumns: [0, 1],
          },
        ];
        for (const file of files) {
          const rows = readCsv(file.text);
          expect(rows.length).toBe(names.length + 1);
          rows.slice(1).forEach((row, i) => {
            for (const c of file.textColumns) {
              const cell = row[c];
              if (isFormula(names[i])) expect(cell).toBe(`'${names[i]}`);
              else expect(cell).toBe(names[i]);
              expect(isFormula(cell)).toBe(false);
            }
          });
        }
      }),
    );
  });

  it('numbers read back from the writers are numbers, negative ones included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (v) => {
        const [, row] = readCsv(toCsv(['v'], [[v]]));
        expect(Number(row[0])).toBeCloseTo(v, 0);
        const [, line] = readCsv(csvLine(['v']) + '\n' + csvLine([v]) + '\n');
        expect(Number(line[0])).toBe(Object.is(v, -0) ? 0 : v);
      }),
    );
  });

  it('the metrics CSV goes through the same guard and keeps its numbers', () => {
    const text = metricsCsv({
      runId: 'r',
      spec: specFromPreset('keras-mlp'),
      datasetName: '=evil()',
      fingerprint: null,
      backend: null,
      task: 'regression',
      startedAt: null,
      batches: [{ step: 1, loss: -0.5, metric: 0.25 }],
      epochs: [],
      finalMetric: null,
    });
    const rows = readCsv(text);
    expect(rows[1]).toEqual(['batch', '', '1', '-0.5', '0.25', '', '', '', '', '']);
    for (const row of rows) for (const cell of row) if (isFormula(cell)) expect(Number.isFinite(Number(cell))).toBe(true);
  });
});
