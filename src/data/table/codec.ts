import type { ColumnType, FittedColumn, FittedTable } from '../../core/tableTypes';
import { FLOAT32_MAX, boolToken, cyclicAngle, datePart, isMissingCell, missingSet, parseDateCell, parseNumberCell, parsePlainNumberCell, trimCell, type MissingSet } from './cells';

/**
 * The ONE per-cell encoder: applyRecipe (every row of the file) and encodeRecord (a prediction form, an API call)
 * both go through readCell + encodeCell, so a value typed into the form becomes exactly the features training saw.
 */

export type RawValue = string | number | boolean | null | undefined;

/** How a column's cells are read. */
export type ReadKind = 'number' | 'category' | 'integer-category' | 'boolean' | 'date';

export const readKindOf = (t: ColumnType): ReadKind =>
  t === 'numeric' ? 'number' : t === 'integer-categorical' ? 'integer-category' : t === 'boolean' ? 'boolean' : t === 'datetime' ? 'date' : 'category';

export interface ReadContext {
  missing: MissingSet;
  decimal: '.' | ',';
  /** Numeric dates are day first (31/12/2020): the file's, like its decimal comma. */
  dayFirst?: boolean;
}

export const MISSING = 0;
export const VALUE = 1;
/** Text in a number column, a number too large for float32, or a cell that is not a date in a date column. */
export const BAD = 2;

/** Scratch space for one read cell (reused across cells: no allocation per cell on 500k-row files). */
export interface Cell {
  state: number;
  num: number;
  key: string;
  /** A JS boolean given directly (a form's checkbox): -1 when none. */
  bool: number;
}

export const newCell = (): Cell => ({ state: MISSING, num: NaN, key: '', bool: -1 });

/**
 * Normalises a category key: number-like text compares as the number ("4.0" and "4" are level "4"), because
 * the parser keeps no text for all-number columns, so a file's cell and a typed value must meet on the number.
 * Booleans also ignore case.
 */
function keyOf(kind: ReadKind, s: string, decimal: '.' | ','): string {
  // Plain numbers only: a category level "10%" keeps its text.
  const n = parsePlainNumberCell(s, decimal);
  if (!Number.isNaN(n)) return String(n);
  return kind === 'boolean' ? trimCell(s).toLowerCase() : trimCell(s);
}

export function readCell(kind: ReadKind, v: RawValue, ctx: ReadContext, out: Cell): Cell {
  out.bool = -1;
  out.num = NaN;
  out.key = '';
  if (v === null || v === undefined) {
    out.state = MISSING;
    return out;
  }
  if (typeof v === 'boolean') {
    out.state = kind === 'date' ? BAD : VALUE;
    out.bool = v ? 1 : 0;
    out.num = v ? 1 : 0;
    out.key = v ? 'true' : 'false';
    return out;
  }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) out.state = MISSING;
    else if (kind === 'date') out.state = BAD; // a plain number is never a date
    else if (kind === 'number' && !(Math.abs(v) <= FLOAT32_MAX)) out.state = BAD;
    else {
      out.state = VALUE;
      out.num = v;
      // Only categories need the text (a float's shortest text is costly, and this runs per cell).
      if (kind !== 'number') out.key = String(v);
    }
    return out;
  }
  if (isMissingCell(v, ctx.missing)) {
    out.state = MISSING;
    return out;
  }
  if (kind === 'number') {
    const n = parseNumberCell(v, ctx.decimal);
    out.state = Math.abs(n) <= FLOAT32_MAX ? VALUE : BAD;
    out.num = n;
  } else if (kind === 'date') {
    const ms = parseDateCell(v, ctx.dayFirst);
    out.state = Number.isNaN(ms) ? BAD : VALUE;
    out.num = ms;
  } else {
    out.state = VALUE;
    out.key = keyOf(kind, v, ctx.decimal);
  }
  return out;
}

/** Missing for the fit and the 'drop' policy: an empty/token cell, or a cell that is not a date in a date column. */
export const isAbsent = (kind: ReadKind, c: Cell): boolean => c.state === MISSING || (kind === 'date' && c.state === BAD);

