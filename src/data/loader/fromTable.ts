import { describeError } from '../../core/errors';
import { DEFAULT_MISSING_TOKENS, type TableProfile, type TableRecipe } from '../../core/tableTypes';
import type { Dataset } from '../../core/types';
import { tableDataset } from '../dataset';
import type { CsvTable } from '../parsers/csv';
import { DEFAULT_SPLIT_SEED, DEFAULT_TEST_FRACTION, type SplitConfig } from '../split';
import { applyRecipe, defaultRecipe, profileTable, validateRecipe } from '../table';
import type { LoadOptions, TableStage } from './types';

/** A parsed table (and its own test file), kept by the loader so another recipe needs no second read. */
export interface ParsedTables {
  train: CsvTable;
  test: CsvTable | null;
  /** File names, train first. */
  names: string[];
  /** Profiles already made, by missing-value tokens: a change of role or policy reuses one instead of re-scanning. */
  profiles?: Map<string, TableProfile>;
}

/** The table's profile under these missing-value tokens, made once per token list. */
function profileOf(p: ParsedTables, tokens: readonly string[]): TableProfile {
  const key = JSON.stringify(tokens);
  p.profiles ??= new Map();
  let profile = p.profiles.get(key);
  if (!profile) {
    profile = profileTable(p.train, tokens);
    p.profiles.set(key, profile);
  }
  return profile;
}

const DEFAULT_SPLIT: SplitConfig = { testFraction: DEFAULT_TEST_FRACTION, validationFraction: 0.1, seed: DEFAULT_SPLIT_SEED };

/** How the file was read, when chosen: kept in the recipe so a link reads it the same way. */
function readChoice(options: LoadOptions): TableRecipe['read'] | undefined {
  const { header, sheet } = options.csv ?? {};
  return header === undefined && sheet === undefined ? undefined : { ...(header === undefined ? {} : { header }), ...(sheet === undefined ? {} : { sheet }) };
}

/** The recipe asked for, if it still fits this file's columns; else the inferred default (and why). */
function chooseRecipe(p: ParsedTables, options: LoadOptions): { recipe: TableRecipe; note: string | null } {
  const chosen = chooseRecipeFor(p, options);
  const read = readChoice(options);
  const { read: _old, ...recipe } = chosen.recipe;
  return { ...chosen, recipe: read ? { ...recipe, read } : recipe };
}

function chooseRecipeFor(p: ParsedTables, options: LoadOptions): { recipe: TableRecipe; note: string | null } {
  const asked = options.table?.recipe;
  const profile = profileOf(p, asked?.missingTokens ?? DEFAULT_MISSING_TOKENS);
  if (asked) {
    const problems = validateRecipe(asked, profile);
    if (problems.length === 0) return { recipe: asked, note: null };
    const fallback = defaultRecipe(profile, { label: options.csv?.labelColumn, task: options.csv?.task });
    return { recipe: fallback, note: `The saved preprocessing does not fit ${p.names[0]} (${problems.slice(0, 2).join('; ')}); the inferred defaults are shown instead.` };
  }
  return { recipe: defaultRecipe(profile, { label: options.csv?.labelColumn, task: options.csv?.task }), note: null };
}

/**
 * Runs the table pipeline on a parsed table: the inference report, the recipe, and — when the recipe can make one —
 * the dataset (features fitted on the train split only). A recipe that cannot make a dataset is not an error here:
 * the report comes back with the reason, so the person can fix a column and try again.
 */
export function datasetFromTable(p: ParsedTables, options: LoadOptions, id: string): { dataset: Dataset | null; table: TableStage } {
  const { recipe, note } = chooseRecipe(p, options);
  const profile = profileOf(p, recipe.missingTokens);
  const split = options.table?.split ?? DEFAULT_SPLIT;
  const stage: TableStage = { profile, recipe, stats: null, featureNames: [], warnings: note ? [note] : [], error: null };
  try {
    const applied = applyRecipe(p.train, p.test, recipe, split);
    const dataset = tableDataset(applied.arrays, {
      id,
      name: p.names[0].replace(/\.(csv|tsv|txt|json|jsonl|ndjson|xlsx|xlsm)$/i, ''),
      source: `${({ json: 'JSON records', xlsx: 'Excel sheet', arff: 'ARFF', parquet: 'Parquet' } as Record<string, string>)[profile.delimiter] ?? 'CSV'}: ${p.names.join(', ')}`,
      testFrom: applied.testFrom,
    });
    return {
      dataset: { ...dataset, table: { ...applied.fitted, fittedOn: { ...split }, source: { ...applied.fitted.source, ...(p.test && p.names[1] ? { testFileName: p.names[1] } : {}) } } },
      table: { ...stage, stats: applied.stats, featureNames: applied.fitted.featureNames, warnings: [...stage.warnings, ...applied.warnings] },
    };
  } catch (err) {
    return { dataset: null, table: { ...stage, error: describeError(err) } };
  }
}
