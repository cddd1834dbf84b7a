import type { DatePart } from '../../core/tableTypes';
import type { CsvTable } from '../parsers/csv';
import { formattedNumber, mayBeFormatted } from '../parsers/formattedNumber';

/**
 * Cell-level helpers shared by the profiler, the fit/transform and the prediction form, so a cell means the
 * same thing everywhere: what is missing, what is a number, a date, a boolean.
 */

/** Missing tokens prepared for fast look-ups (trimmed, lower-cased). */
export interface MissingSet {
  readonly set: ReadonlySet<string>;
  /** Longest token: a longer cell without surrounding spaces cannot be missing, so it skips trim/lower-case. */
  readonly maxLen: number;
}

export function missingSet(tokens: readonly string[]): MissingSet {
  const set = new Set(tokens.map((t) => t.trim().toLowerCase()));
  let maxLen = 0;
  for (const t of set) maxLen = Math.max(maxLen, t.length);
  return { set, maxLen };
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;

/** Trims only when needed (most cells have no surrounding spaces, and this runs per cell). */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0 || (!isSpace(s.charCodeAt(0)) && !isSpace(s.charCodeAt(n - 1)))) return s;
  return s.trim();
}

export function isMissingCell(s: string, m: MissingSet): boolean {
  if (s.length > m.maxLen && !isSpace(s.charCodeAt(0)) && !isSpace(s.charCodeAt(s.length - 1))) return false;
  return m.set.has(s.trim().toLowerCase());
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_COMMA_RE = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;

/** A number as the parser reads it: plain, or formatted ("$1,234.50", "12.5%"; see formattedNumber), else NaN. */
export function parseNumberCell(s: string, decimal: '.' | ',' = '.'): number {
  const n = parsePlainNumberCell(s, decimal);
  return Number.isNaN(n) && mayBeFormatted(s, 0, s.length) ? formattedNumber(s, decimal === ',') : n;
}

/** A decimal number (no hex, no "Infinity"; Number() alone would take both and read "" as 0), else NaN. */
export function parsePlainNumberCell(s: string, decimal: '.' | ',' = '.'): number {
  const t = trimCell(s);
  const c = t.charCodeAt(0);
  // Most text cells start with a letter: skip the regular expressions for them (this runs per category cell).
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 44)) return NaN;
  if (NUMBER_RE.test(t)) return Number(t);
  if (decimal === ',' && NUMBER_COMMA_RE.test(t)) return Number(t.replace(',', '.'));
  return NaN;
}

/** Largest finite float32: values past it would become Infinity in the feature matrix. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const ISO_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
/**
 * Numbers with slashes or dashes: month first, as Excel writes dates in the US (12/31/2020, 1/5/24, 1/5/2024 10:00 PM),
 * or day first (31/12/2020, 31-12-2020) in a file whose dates say so (see dayFirstDates).
 */
const US_RE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
/** Day first with dots, as German, Russian and Nordic files write dates: 31.12.2020, 31.12.2020 10:30. */
const DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Excel's and Oracle's day-month-year with dashes: 05-Jan-2024, 5-Jan-24. */
const DASH_DMY_RE = /^(\d{1,2})-([a-z]{3,9})-(\d{4}|\d{2})$/i;
const NAMED_RE = /^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/i;
const NAMED_DMY_RE = /^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;

/** A two-digit year as Excel reads one: 00–29 are 2000–2029, 30–99 are 1930–1999. */
const fullYear = (y: string): number => (y.length === 2 ? (+y < 30 ? 2000 + +y : 1900 + +y) : +y);

/** An hour on a 12-hour clock (1–12 with AM or PM) on the 24-hour one; NaN when it is not 1–12. */
function hour24(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  if (h < 1 || h > 12) return NaN;
  return (h % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || !(h <= 23) || mi > 59 || s > 59) return NaN;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y, mo - 1, d); // Date.UTC would read years 0–99 as 1900–1999
  // A day past the month's end rolls over into the next month; a real date keeps its day.
  return date.getUTCDate() === d ? date.getTime() : NaN;
}

/**
 * Epoch milliseconds (UTC) of a date cell, else NaN. Written out rather than Date.parse, whose accepted forms
 * and time zone differ between browsers. A plain number is never a date (a year column stays numeric).
 * Accepted: 2012-01-01, 2012/01/01, 2012-01-01T10:00[:00[.000]][Z|+01:00], 12/31/2020, 12-31-2020 and 1/5/24
 * (month first, or day first when dayFirst: 31/12/2020; [h:mm[:ss] [AM|PM]]), 31.12.2020 (always day first),
 * Jun 12 1998, June 12, 1998, Fri Jun 12 1998, 12 Jun 1998, 05-Jan-2024 and 5-Jan-24. Two-digit years follow
 * Excel (00–29 → 2000s).
 */
