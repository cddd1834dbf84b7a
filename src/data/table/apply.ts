import { TensorscopeError } from '../../core/errors';
import type { ColumnRecipe, FittedColumn, FittedTable, TableApplyStats, TableRecipe } from '../../core/tableTypes';
import type { TableArrays } from '../dataset';
import { splitFor, type SplitConfig } from '../split';
import { missingSet, type SourceTable } from './cells';
import { FILLED, encodeCell, isAbsent, makeCodec, newCell, readCell, readKindOf, featureNamesOf, type Codec, type RawValue, type ReadContext, type ReadKind } from './codec';
import { fitColumn } from './fit';
import { badCellsError, fitLabels } from './labels';
import { manyClassesText, recipeProblems } from './recipe';

export interface TableApplied {
  arrays: TableArrays;
  fitted: FittedTable;
  stats: TableApplyStats;
  warnings: string[];
  /** Kept rows of the training file (the test file's kept rows follow), or null without a test file. */
  testFrom: number | null;
  /** The file row behind each kept row (train-file rows, then test-file rows from testFrom on): for error analysis. */
  keptRows: Int32Array;
}

const fail = (message: string): never => {
  throw new TensorscopeError('dataset-format', message);
};
const fmt = (n: number): string => n.toLocaleString('en-US');

/** Reads a column's raw cell: the parser's number where the column is read as numbers, else the raw text. */
export function cellGetter(t: SourceTable, c: number, kind: ReadKind): (r: number) => RawValue {
  const num = t.numeric[c];
  const text = t.text[c];
  if (!text) return (r) => num[r];
  if (kind === 'number' || kind === 'integer-category' || kind === 'boolean') return (r) => (Number.isNaN(num[r]) ? text[r] : num[r]);
  return (r) => text[r];
}

interface FileCols {
  t: SourceTable;
  label: (r: number) => RawValue;
  features: ((r: number) => RawValue)[];
  kept: number[];
}

function resolve(t: SourceTable, recipe: TableRecipe, features: ColumnRecipe[], isTest: boolean): FileCols {
  const index = new Map<string, number>();
  t.header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const at = (name: string): number =>
    index.get(name) ?? fail(`${t.fileName} has no column “${name}”${isTest ? ' (the training file has it): the test file needs the same columns' : ''}.`);
  const label = cellGetter(t, at(recipe.label), 'integer-category');
  return { t, label, features: features.map((f) => cellGetter(t, at(f.name), readKindOf(f.type))), kept: [] };
}

