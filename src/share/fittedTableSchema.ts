import * as v from 'valibot';
import { DATE_PARTS } from '../core/tableTypes';
import type { FittedTable } from '../core/tableTypes';
import { TableRecipeSchema } from '../models/schema';

/**
 * A fitted table as a demo link carries it (fill values, levels, feature names), checked field by field: it comes
 * from a URL, so it is data to validate, never code. Sizes are capped so a hostile link cannot make huge forms.
 */
const name = v.pipe(v.string(), v.maxLength(200));
const flag = v.boolean();
const fillNumber = v.nullable(v.pipe(v.number(), v.finite()));

const FittedColumnSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('numeric'), name, fill: fillNumber, indicator: flag }),
  v.strictObject({ kind: v.literal('onehot'), name, levels: v.pipe(v.array(name), v.maxLength(1000)), other: flag, fill: v.nullable(name), indicator: flag }),
  v.strictObject({ kind: v.literal('boolean'), name, trueValue: name, fill: fillNumber, indicator: flag }),
  v.strictObject({ kind: v.literal('date'), name, parts: v.pipe(v.array(v.picklist(DATE_PARTS)), v.maxLength(DATE_PARTS.length)), cyclic: flag, fill: fillNumber, indicator: flag }),
]);

const split = v.strictObject({ testFraction: v.number(), validationFraction: v.number(), seed: v.number() });

export const FittedTableSchema = v.strictObject({
  recipe: TableRecipeSchema,
  columns: v.pipe(v.array(FittedColumnSchema), v.maxLength(2000)),
  featureNames: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(100_000)),
  label: v.strictObject({ name, task: v.picklist(['classification', 'regression']), classNames: v.pipe(v.array(name), v.maxLength(256)) }),
  missingTokens: v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.maxLength(50)),
  fittedOn: v.optional(split),
  source: v.strictObject({ fileName: name, delimiter: v.picklist([',', ';', '\t', '|', ' ', 'json', 'xlsx', 'arff', 'parquet']), decimal: v.picklist(['.', ',']), testFileName: v.optional(name), encoding: v.optional(v.picklist(['utf-16le', 'utf-16be', 'windows-1252'])), header: v.optional(v.literal(false)), skipLines: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))), rowNames: v.optional(v.literal(true)), sheet: v.optional(name), dayFirst: v.optional(v.literal(true)) }),
});

/** The fitted table, or null with nothing thrown when the value is not one. */
export function readFittedTable(x: unknown): FittedTable | null {
  const r = v.safeParse(FittedTableSchema, x);
  return r.success ? (r.output as FittedTable) : null;
}
