// A fitted table for the embed's unit tests, made by the real table pipeline (profile → default recipe → fit).
import type { FittedTable } from '../core/tableTypes';
import { applyRecipe } from '../data/table/apply';
import { profileTable } from '../data/table/profile';
import { defaultRecipe } from '../data/table/recipe';
import { tableFromRecords } from '../data/table/testTables';

/** size (number, some missing), colour (category) → kind (3 classes). */
export function digitsTable(): FittedTable {
  const rows = Array.from({ length: 60 }, (_, i) => ({ size: i % 7 === 0 ? null : (i % 10) * 0.7, colour: ['red', 'green', 'blue'][i % 3], kind: ['a', 'b', 'c'][(i * 7) % 3] }));
  const t = tableFromRecords(rows);
  const recipe = defaultRecipe(profileTable(t), { label: 'kind', task: 'classification' });
  return applyRecipe(t, null, recipe, { testFraction: 0.2, validationFraction: 0, seed: 1 }).fitted;
}