export function applyRecipe(train: SourceTable, test: SourceTable | null, recipe: TableRecipe, split: SplitConfig): TableApplied {
  const problems = recipeProblems(recipe, train.header);
  if (problems.length) fail(`${train.fileName}: the recipe cannot be used: ${problems.join(' ')}`);
  const features = recipe.columns.filter((c) => c.role === 'feature');
  if (features.length === 0) fail(`${train.fileName}: no usable feature — every column except the label “${recipe.label}” is ignored.`);
  const files = [resolve(train, recipe, features, false), ...(test ? [resolve(test, recipe, features, true)] : [])];
  const ctx: ReadContext = { missing: missingSet(recipe.missingTokens), decimal: train.decimal ?? '.', dayFirst: train.dayFirst === true };
  const kinds = features.map((f) => readKindOf(f.type));
  const cell = newCell();
  const warnings: string[] = [];

  // (a) Drop rows without a label, then rows missing a value in a 'drop' column (counted for the first such column).
  let droppedLabel = 0;
  const droppedByColumn: Record<string, number> = {};
  const dropCols = features.map((f, j) => (f.missing === 'drop' ? j : -1)).filter((j) => j >= 0);
  for (const f of files) {
    let labelled = 0;
    rows: for (let r = 0; r < f.t.rowCount; r++) {
      if (readCell('category', f.label(r), ctx, cell).state !== 1) {
        droppedLabel++;
        continue;
      }
      labelled++;
      for (const j of dropCols) {
        if (isAbsent(kinds[j], readCell(kinds[j], f.features[j](r), ctx, cell))) {
          droppedByColumn[features[j].name] = (droppedByColumn[features[j].name] ?? 0) + 1;
          continue rows;
        }
      }
      f.kept.push(r);
    }
    if (f.t.rowCount > 0 && labelled === 0) fail(`${f.t.fileName}: the label column “${recipe.label}” is missing in every row.`);
  }
  const rows = files.reduce((s, f) => s + f.t.rowCount, 0);
  const kept = files.reduce((s, f) => s + f.kept.length, 0);
  if (kept === 0 || files[0].kept.length === 0) {
    const why = Object.entries(droppedByColumn).map(([n, c]) => `${fmt(c)} missing “${n}”, which is set to drop rows`);
    if (droppedLabel) why.unshift(`${fmt(droppedLabel)} missing the label “${recipe.label}”`);
    fail(`${train.fileName}: every row${kept > 0 ? ' of the training file' : ''} was dropped (${why.join('; ') || 'no data rows'}) — fill missing values instead of dropping rows.`);
  }
  if (rows - kept > 0.2 * rows) {
    warnings.push(`${fmt(rows - kept)} of ${fmt(rows)} rows (${Math.round(((rows - kept) / rows) * 100)} %) were dropped for missing values.`);
  }

  // A number column must hold numbers in every kept row: say which lines do not, rather than guess.
  for (let j = 0; j < features.length; j++) {
    if (kinds[j] !== 'number') continue;
    for (const f of files) badCellsError(f.t, features[j].name, f.kept, f.features[j], 'number', ctx, 'feature');
  }

  // (b) Split the kept rows; (c) fit every column on the training rows only.
  const keptTrain = files[0].kept.length;
  const testFrom = test ? keptTrain : null;
  const sp = splitFor({ count: kept, testFrom }, split);
  // Kept index i → (file, row) without allocating a pair per cell.
  const fileOf = (i: number): FileCols => (i < keptTrain ? files[0] : files[1]);
  const rowAt = (i: number): number => (i < keptTrain ? files[0].kept[i] : files[1].kept[i - keptTrain]);
  const fittedCols: FittedColumn[] = features.map((f, j) => {
    const getters = files.map((file) => file.features[j]);
    const visitTrain = (visit: (v: RawValue) => void): void => {
      for (const i of sp.train) visit(getters[i < keptTrain ? 0 : 1](rowAt(i)));
    };
    return fitColumn(f, visitTrain, sp.train.length, ctx, recipe.maxLevels, warnings);
  });
  const codecs: Codec[] = fittedCols.map((fc, j) => makeCodec(fc, features[j].type));
  const featureNames = fittedCols.flatMap(featureNamesOf);
  const width = featureNames.length;
  if (width === 0) fail(`${train.fileName}: no usable feature after encoding — the feature columns (${features.map((f) => `“${f.name}”`).join(', ')}) have no values in the training rows.`);

  const label = fitLabels(files, recipe, ctx);
  if (recipe.task === 'classification' && label.numeric && label.classNames.length > 20) warnings.push(manyClassesText(label.classNames.length, recipe.label));

  // (d) Transform every kept row with the one per-cell encoder (encodeRecord uses the same).
  const x = new Float32Array(kept * width);
  const filled = new Array<number>(features.length).fill(0);
  const badDates = new Array<number>(features.length).fill(0);
  for (let i = 0; i < kept; i++) {
    const file = fileOf(i);
    const r = rowAt(i);
    let at = i * width;
    for (let j = 0; j < codecs.length; j++) {
      readCell(kinds[j], file.features[j](r), ctx, cell);
      if (cell.state === 2) badDates[j]++;
      if (encodeCell(codecs[j], cell, x, at) === FILLED) filled[j]++;
      at += codecs[j].width;
    }
  }
  badDates.forEach((n, j) => {
    if (n) warnings.push(`${fmt(n)} cells of “${features[j].name}” are not dates; they were treated as missing.`);
  });
  const filledByColumn: Record<string, number> = {};
  features.forEach((f, j) => (filledByColumn[f.name] = filled[j]));

  const fitted: FittedTable = {
    recipe,
    columns: fittedCols,
    featureNames,
    label: { name: recipe.label, task: recipe.task, classNames: recipe.task === 'classification' ? label.classNames : [] },
    missingTokens: [...recipe.missingTokens],
    source: { fileName: train.fileName, delimiter: train.delimiter ?? ',', decimal: train.decimal ?? '.', ...(train.encoding && train.encoding !== 'utf-8' ? { encoding: train.encoding } : {}), ...(train.hasHeader === false ? { header: false as const } : {}), ...(train.skippedLines ? { skipLines: train.skippedLines } : {}), ...(train.rowNames ? { rowNames: true as const } : {}), ...(train.sheets && train.sheet ? { sheet: train.sheet } : {}), ...(train.dayFirst ? { dayFirst: true as const } : {}) },
  };
  const arrays: TableArrays = {
    features: x,
    featureNames,
    count: kept,
    task: recipe.task,
    labels: label.labels,
    targets: label.targets,
    classNames: fitted.label.classNames,
    targetName: recipe.label,
  };
  const stats: TableApplyStats = { rows, kept, droppedLabel, droppedByColumn, filledByColumn, inputWidth: width };
  const keptRows = Int32Array.from(files.flatMap((f) => f.kept));
  return { arrays, fitted, stats, warnings, testFrom, keptRows };
}
