import { isBusy } from './runLifecycle';
import { describeError } from '../core/errors';
import type { TableRecipe } from '../core/tableTypes';
import type { LoaderClient } from '../data/loader/client';
import type { DataSource, LoadOutcome } from '../data/loader/types';
import { splitConfigOf } from '../models/spec';
import type { StudioState, TablePrep } from './types';

type SetState = (fn: (s: StudioState) => Partial<StudioState>) => void;
type Get = () => StudioState;
type TableSource = TablePrep['source'];

export interface TableControllerDeps {
  loader(): LoaderClient | null;
  /** Makes a load's result the dataset in use (the store's one way to do it). */
  commit(r: LoadOutcome, source: DataSource): void;
  nextSeq(): number;
  isCurrent(seq: number): boolean;
}

/** The source without a recipe: what the prepared table is read from. */
export function withoutRecipe(source: TableSource): TableSource {
  const { table: _t, ...options } = source.options;
  return { ...source, options };
}

const sameSplit = (a: { testFraction: number; validationFraction: number; seed: number } | undefined, b: { testFraction: number; validationFraction: number; seed: number }) =>
  !!a && a.testFraction === b.testFraction && a.validationFraction === b.validationFraction && a.seed === b.seed;

/**
 * The table being prepared: each change of recipe goes to the loader (which keeps the parsed file), and the answer
 * replaces the report and the waiting dataset; only "Use this table" commits it. A split change refits the table in
 * use, since its fill values and levels are learned from the training split alone.
 */
export function createTableController(get: Get, set: SetState, deps: TableControllerDeps) {
  const patchPrep = (patch: Partial<TablePrep>) => set((s) => (s.dataset.table ? { dataset: { ...s.dataset, table: { ...s.dataset.table, ...patch } } } : {}));

  const run = async (recipe: TableRecipe, commit: boolean) => {
    const prep = get().dataset.table;
    const loader = deps.loader();
    if (!prep || !loader) return;
    const source: TableSource = { ...prep.source, options: { ...prep.source.options, table: { recipe, split: splitConfigOf(get().spec) } } };
    const seq = deps.nextSeq();
    // The choice shows at once, so a second quick change builds on it rather than on the answer still to come.
    patchPrep({ busy: true, stage: { ...prep.stage, recipe } });
    try {
      const r = await loader.load(source, () => {});
      if (!deps.isCurrent(seq) || !r.table) return;
      if (commit && r.dataset) {
        deps.commit(r, source);
        patchPrep({ stage: r.table, pending: null, applied: r.table.recipe, busy: false, note: null });
      } else {
        patchPrep({ stage: r.table, pending: r, busy: false });
      }
    } catch (err) {
      if (!deps.isCurrent(seq)) return;
      patchPrep({ busy: false, stage: { ...prep.stage, error: describeError(err) } });
    }
  };

  const api = {
    setRecipe: (recipe: TableRecipe) => run(recipe, false),

    use() {
      const prep = get().dataset.table;
      if (!prep?.pending?.dataset) return;
      const busy = get().run.status;
      if (isBusy(busy)) {
        set((s) => ({ dataset: { ...s.dataset, error: 'Stop the current run before using another table.' } }));
        return;
      }
      const source: TableSource = { ...prep.source, options: { ...prep.source.options, table: { recipe: prep.stage.recipe, split: splitConfigOf(get().spec) } } };
      deps.commit(prep.pending, source);
      patchPrep({ pending: null, applied: prep.stage.recipe, note: null, open: false });
      // The new data may bring a preset with another validation fraction: fit again if the split moved.
      api.refitIfStale();
    },

    discard() {
      const prep = get().dataset.table;
      if (!prep) return;
      if (!prep.applied) set((s) => ({ dataset: { ...s.dataset, table: null } }));
      else void run(prep.applied, false).then(() => patchPrep({ pending: null, open: false }));
    },

    /** After a split change: the table in use is fitted again on the new training split. */
    refitIfStale() {
      const data = get().dataset.data;
      const prep = get().dataset.table;
      if (!data?.table || !prep?.applied) return;
      const busy = get().run.status;
      if (isBusy(busy)) return;
      if (sameSplit(data.table.fittedOn, splitConfigOf(get().spec))) return;
      void run(prep.applied, true);
    },
  };
  return api;
}
