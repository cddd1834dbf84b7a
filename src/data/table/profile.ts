import { DATE_PARTS, DEFAULT_MISSING_TOKENS, type ColumnProfile, type ColumnType, type TableProfile } from '../../core/tableTypes';
import { datePart, describeLines, hasTimeOfDay, isBooleanPair, isMissingCell, lineOf, missingSet, parseDateCell, quoteCell, trimCell, type MissingSet, type SourceTable } from './cells';

/**
 * The inference report shown before anything is committed: one pass per column (hash counts, no sorting of
 * rows), so a 500k-row file profiles in about a second.
 */

/** Extra facts the recipe defaults need; optional so a profile from elsewhere (or older) still works. */
export interface ProfileExtras {
  /** Every non-missing value is a whole number. */
  integer: boolean;
  /** A date column with times other than midnight (then 'hour' is a default part). */
  hasTime: boolean;
}

export function profileExtras(c: ColumnProfile): ProfileExtras {
  const x = c as ColumnProfile & Partial<ProfileExtras>;
  const integerTop = c.min !== null && c.top.length > 0 && c.top.every((t) => Number.isInteger(Number(t.value)));
  return { integer: x.integer ?? (c.inferred === 'integer-categorical' || integerTop), hasTime: x.hasTime ?? false };
}

const BINS = 12;
const TOP = 5;
/** At most this many distinct integers make a column integer-categorical (Cylinders yes, Year 1970–1982 no). */
export const MAX_INTEGER_LEVELS = 10;
const ID_NAME = /^(id|index|idx|key|row|rowid|row_id|unnamed:? ?\d*)$|[_\s.-](id|index|idx)$/i;
/** camelCase ids (PassengerId, userID); case-sensitive so "valid" or "humid" are not ids. */
const CAMEL_ID = /[a-z0-9](Id|ID)$/;

const beats = <K>(ak: K, an: number, bk: K, bn: number): boolean => an > bn || (an === bn && ak < bk);

/** Offers one (key, count) to a running top-k list (most frequent first, ties by key): O(k), no sorting of everything. */
function pushTop<K>(best: [K, number][], key: K, n: number, k: number): void {
  if (best.length === k && !beats(key, n, best[k - 1][0], best[k - 1][1])) return;
  let i = best.length < k ? best.length : k - 1;
  best[i] = [key, n];
  while (i > 0 && beats(best[i][0], best[i][1], best[i - 1][0], best[i - 1][1])) {
    [best[i], best[i - 1]] = [best[i - 1], best[i]];
    i--;
  }
}

function histogram(entries: Iterable<[number, number]>, min: number, max: number): number[] {
  const h = new Array<number>(BINS).fill(0);
  const span = max - min;
  for (const [v, c] of entries) h[span > 0 ? Math.min(BINS - 1, Math.floor(((v - min) / span) * BINS)) : 0] += c;
  return h;
}

function numberHistogram(num: Float64Array, min: number, max: number): number[] {
  const h = new Array<number>(BINS).fill(0);
  const scale = max > min ? BINS / (max - min) : 0;
  for (let r = 0; r < num.length; r++) {
    const v = num[r];
    if (!Number.isNaN(v)) h[Math.min(BINS - 1, Math.floor((v - min) * scale))]++;
  }
  return h;
}

interface Scan {
  missing: number;
  numericCells: number;
  integer: boolean;
  min: number;
  max: number;
  /**
   * Distinct keys (trimmed text, or the number itself for all-numeric columns): a Set while every key is
   * unique (count 1 each), else a Map of counts; empty when the column was counted by sorting.
   */
  counts: Set<string | number> | Map<string | number, number>;
  distinct: number;
  top: [string | number, number][];
  badRows: number[];
  badCount: number;
  badExamples: string[];
}

