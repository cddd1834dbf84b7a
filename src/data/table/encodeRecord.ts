import { TensorscopeError } from '../../core/errors';
import type { FittedTable } from '../../core/tableTypes';
import { BAD, REJECTED, codecsFor, encodeCell, newCell, readCell, readContextFor, type Codec, type RawValue, type ReadContext } from './codec';

/** The prediction form and API: one raw record in, the same features applyRecipe made for a file row. */

export interface FormField {
  name: string;
  kind: 'number' | 'category' | 'boolean' | 'date';
  /** Category levels seen in training, most frequent first. */
  levels?: string[];
  /** Only a column whose rows were dropped when missing ('drop') needs a value; others are filled. */
  required: boolean;
}

export function formFields(fitted: FittedTable): FormField[] {
  return fitted.columns.map((fc) => {
    const required = fc.fill === null;
    if (fc.kind === 'onehot') return { name: fc.name, kind: 'category', levels: [...fc.levels], required };
    if (fc.kind === 'numeric') return { name: fc.name, kind: 'number', required };
    return { name: fc.name, kind: fc.kind, required };
  });
}

export type RawRecord = Record<string, RawValue>;

/** Codecs per fitted table, so an API encoding many records builds the level maps once. */
const prepared = new WeakMap<FittedTable, { codecs: Codec[]; ctx: ReadContext }>();

export function encodeRecord(fitted: FittedTable, raw: RawRecord): Float32Array {
  let p = prepared.get(fitted);
  if (!p) prepared.set(fitted, (p = { codecs: codecsFor(fitted), ctx: readContextFor(fitted) }));
  const { codecs, ctx } = p;
  const out = new Float32Array(codecs.reduce((s, c) => s + c.width, 0));
  const cell = newCell();
  let at = 0;
  for (const codec of codecs) {
    const name = codec.fc.name;
    const v = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined;
    readCell(codec.kind, v, ctx, cell);
    // A person's typed value is checked strictly; a file's odd date cell is treated as missing instead.
    if (cell.state === BAD) {
      const want = codec.kind === 'date' ? 'a date (e.g. 2020-01-31)' : codec.kind === 'number' ? 'a number' : 'a value';
      throw new TensorscopeError('dataset-format', `“${name}” must be ${want}; got ${JSON.stringify(String(v))}.`);
    }
    if (encodeCell(codec, cell, out, at) === REJECTED) {
      throw new TensorscopeError('dataset-format', `“${name}” is required: rows missing it were dropped in training, so it has no fill value.`);
    }
    at += codec.width;
  }
  return out;
}
