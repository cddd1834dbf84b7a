import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TensorscopeError } from '../../core/errors';
import { arffValues, isArff, parseArff } from './arff';

const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorscopeError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('ARFF (Weka, OpenML)', () => {
  it("Weka's iris.arff: a long comment block, upper-case keywords, a nominal class — 150 rows, lines kept", () => {
    const text = fixture('iris.arff');
    expect(isArff('anything.txt', text.slice(0, 4096))).toBe(true);
    const t = parseArff(text, 'iris.arff');
    expect(t).toMatchObject({ rowCount: 150, delimiter: 'arff', header: ['sepallength', 'sepalwidth', 'petallength', 'petalwidth', 'class'] });
    expect(new Set(t.text[4])).toEqual(new Set(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']));
    // Line numbers point into the .arff file, so a message about a row names the line a person would open.
    const firstData = text.split('\n').findIndex((l) => l.startsWith('5.1,3.5,1.4,0.2')) + 1;
    expect(t.rowLines?.[0]).toBe(firstData);
  });

  it('quoted values keep their spaces; "?" is a gap, a quoted "?" is text; backslash escapes are read', () => {
    const t = parseArff(fixture('quoted_nominal_spaces.arff'), 'q.arff');
    expect(t.text[1]).toEqual(['no  ', '  yes', 'no  ', 'no  ', '  yes', 'no  ']);
    expect(arffValues(`1, ?, '?', 'it\\'s', "a,b", \t 2 `)).toEqual(['1', '', '?', "it's", 'a,b', '2']);
  });

  it('dates, quoted attribute names, comments between rows', () => {
    const text = "% c\n@relation r\n@attribute 'when it was' date 'yyyy-MM-dd HH:mm'\n@attribute x numeric\n@data\n% a comment\n'2004-12-01 23:59',1.5\n?,2\n";
    const t = parseArff(text, 'd.arff');
    expect(t).toMatchObject({ header: ['when it was', 'x'], rowCount: 2 });
    expect(t.text[0]).toEqual(['2004-12-01 23:59', '']);
    expect(Array.from(t.rowLines ?? [])).toEqual([7, 8]);
  });

  it('what it cannot read is named with the line: sparse rows, relational attributes, a wrong count, no @data', () => {
    const head = '@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n';
    expect(message(() => parseArff(head + '{0 1, 1 2}\n', 's.arff'))).toBe('s.arff line 5: a sparse ARFF row (“{index value, …}”) is not read; save the data as dense ARFF or CSV.');
    expect(message(() => parseArff('@relation r\n@attribute bag relational\n', 'm.arff'))).toMatch(/^m\.arff line 2: the attribute “bag” is relational/);
    expect(message(() => parseArff(head + '1,2\n3\n', 'c.arff'))).toBe('c.arff line 6: has 1 value, the @attribute lines declare 2.');
    expect(message(() => parseArff('@relation r\n@attribute a numeric\n', 'n.arff'))).toMatch(/needs a “@data” line/);
    expect(message(() => parseArff(head + "1,'open\n", 'o.arff'))).toBe("o.arff line 5: a value opened with ' is never closed.");
    expect(message(() => parseArff('@relation r\n@attribute a numeric\n@attribute a real\n@data\n', 'dup.arff'))).toBe('dup.arff line 3: the attribute “a” is declared twice (line 2).');
  });
});
