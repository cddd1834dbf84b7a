/**
 * One cell of a CSV file the app writes (chart data, metrics). Every CSV writer goes through here, so no writer can
 * forget either rule:
 *
 * - RFC 4180: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes, quotes doubled.
 * - CSV (formula) injection, OWASP: spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts with
 *   = + - @ (and, after trimming, tab or CR) as a formula, so a class name like `=HYPERLINK(…)` or `@SUM(…)` from a
 *   dataset someone shared would run on the reader's machine. Text that starts with one of these gets a leading
 *   single quote (which spreadsheets show as text and do not run) and is quoted.
 *
 * Numbers are written as numbers (a negative number keeps its minus sign): only text is escaped.
 */

export type CsvValue = string | number | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A number as the shortest text that reads back the same; non-finite → empty cell. */
export function plainNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

/** What a finite number prints as: digits, one sign, a point, an exponent. Anything else is treated as text. */
const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A text cell: formula characters neutralised with a leading ', then RFC 4180 quoting. */
export function csvText(text: string): string {
  const formula = FORMULA_START.test(text);
  const guarded = formula ? `'${text}` : text;
  return formula || /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * One cell: null/undefined → empty; a number → `formatNumber(value)` (plainNumber unless given; non-finite → empty);
 * text → csvText. A formatter's output that is not a plain number is escaped as text, so no formatter can reopen
 * the hole.
 */
export function csvCell(value: CsvValue, formatNumber: (v: number) => string = plainNumber): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    const text = formatNumber(value);
    return text === '' || NUMBER_TEXT.test(text) ? text : csvText(text);
  }
  return csvText(String(value));
}

/** Cells joined by commas (no line end). */
export function csvLine(cells: readonly CsvValue[], formatNumber?: (v: number) => string): string {
  return cells.map((c) => csvCell(c, formatNumber)).join(',');
}
