import { TensorscopeError } from '../../core/errors';
import type { TableRecipe } from '../../core/tableTypes';
import { describeLines, lineOf, parseNumberCell, quoteCell, type SourceTable } from './cells';
import { BAD, newCell, readCell, type RawValue, type ReadContext, type ReadKind } from './codec';

/** The label side of applyRecipe: class names or regression targets, and the cells that make a column unusable. */

const MAX_CLASSES = 256;
const fail = (message: string): never => {
  throw new TensorscopeError('dataset-format', message);
};

/** Throws, naming the file, column, lines and examples, when kept rows hold cells unusable as `kind` (text in a number column). */
export function badCellsError(
  t: SourceTable,
  name: string,
  rows: readonly number[],
  get: (r: number) => RawValue,
  kind: ReadKind,
  ctx: ReadContext,
  role: 'feature' | 'label',
): void {
  const cell = newCell();
  let count = 0;
  const lines: number[] = [];
  const examples: string[] = [];
  for (const r of rows) {
    const v = get(r);
    if (readCell(kind, v, ctx, cell).state !== BAD) continue;
    count++;
    if (lines.length < 3) lines.push(lineOf(t.rowLines, r));
    const ex = String(v).trim();
    if (examples.length < 3 && !examples.includes(ex)) examples.push(ex);
  }
  if (count === 0) return;
  const where = describeLines(lines, count, !!t.rowLines);
  const verb = count === 1 ? 'holds' : 'hold';
  const shown = examples.map(quoteCell).join(', ') + (count > examples.length ? ', …' : '');
  const tooLarge = examples.every((e) => !Number.isNaN(parseNumberCell(e, ctx.decimal)));
  const what = tooLarge ? `numbers too large for 32-bit floats (${shown})` : `text (${shown})`;
  if (role === 'label') {
    fail(`${t.fileName}, label “${name}”: ${where} ${verb} ${what} — regression needs a number in every row: choose classification, or add the text to the missing-value list.`);
  }
  fail(
    tooLarge
      ? `${t.fileName}, column “${name}”: ${where} ${verb} ${what} — rescale the column or ignore it.`
      : `${t.fileName}, column “${name}”: ${where} ${verb} ${what} in a numeric column — make it categorical, add the text to the missing-value list, or ignore the column.`,
  );
}

interface LabelFile {
  t: SourceTable;
  label: (r: number) => RawValue;
  kept: number[];
}

export interface FittedLabels {
  classNames: string[];
  /** Every class name is a number (then a classification with many classes is probably a regression). */
  numeric: boolean;
  labels: Uint8Array | null;
  targets: Float32Array | null;
}

/** Class names come from every kept row (numbers sorted numerically, text alphabetically); targets must be numbers. */
export function fitLabels(files: readonly LabelFile[], recipe: TableRecipe, ctx: ReadContext): FittedLabels {
  const count = files.reduce((s, f) => s + f.kept.length, 0);
  const cell = newCell();
  if (recipe.task === 'regression') {
    for (const f of files) badCellsError(f.t, recipe.label, f.kept, f.label, 'number', ctx, 'label');
    const targets = new Float32Array(count);
    let i = 0;
    for (const f of files) for (const r of f.kept) targets[i++] = readCell('number', f.label(r), ctx, cell).num;
    return { classNames: [], numeric: true, labels: null, targets };
  }
  const keys: string[] = new Array<string>(count);
  const seen = new Set<string>();
  let i = 0;
  for (const f of files) {
    for (const r of f.kept) {
      const k = readCell('integer-category', f.label(r), ctx, cell).key;
      keys[i++] = k;
      seen.add(k);
    }
  }
  const names = [...seen];
  const numeric = names.every((k) => !Number.isNaN(parseNumberCell(k)));
  names.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const file = files[0].t.fileName;
  if (names.length > MAX_CLASSES) {
    fail(`${file}, label “${recipe.label}” has ${names.length.toLocaleString('en-US')} classes; at most ${MAX_CLASSES} are supported — is it a number to predict (regression)?`);
  }
  if (names.length < 2) fail(`${file}, label “${recipe.label}” has one class (${JSON.stringify(names[0] ?? '')}): nothing to learn.`);
  const index = new Map(names.map((n, j) => [n, j] as [string, number]));
  const labels = new Uint8Array(count);
  for (let j = 0; j < count; j++) labels[j] = index.get(keys[j])!;
  return { classNames: names, numeric, labels, targets: null };
}