export function parseDateCell(s: string, dayFirst = false): number {
  const t = trimCell(s);
  if (t.length < 6 || t.length > 40) return NaN;
  let m = ISO_RE.exec(t);
  if (m) {
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const base = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms);
    const z = m[8];
    if (!z || z.toUpperCase() === 'Z') return base;
    const digits = z.replace(':', '');
    const offMin = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === '-' ? -1 : 1);
    return base - offMin * 60_000;
  }
  m = US_RE.exec(t);
  if (m) return utc(fullYear(m[4]), dayFirst ? +m[3] : +m[1], dayFirst ? +m[1] : +m[3], m[5] ? hour24(+m[5], m[8]) : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0);
  m = DOT_RE.exec(t);
  if (m) return utc(+m[3], +m[2], +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  m = DASH_DMY_RE.exec(t);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    return mo ? utc(fullYear(m[3]), mo, +m[1]) : NaN;
  }
  m = NAMED_RE.exec(t);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    return mo ? utc(+m[3], mo, +m[2]) : NaN;
  }
  m = NAMED_DMY_RE.exec(t);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    return mo ? utc(+m[3], mo, +m[1]) : NaN;
  }
  return NaN;
}

const NUMERIC_DATE = /^\s*(\d{1,2})[/-](\d{1,2})[/-](?:\d{4}|\d{2})(?:\s|$)/;
/** Cells looked at per text column to tell the order of numeric dates. */
const DATE_ORDER_SAMPLE = 20_000;

/**
 * Whether a table writes numeric dates day first (31/12/2020, as in Europe, India, Australia): some such date has a
 * first number above 12 and none has a second one above 12. A property of the file, like its decimal comma, decided
 * once from all its text columns so that every column and a test file read alike.
 */
export function dayFirstDates(text: readonly (readonly string[] | null)[]): boolean {
  let dayFirst = false;
  for (const col of text) {
    if (!col) continue;
    for (let r = 0; r < col.length && r < DATE_ORDER_SAMPLE; r++) {
      const c = col[r].charCodeAt(0);
      if (!(c >= 48 && c <= 57) && c !== 32) continue;
      const m = NUMERIC_DATE.exec(col[r]);
      if (!m) continue;
      if (+m[2] > 12) return false;
      if (+m[1] > 12) dayFirst = true;
    }
  }
  return dayFirst;
}

const TRUE_TOKENS = ['true', 'yes', 'y', 't', '1'];
const FALSE_TOKENS = ['false', 'no', 'n', 'f', '0'];

/** true / false for a boolean-like key (lower-cased, numbers as String(n)), else null. */
export function boolToken(key: string): boolean | null {
  const k = key.trim().toLowerCase();
  if (TRUE_TOKENS.includes(k)) return true;
  if (FALSE_TOKENS.includes(k)) return false;
  return null;
}

/** Whether two keys are the two sides of one pair (yes/no, t/f, …), so a column of them is a boolean. */
export function isBooleanPair(a: string, b: string): boolean {
  const i = TRUE_TOKENS.indexOf(a.trim().toLowerCase());
  const j = FALSE_TOKENS.indexOf(b.trim().toLowerCase());
  if (i >= 0 && i === j) return true;
  const i2 = TRUE_TOKENS.indexOf(b.trim().toLowerCase());
  const j2 = FALSE_TOKENS.indexOf(a.trim().toLowerCase());
  return i2 >= 0 && i2 === j2;
}

const DAY_MS = 86_400_000;

/** One date part in UTC. weekday follows pandas (0 = Monday … 6 = Sunday) so the exported script agrees. */
export function datePart(ms: number, part: DatePart): number {
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'dayOfYear':
      return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
    case 'weekday':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
  }
}

/** The angle of a cyclic part (month 1–12, dayOfYear 1–366, weekday 0–6, hour 0–23); null for year, which never wraps. */
export function cyclicAngle(part: DatePart, value: number): number | null {
  switch (part) {
    case 'year':
      return null;
    case 'month':
      return (2 * Math.PI * (value - 1)) / 12;
    case 'dayOfYear':
      return (2 * Math.PI * (value - 1)) / 366;
    case 'weekday':
      return (2 * Math.PI * value) / 7;
    case 'hour':
      return (2 * Math.PI * value) / 24;
  }
}

/** Whether an epoch-ms time is not midnight UTC (then 'hour' is worth offering as a part). */
export const hasTimeOfDay = (ms: number): boolean => ((ms % DAY_MS) + DAY_MS) % DAY_MS !== 0;

/** The 1-based file line of a data row (rowLines when the parser kept them), for messages. */
export function lineOf(rowLines: Uint32Array | undefined, row: number): number {
  return rowLines && row < rowLines.length ? rowLines[row] : row + 1;
}

/** "lines 12, 40 (and 3 more)" / "row 7": how a message names rows. */
export function describeLines(lines: readonly number[], total: number, hasLines: boolean, shown = 3): string {
  const word = hasLines ? 'line' : 'row';
  const head = lines.slice(0, shown).join(', ');
  const more = total > Math.min(shown, lines.length) ? ` (and ${(total - Math.min(shown, lines.length)).toLocaleString('en-US')} more)` : '';
  return `${total === 1 ? word : word + 's'} ${head}${more}`;
}

/** Shortens a cell for a message so a huge field cannot flood the UI. */
export function quoteCell(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

/** A parsed table plus the optional read settings CSV parser adds (',' and '.' when absent). */
export type SourceTable = CsvTable & { delimiter?: string; decimal?: '.' | ',' };