function scanColumn(t: SourceTable, c: number, m: MissingSet): Scan {
  const num = t.numeric[c];
  const text = t.text[c];
  const s: Scan = { missing: 0, numericCells: 0, integer: true, min: Infinity, max: -Infinity, counts: new Set(), distinct: 0, top: [], badRows: [], badCount: 0, badExamples: [] };
  // While every key is new (identifiers) a Set costs one hash operation per cell instead of a Map's two.
  let unique: Set<string | number> | null = new Set();
  let counts = new Map<string | number, number>();
  // All-number columns with many distinct values (measurements) are counted by sorting instead: a Map with
  // 500k float keys is several times slower than a typed-array sort.
  let overflow = false;
  for (let r = 0; r < t.rowCount; r++) {
    const v = num[r];
    let key: string | number;
    if (text) {
      const cell = text[r] ?? '';
      if (isMissingCell(cell, m)) {
        s.missing++;
        continue;
      }
      key = trimCell(cell);
      if (Number.isNaN(v)) {
        s.badCount++;
        if (s.badRows.length < 5) s.badRows.push(lineOf(t.rowLines, r));
        if (s.badExamples.length < 3 && !s.badExamples.includes(key)) s.badExamples.push(key);
      }
    } else if (Number.isNaN(v)) {
      s.missing++;
      continue;
    } else key = v;
    if (!Number.isNaN(v)) {
      s.numericCells++;
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      if (s.integer && !Number.isInteger(v)) s.integer = false;
    }
    if (overflow) continue;
    if (unique) {
      const before = unique.size;
      unique.add(key);
      if (unique.size > before) {
        if (!text && unique.size > NUMBER_MAP_LIMIT) overflow = true;
        continue;
      }
      counts = new Map(Array.from(unique, (k) => [k, 1] as [string | number, number]));
      unique = null;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!text && counts.size > NUMBER_MAP_LIMIT) overflow = true;
  }
  if (overflow) countSorted(num, t.rowCount - s.missing, s);
  else {
    s.counts = unique ?? counts;
    s.distinct = s.counts.size;
    forEachCount(s.counts, (key, n) => pushTop(s.top, key, n, TOP));
  }
  return s;
}

/** Visits (key, count) without allocating a pair per key (a 500k-key Set or Map is common). */
function forEachCount(counts: Scan['counts'], visit: (key: string | number, n: number) => void | boolean): void {
  if (counts instanceof Set) {
    for (const k of counts) if (visit(k, 1) === false) return;
  } else for (const [k, n] of counts) if (visit(k, n) === false) return;
}

const NUMBER_MAP_LIMIT = 4096;

/** Distinct count and top values of an all-number column from one typed-array sort. */
function countSorted(num: Float64Array, nonMissing: number, s: Scan): void {
  const v = new Float64Array(nonMissing);
  let k = 0;
  for (let r = 0; r < num.length; r++) if (!Number.isNaN(num[r])) v[k++] = num[r];
  v.sort();
  s.distinct = 0;
  s.top = [];
  for (let i = 0; i < k; ) {
    let j = i + 1;
    while (j < k && v[j] === v[i]) j++;
    s.distinct++;
    pushTop(s.top, v[i], j - i, TOP);
    i = j;
  }
}

function ignored(p: ColumnProfile, reason: string): ColumnProfile {
  return { ...p, defaultRole: 'ignore', reason };
}

