import type { Task } from './types';

/**
 * The table pipeline as data (scikit-learn's ColumnTransformer idea): a *recipe* says what the person chose
 * for each column; fitting it on the training split gives a *fitted table* (fill values, category levels)
 * that transforms the train, validation and test rows, a prediction form's raw values, and the exported
 * Keras script's pandas frame, all the same way. Scaling (standardise / min-max) stays with the engine's
 * normalisation, which is also fitted on the training split only.
 */

/** What a column holds, as inferred (and overridable by the person). */
export type ColumnType =
  | 'numeric'
  | 'integer-categorical'
  | 'text-categorical'
  | 'boolean'
  | 'datetime'
  | 'free-text'
  | 'identifier';

export type ColumnRole = 'feature' | 'label' | 'ignore';

/** What happens to a missing cell in a feature column. */
export type MissingPolicy = 'drop' | 'mean' | 'median' | 'mode' | 'constant';

export type DatePart = 'year' | 'month' | 'dayOfYear' | 'weekday' | 'hour';

export const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'integer-categorical', 'text-categorical', 'boolean', 'datetime', 'free-text', 'identifier'];
export const MISSING_POLICIES: readonly MissingPolicy[] = ['drop', 'mean', 'median', 'mode', 'constant'];
export const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'dayOfYear', 'weekday', 'hour'];
/** Cells read as missing unless the person changes the list (compared after trimming, case-insensitively). */
/** Gaps as files spell them: R and pandas (NA, NaN, None), UCI (?), and the error values Excel writes into a CSV. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'null', 'None', '?', '-', '#N/A', '#DIV/0!', '#VALUE!', '#NUM!', '#REF!', '#NAME?', '#NULL!'];
/** One-hot levels kept per column; the rest become one "other" level (stated in the report). */
export const DEFAULT_MAX_LEVELS = 50;

export interface ColumnRecipe {
  name: string;
  role: ColumnRole;
  type: ColumnType;
  missing: MissingPolicy;
  /** The constant for missing = 'constant' (a number's text for numeric columns, a level for categorical ones). */
  fill: string;
  /** Adds a 0/1 "<name> was missing" feature. */
  indicator: boolean;
  /** Date columns: which numeric parts become features. */
  dateParts: DatePart[];
  /** Date columns: month, day of year, weekday and hour as sin/cos pairs instead of plain numbers. */
  cyclic: boolean;
}

export interface TableRecipe {
  version: 1;
  /** One entry per column of the file, in the file's order. */
  columns: ColumnRecipe[];
  /** The label column's name (exactly one column has role 'label'). */
  label: string;
  task: Task;
  missingTokens: string[];
  maxLevels: number;
  /**
   * How the file was read when that was chosen rather than detected: the first row as names or not, an Excel sheet
   * by name. Part of the recipe so a link reads the same file the same way.
   */
  read?: { header?: boolean; sheet?: string };
}

/** One row of the inference report, shown before anything is committed. */
export interface ColumnProfile {
  name: string;
  inferred: ColumnType;
  missing: number;
  distinct: number;
  /** Numeric and date columns (dates as epoch milliseconds). */
  min: number | null;
  max: number | null;
  /** Most frequent non-missing values, most frequent first (at most 5). */
  top: { value: string; count: number }[];
  /** A tiny histogram: 12 equal-width bins for numbers and dates, else the top values' counts. */
  histogram: number[];
  /** Non-numeric cells in an otherwise numeric column: how many, and the first file lines (1-based). */
  mixed: { count: number; rows: number[]; examples: string[] } | null;
  /** Every number is whole (numeric columns); some date values have a time of day (date columns). */
  integer?: boolean;
  hasTime?: boolean;
  /** Date columns: the parts that take more than one value (the default recipe ticks only these). */
  varyingParts?: DatePart[];
  defaultRole: ColumnRole;
  /** Why the default role is 'ignore' (identifier, free text, constant, mixed), in words. */
  reason: string | null;
}

export interface TableProfile {
  fileName: string;
  rows: number;
  /** ',' ';' '\t' '|', ' ' (runs of spaces), 'json' for JSON records (parseJsonTable), 'xlsx' for an Excel sheet, 'arff', 'parquet'. */
  delimiter: string;
  decimal: '.' | ',';
  /** false when the first row was read as data (the columns are "Column 1", …); absent: it held the names. */
  hasHeader?: false;
  /** Numeric dates are read day first (31/12/2020). */
  dayFirst?: true;
  /** An Excel workbook with several visible sheets: their names, and the one read. */
  sheets?: string[];
  sheet?: string;
  columns: ColumnProfile[];
}

/** How one source column becomes features, with everything learned from the training split. */
export type FittedColumn =
  | { kind: 'numeric'; name: string; fill: number | null; indicator: boolean }
  | { kind: 'onehot'; name: string; levels: string[]; other: boolean; fill: string | null; indicator: boolean }
  | { kind: 'boolean'; name: string; trueValue: string; fill: number | null; indicator: boolean }
  | { kind: 'date'; name: string; parts: DatePart[]; cyclic: boolean; fill: number | null; indicator: boolean };

export interface FittedTable {
  recipe: TableRecipe;
  columns: FittedColumn[];
  /** Names of the produced features, in order (e.g. "Origin=USA", "Year:month_sin", "Horsepower (missing)"). */
  featureNames: string[];
  label: { name: string; task: Task; classNames: string[] };
  /** Raw text of the missing tokens the fit used (also in the recipe; kept here so a form needs only this). */
  missingTokens: string[];
  /** The split whose training part the statistics were fitted on (set by the loader); another split needs a refit. */
  fittedOn?: { testFraction: number; validationFraction: number; seed: number };
  /** How the file was read, so the Keras script reads it the same way with pandas. */
  source: { fileName: string; delimiter: string; decimal: '.' | ','; testFileName?: string; encoding?: 'utf-16le' | 'utf-16be' | 'windows-1252'; header?: false; skipLines?: number; rowNames?: true; sheet?: string; dayFirst?: true };
}

/** What applying a recipe did to the rows, always shown to the person. */
export interface TableApplyStats {
  rows: number;
  kept: number;
  /** Rows dropped because the label was missing. */
  droppedLabel: number;
  /** Rows dropped by a column's 'drop' policy (a row missing in two such columns counts for the first). */
  droppedByColumn: Record<string, number>;
  /** Cells filled per column. */
  filledByColumn: Record<string, number>;
  inputWidth: number;
}
