import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, csvNumber, dropStyleProperties, inlineStyles, safeFileName, styleDeclarations, toCsv, withSvgNamespaces, type StylableNode } from './exportChart';
import { readCsv } from '../../test/readCsv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [2.5, null]])).toBe('a,b\r\n1,x\r\n2.5,\r\n');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('prints numbers with up to 6 significant digits', () => {
    expect(csvNumber(0.123456789)).toBe('0.123457');
    expect(csvNumber(1 / 3)).toBe('0.333333');
    expect(csvNumber(0.1 + 0.2)).toBe('0.3');
    expect(csvNumber(100)).toBe('100');
    expect(csvNumber(1234567)).toBe('1234570');
    expect(csvNumber(-0)).toBe('0');
    expect(csvNumber(1.5e-9)).toBe('1.5e-9');
    expect(csvNumber(Number.NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
  });

  it('round-trips arbitrary strings through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        const parsed = readCsv(toCsv(['h1', 'h2'], rows));
        // Text a spreadsheet would run as a formula comes back with a leading ' (core/csvCell.ts); the rest as is.
        expect(parsed).toEqual([['h1', 'h2'], ...rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)))]);
      }),
    );
  });
});

describe('safeFileName', () => {
  it('keeps names usable on every OS', () => {
    expect(safeFileName('Reliability: test set')).toBe('Reliability-test-set');
    expect(safeFileName('a/b\\c*?.png')).toBe('a-b-c');
    expect(safeFileName('   ')).toBe('chart');
    expect(safeFileName('per-class.csv')).toBe('per-class');
  });
});

function style(map: Record<string, string>) {
  return { getPropertyValue: (name: string) => map[name] ?? '' };
}

describe('SVG style inlining', () => {
  it('declares presentation properties, skipping empty and default values', () => {
    const decl = styleDeclarations(
      style({ fill: 'rgb(107, 114, 128)', stroke: 'none', 'font-size': '11px', opacity: '1', 'stroke-dasharray': 'none', display: 'inline', color: 'red' }),
    );
    expect(decl).toBe('fill: rgb(107, 114, 128); stroke: none; font-size: 11px');
    expect(styleDeclarations(style({ display: 'none' }))).toBe('display: none');
  });

  it('walks source and clone in step and keeps the clone’s own inline style last', () => {
    interface Fake extends StylableNode {
      name: string;
      attrs: Record<string, string>;
      children: Fake[];
    }
    const node = (name: string, children: Fake[] = [], attrs: Record<string, string> = {}): Fake => ({
      name,
      attrs,
      children,
      getAttribute(n) {
        return this.attrs[n] ?? null;
      },
      setAttribute(n, v) {
        this.attrs[n] = v;
      },
    });
    const computed: Record<string, Record<string, string>> = {
      svg: { 'font-family': 'system-ui' },
      text: { fill: 'rgb(1, 2, 3)', 'font-size': '11px', 'text-anchor': 'middle' },
      line: { stroke: 'rgb(226, 232, 240)', 'stroke-dasharray': '3px, 3px' },
    };
    const source = node('svg', [node('text'), node('g', [node('line')])]);
    const clone = node('svg', [node('text', [], { style: 'font-weight: 700;' }), node('g', [node('line')])]);
    inlineStyles(source, clone, (n) => style(computed[(n as Fake).name] ?? {}));
    expect(clone.attrs.style).toBe('font-family: system-ui');
    expect(clone.children[0].attrs.style).toBe('fill: rgb(1, 2, 3); font-size: 11px; text-anchor: middle; font-weight: 700');
    expect(clone.children[1].attrs.style).toBeUndefined();
    expect(clone.children[1].children[0].attrs.style).toBe('stroke: rgb(226, 232, 240); stroke-dasharray: 3px, 3px');
  });

  it('drops sizing properties from a style attribute', () => {
    expect(dropStyleProperties('fill: red; width: 100%; height:100%;display: block', ['width', 'height'])).toBe('fill: red; display: block');
    expect(dropStyleProperties('', ['width'])).toBe('');
    expect(dropStyleProperties('stroke-width: 2px', ['width'])).toBe('stroke-width: 2px');
  });

  it('adds the SVG (and xlink) namespaces and an XML prolog once', () => {
    const out = withSvgNamespaces('<svg width="10" height="10"><use xlink:href="#a"/></svg>');
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(out).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(out).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
    const again = withSvgNamespaces(out);
    expect(again).toBe(out);
    expect(withSvgNamespaces('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>').match(/xmlns=/g)).toHaveLength(1);
  });
});