/** A fitted column ready to encode: its read kind, width and a level index. */
export interface Codec {
  fc: FittedColumn;
  kind: ReadKind;
  width: number;
  levelIndex: Map<string, number> | null;
}

export function makeCodec(fc: FittedColumn, type: ColumnType): Codec {
  const kind = readKindOf(type);
  const ind = fc.indicator ? 1 : 0;
  if (fc.kind === 'onehot') {
    const levelIndex = new Map(fc.levels.map((l, i) => [l, i] as [string, number]));
    return { fc, kind, width: fc.levels.length + (fc.other ? 1 : 0) + ind, levelIndex };
  }
  if (fc.kind === 'date') {
    const w = fc.parts.reduce((s, p) => s + (fc.cyclic && p !== 'year' ? 2 : 1), 0);
    return { fc, kind, width: w + ind, levelIndex: null };
  }
  return { fc, kind, width: 1 + ind, levelIndex: null };
}

export function codecsFor(fitted: FittedTable): Codec[] {
  const types = new Map(fitted.recipe.columns.map((c) => [c.name, c.type] as [string, ColumnType]));
  return fitted.columns.map((fc) => makeCodec(fc, types.get(fc.name) ?? 'numeric'));
}

export const readContextFor = (fitted: FittedTable): ReadContext => ({ missing: missingSet(fitted.missingTokens), decimal: fitted.source.decimal, dayFirst: fitted.source.dayFirst === true });

export function featureNamesOf(fc: FittedColumn): string[] {
  const names: string[] = [];
  if (fc.kind === 'onehot') {
    for (const l of fc.levels) names.push(`${fc.name}=${l}`);
    if (fc.other) names.push(`${fc.name}=(other)`);
  } else if (fc.kind === 'date') {
    for (const p of fc.parts) {
      if (fc.cyclic && p !== 'year') names.push(`${fc.name}:${p}_sin`, `${fc.name}:${p}_cos`);
      else names.push(`${fc.name}:${p}`);
    }
  } else names.push(fc.name);
  if (fc.indicator) names.push(`${fc.name} (missing)`);
  return names;
}

export const OK = 0;
export const FILLED = 1;
/** Nothing written: the cell is unusable (BAD in a number column) or missing in a 'drop' column. */
export const REJECTED = 2;

/** Encodes one read cell into out[at … at + width), which must hold zeros (callers write into fresh arrays); returns OK, FILLED or REJECTED. */
export function encodeCell(codec: Codec, cell: Cell, out: Float32Array, at: number): number {
  const { fc, kind } = codec;
  if (cell.state === BAD && kind !== 'date') return REJECTED;
  const absent = isAbsent(kind, cell);
  if (absent && fc.fill === null) return REJECTED;
  if (fc.kind === 'numeric') {
    out[at] = absent ? (fc.fill as number) : cell.num;
  } else if (fc.kind === 'boolean') {
    if (absent) out[at] = fc.fill as number;
    else out[at] = cell.bool >= 0 ? cell.bool : cell.key === fc.trueValue ? 1 : 0;
  } else if (fc.kind === 'onehot') {
    const key = absent ? (fc.fill as string) : cell.key;
    const i = codec.levelIndex!.get(key) ?? (fc.other ? fc.levels.length : -1);
    if (i >= 0) out[at + i] = 1;
  } else {
    const ms = absent ? (fc.fill as number) : cell.num;
    let k = at;
    for (const p of fc.parts) {
      const v = datePart(ms, p);
      const a = fc.cyclic ? cyclicAngle(p, v) : null;
      if (a === null) out[k++] = v;
      else {
        out[k++] = Math.sin(a);
        out[k++] = Math.cos(a);
      }
    }
  }
  if (fc.indicator) out[at + codec.width - 1] = absent ? 1 : 0;
  return absent ? FILLED : OK;
}

/** The boolean a raw key stands for, given the column's true value (for the fit's constant fill). */
export const boolOf = (key: string, trueValue: string): number => (key === trueValue || boolToken(key) === true ? 1 : 0);
