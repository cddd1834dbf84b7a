import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TensorscopeError } from '../../core/errors';
import { FC_OPTS, formatErrorOf } from '../../test/parserAssertions';
import { parseClassNames } from './classNames';

const PROPERTY_TIMEOUT_MS = 20_000;


const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('parseClassNames', () => {
  it('reads one name per line (LF, CRLF, BOM, trailing blank lines, surrounding spaces)', () => {
    expect(parseClassNames(FASHION.join('\n') + '\n', 'names.txt', 10)).toEqual(FASHION);
    expect(parseClassNames('\uFEFF  cat \r\ndog\r\n\r\n  \r\n', 'names.txt')).toEqual(['cat', 'dog']);
    expect(parseClassNames('a\rb', 'names.txt')).toEqual(['a', 'b']);
  });

  it('reads a single comma-separated line, with optional quotes', () => {
    expect(parseClassNames('cat, dog,bird\n', 'names.txt', 3)).toEqual(['cat', 'dog', 'bird']);
    expect(parseClassNames('"cat", "dog"', 'names.txt')).toEqual(['cat', 'dog']);
  });

  it('keeps commas inside names when there is one name per line', () => {
    expect(parseClassNames('T-shirt, top\nTrouser\n', 'names.txt')).toEqual(['T-shirt, top', 'Trouser']);
  });

  it('errors: empty file, empty name, duplicates, count mismatch, too many', () => {
    expect(formatErrorOf(() => parseClassNames('', 'names.txt')).message).toMatch(/^names\.txt: the file is empty/);
    expect(formatErrorOf(() => parseClassNames('\n \r\n', 'names.txt')).message).toMatch(/^names\.txt: the file is empty/);
    expect(formatErrorOf(() => parseClassNames('a\n\nb\n', 'names.txt')).message).toBe('names.txt line 2: the class name is empty.');
    expect(formatErrorOf(() => parseClassNames('a,,b', 'names.txt')).message).toBe('names.txt name 2: the class name is empty.');
    expect(formatErrorOf(() => parseClassNames('cat\ndog\ncat\n', 'names.txt')).message).toBe(
      'names.txt: the class name "cat" is listed twice (line 1 and line 3).',
    );
    expect(formatErrorOf(() => parseClassNames('a,b,a', 'names.txt')).message).toBe('names.txt: the class name "a" is listed twice (name 1 and name 3).');
    expect(formatErrorOf(() => parseClassNames(FASHION.slice(0, 9).join('\n'), 'names.txt', 10)).message).toBe(
      'names.txt lists 9 class names but the data has 10 classes.',
    );
    expect(formatErrorOf(() => parseClassNames(Array.from({ length: 300 }, (_, i) => `c${i}`).join('\n'), 'names.txt')).message).toContain(
      'at most 256',
    );
  });

  it(
    'fuzzing: names or a TensorscopeError, never anything else',
    () => {
      const dec = new TextDecoder();
      const text = fc.oneof(
        fc.uint8Array({ maxLength: 4096 }).map((b) => dec.decode(b)),
        fc.array(fc.constantFrom('a', 'b', ',', '"', ' ', '\n', '\r', '\r\n', '\uFEFF', 'cat', '\t'), { maxLength: 200 }).map((p) => p.join('')),
      );
      fc.assert(
        fc.property(text, fc.option(fc.integer({ min: 0, max: 12 })), (t, expected) => {
          try {
            const names = parseClassNames(t, 'names.txt', expected ?? undefined);
            expect(names.length).toBeGreaterThan(0);
            expect(new Set(names).size).toBe(names.length);
            for (const n of names) expect(n.length).toBeGreaterThan(0);
            if (expected !== null) expect(names.length).toBe(expected);
          } catch (e) {
            if (!(e instanceof TensorscopeError)) throw e;
          }
        }),
        FC_OPTS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