export function profileColumn(t: SourceTable, c: number, m: MissingSet): ColumnProfile {
  const s = scanColumn(t, c, m);
  const nm = t.rowCount - s.missing;
  const distinct = s.distinct;
  const top = s.top.map(([v, count]) => ({ value: String(v), count }));
  const base: ColumnProfile & ProfileExtras = {
    name: t.header[c],
    inferred: 'numeric',
    missing: s.missing,
    distinct,
    min: null,
    max: null,
    top,
    histogram: top.map((e) => e.count),
    mixed: null,
    defaultRole: 'feature',
    reason: null,
    integer: s.numericCells > 0 && s.integer,
    hasTime: false,
  };
  if (nm === 0) return ignored({ ...base, inferred: t.text[c] ? 'text-categorical' : 'numeric' }, 'every cell is missing');
  const keys = s.top.slice(0, 2).map((e) => String(e[0]));
  let inferred: ColumnType;
  if (s.badCount === 0) {
    // Every non-missing cell is a number.
    base.min = s.min;
    base.max = s.max;
    base.histogram = numberHistogram(t.numeric[c], s.min, s.max);
    const allDistinct = distinct === nm && nm >= 20;
    if (distinct === 2 && isBooleanPair(String(Number(keys[0])), String(Number(keys[1])))) inferred = 'boolean';
    else if (s.integer && allDistinct && (ID_NAME.test(base.name.trim()) || CAMEL_ID.test(base.name.trim()) || ((s.min === 0 || s.min === 1) && s.max - s.min + 1 === nm))) {
      return ignored({ ...base, inferred: 'identifier' }, 'every value is different (an identifier)');
    } else inferred = s.integer && distinct <= MAX_INTEGER_LEVELS ? 'integer-categorical' : 'numeric';
  } else if (s.numericCells >= 0.9 * nm) {
    const mixed = { count: s.badCount, rows: s.badRows, examples: s.badExamples };
    const where = describeLines(s.badRows, s.badCount, !!t.rowLines);
    return ignored(
      { ...base, inferred: 'numeric', min: s.min, max: s.max, mixed },
      `mostly numbers, but ${where} ${s.badCount === 1 ? 'holds' : 'hold'} text (${s.badExamples.map(quoteCell).join(', ')}): add it to the missing-value list, make the column categorical, or leave it out`,
    );
  } else if (distinct === 2 && isBooleanPair(keys[0], keys[1])) inferred = 'boolean';
  else if (isDateColumn(s.counts, nm, base, t.dayFirst === true)) inferred = 'datetime';
  else if (isProse(s.counts) || (distinct > 0.5 * nm && distinct > 50 && distinct < nm)) {
    return ignored({ ...base, inferred: 'free-text' }, 'many different texts (free text): not usable as categories');
  } else if (distinct === nm && nm >= 10) return ignored({ ...base, inferred: 'identifier' }, 'every value is different (an identifier)');
  else inferred = 'text-categorical';
  if (distinct === 1) return ignored({ ...base, inferred }, 'one value only');
  return { ...base, inferred };
}

/** ≥ 90 % of non-missing cells are dates; parses each distinct value once, and gives up early on plain text. */
function isDateColumn(counts: Scan['counts'], nm: number, out: ColumnProfile & ProfileExtras, dayFirst: boolean): boolean {
  let tried = 0;
  let parsed = 0;
  let dated = 0;
  let min = Infinity;
  let max = -Infinity;
  let hasTime = false;
  const entries: [number, number][] = [];
  let gaveUp = false;
  forEachCount(counts, (k, n) => {
    const ms = typeof k === 'string' ? parseDateCell(k, dayFirst) : NaN;
    tried++;
    if (!Number.isNaN(ms)) {
      parsed++;
      dated += n;
      entries.push([ms, n]);
      if (ms < min) min = ms;
      if (ms > max) max = ms;
      if (!hasTime && hasTimeOfDay(ms)) hasTime = true;
    }
    if (tried === 64 && parsed < 32) {
      gaveUp = true;
      return false;
    }
    return true;
  });
  if (gaveUp) return false;
  if (dated < 0.9 * nm) return false;
  out.min = min;
  out.max = max;
  out.histogram = histogram(entries, min, max);
  out.hasTime = hasTime;
  // Parts that never change (a "Year" column holding 1 January of each year) would only add constant features.
  out.varyingParts = DATE_PARTS.filter((part) => {
    const first = entries.length ? datePart(entries[0][0], part) : 0;
    return entries.some(([ms]) => datePart(ms, part) !== first);
  });
  return true;
}

/** Sentences rather than labels: long on average, mostly with spaces (a UUID is long but has none: an identifier). */
function isProse(counts: Scan['counts']): boolean {
  let len = 0;
  let spaced = 0;
  forEachCount(counts, (k) => {
    const str = String(k);
    len += str.length;
    if (str.includes(' ')) spaced++;
  });
  return counts.size > 0 && len / counts.size >= 30 && spaced > 0.5 * counts.size;
}

export function profileTable(t: SourceTable, missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS): TableProfile {
  const m = missingSet(missingTokens);
  return {
    fileName: t.fileName,
    rows: t.rowCount,
    delimiter: t.delimiter ?? ',',
    decimal: t.decimal ?? '.',
    ...(t.hasHeader === false ? { hasHeader: false as const } : {}),
    ...(t.dayFirst ? { dayFirst: true as const } : {}),
    ...(t.sheets ? { sheets: t.sheets, sheet: t.sheet } : {}),
    columns: t.header.map((_, c) => profileColumn(t, c, m)),
  };
}
