import type { ColumnRecipe, FittedColumn } from '../../core/tableTypes';
import { boolToken, parseDateCell, parseNumberCell } from './cells';
import { VALUE, boolOf, isAbsent, newCell, readCell, readKindOf, type Cell, type RawValue, type ReadContext } from './codec';

/**
 * Learns one column's fill value, levels or true value from the TRAINING rows only (the caller passes only
 * split.train), so nothing about validation or test rows leaks into the features.
 */

const byCountThenKey = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function median(values: Float64Array): number {
  const s = values.slice().sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; // pandas' median: the mean of the two middle values
}

function modeOf(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = NaN;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
  return best;
}

function numericFill(rc: ColumnRecipe, values: Float64Array, parse: (s: string) => number, warnings: string[]): number | null {
  if (rc.missing === 'drop') return null;
  if (rc.missing === 'constant') {
    const v = parse(rc.fill);
    return Number.isFinite(v) ? v : 0;
  }
  if (values.length === 0) {
    warnings.push(`“${rc.name}” has no values in the training rows; its missing cells are filled with ${rc.type === 'datetime' ? '1970-01-01' : '0'}.`);
    return 0;
  }
  if (rc.missing === 'mean') {
    let sum = 0;
    for (const v of values) sum += v;
    return sum / values.length;
  }
  if (rc.missing === 'median') return median(values);
  return modeOf(values);
}

export function fitColumn(
  rc: ColumnRecipe,
  trainCells: (visit: (v: RawValue) => void) => void,
  trainCount: number,
  ctx: ReadContext,
  maxLevels: number,
  warnings: string[],
): FittedColumn {
  const kind = readKindOf(rc.type);
  const cell: Cell = newCell();
  if (kind === 'number' || kind === 'date') {
    const all = new Float64Array(trainCount);
    let n = 0;
    trainCells((v) => {
      readCell(kind, v, ctx, cell);
      if (cell.state === VALUE) all[n++] = cell.num;
    });
    const values = all.subarray(0, n);
    if (kind === 'number') {
      const fill = numericFill(rc, values, (s) => parseNumberCell(s, '.'), warnings);
      return { kind: 'numeric', name: rc.name, fill, indicator: rc.indicator };
    }
    const fill = numericFill(rc, values, (s) => parseDateCell(s, ctx.dayFirst), warnings);
    return { kind: 'date', name: rc.name, parts: [...rc.dateParts], cyclic: rc.cyclic, fill, indicator: rc.indicator };
  }
  const counts = new Map<string, number>();
  let jsTrue = 0;
  let jsFalse = 0;
  trainCells((v) => {
    readCell(kind, v, ctx, cell);
    if (isAbsent(kind, cell)) return;
    if (cell.bool >= 0 && kind === 'boolean') {
      if (cell.bool) jsTrue++;
      else jsFalse++;
      return;
    }
    counts.set(cell.key, (counts.get(cell.key) ?? 0) + 1);
  });
  const ranked = [...counts].sort(byCountThenKey);
  if (kind === 'boolean') return fitBoolean(rc, ranked, jsTrue, jsFalse, warnings);
  const levels = ranked.slice(0, Math.max(1, maxLevels)).map((e) => e[0]);
  const other = ranked.length > levels.length;
  if (other) {
    warnings.push(
      `“${rc.name}” has ${ranked.length.toLocaleString('en-US')} levels: the ${levels.length} most frequent are kept and ${(ranked.length - levels.length).toLocaleString('en-US')} rarer ones are folded into “${rc.name}=(other)”.`,
    );
  }
  let fill: string | null = null;
  if (rc.missing === 'constant') fill = readCell(kind, rc.fill, ctx, cell).state === VALUE ? cell.key : rc.fill.trim();
  else if (rc.missing !== 'drop') fill = levels[0] ?? ''; // mode ('' encodes as all zeros when no level was seen)
  return { kind: 'onehot', name: rc.name, levels, other, fill, indicator: rc.indicator };
}

function fitBoolean(rc: ColumnRecipe, ranked: [string, number][], jsTrue: number, jsFalse: number, warnings: string[]): FittedColumn {
  // The true value: a true-like token (yes, t, 1, …) if one is present, else the alphabetically last of the two
  // most frequent values, so a forced boolean on any two-valued column is still deterministic.
  const trueLike = ranked.find((e) => boolToken(e[0]) === true);
  const topTwo = ranked.slice(0, 2).map((e) => e[0]).sort();
  const trueValue = trueLike ? trueLike[0] : (topTwo[topTwo.length - 1] ?? 'true');
  if (ranked.length > 2) warnings.push(`“${rc.name}” has ${ranked.length} different values; only “${trueValue}” counts as true.`);
  let ones = jsTrue;
  let zeros = jsFalse;
  for (const [k, c] of ranked) {
    if (k === trueValue) ones += c;
    else zeros += c;
  }
  let fill: number | null = null;
  if (rc.missing === 'constant') fill = boolOf(rc.fill.trim().toLowerCase(), trueValue);
  else if (rc.missing !== 'drop') fill = ones > zeros ? 1 : 0;
  return { kind: 'boolean', name: rc.name, trueValue, fill, indicator: rc.indicator };
}
