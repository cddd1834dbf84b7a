import { describeError } from '../../core/errors';
import type { DataSource, LoadOptions, LoadOutcome } from '../../data/loader/types';
import { splitConfigOf } from '../../models/spec';
import { isBusy } from '../runLifecycle';
import { presetFor } from '../shareController';
import { createTableController, withoutRecipe } from '../tableController';
import type { StudioState } from '../types';
import { emptyRun, specForDataset, type StoreCore } from './core';

/** The data: loading (files, URLs, bundled, synthetic), a table being prepared, the split and load options. */
/** Whether a source reads the same files (or URLs) as the table being prepared: a re-read with other options. */
function sameFiles(prepared: DataSource | undefined, source: DataSource): boolean {
  if (!prepared || prepared.type !== source.type) return false;
  if (prepared.type === 'files' && source.type === 'files') return prepared.files === source.files;
  if (prepared.type === 'url' && source.type === 'url') return prepared.urls.join('\n') === source.urls.join('\n');
  return false;
}

export type DataState = Pick<
  StudioState,
  | 'dataset'
  | 'loadOptions'
  | 'loadDataset'
  | 'loadFiles'
  | 'loadUrls'
  | 'cancelDatasetLoad'
  | 'setLoadOptions'
  | 'setTableRecipe'
  | 'useTable'
  | 'discardTable'
  | 'setTableOpen'
  | 'setCsvChoice'
  | 'setDataOptions'
>;

export interface DataInternals {
  /** A split change refits the table in use (its fill values and levels come from the training split). */
  refitIfStale(): void;
}

export function createDataSlice(core: StoreCore): { state: DataState; internals: DataInternals } {
  const { get, set } = core;
  /** Bumped per dataset load: a slower, older load never overwrites a newer one. */
  let loadSeq = 0;
  /**
   * Options for a person's files: image size, class names, and for a table the split to fit on — plus the spec's
   * table recipe while the spec names data that is not loaded (a link's), so the same file reproduces its run.
   */
  const fileLoadOptions = (): LoadOptions => {
    const o = get().loadOptions;
    const spec = get().spec;
    const link = get().pendingLink;
    // A link's recipe says how its file was read (the header row, the sheet), when that was chosen.
    const read = link?.dataset.table?.read;
    return {
      images: o.images,
      classNames: o.classNames.length ? o.classNames : undefined,
      ...(read ? { csv: read } : {}),
      table: link?.dataset.table ? { split: splitConfigOf(link), recipe: link.dataset.table } : { split: splitConfigOf(spec) },
    };
  };

  /** Makes a load's result the dataset in use: the engine gets its own copy, the spec follows the data. */
  const commitLoad = (r: LoadOutcome, source: DataSource) => {
    const ds = r.dataset!;
    const prev = get().dataset.data;
    const { spec, presetId } = specForDataset(get().spec, get().presetId, prev, ds);
    core.run.sendDataset(ds, r.engineCopy);
    core.run.dropPendingMetrics();
    set((s) => ({
      dataset: { ...s.dataset, status: 'ready', stage: '', data: ds, summary: r.summary, csv: r.csv, skipped: r.skipped, warnings: r.warnings ?? [], source, loadMs: r.loadMs, error: null },
      spec,
      presetId,
      importedModel: spec.model === s.spec.model ? s.importedModel : null,
      run: emptyRun(),
      draw: { ...s.draw, probabilities: null, mc: null, message: null },
    }));
    core.modelSeq++;
    // The inspector's summary comes a moment after the data (Train does not wait for it); a newer load drops it.
    r.summaryLater?.then((summary) => {
      if (get().dataset.data === ds) set((s) => ({ dataset: { ...s.dataset, summary } }));
    });
    core.run.prepareEngine();
  };
  const tables = createTableController(get, set, {
    loader: () => core.loader,
    commit: commitLoad,
    nextSeq: () => ++loadSeq,
    isCurrent: (seq) => seq === loadSeq,
  });

  const state: DataState = {
    dataset: {
      status: 'idle',
      stage: '',
      loaded: 0,
      total: null,
      error: null,
      data: null,
      summary: null,
      csv: null,
      table: null,
      warnings: [],
      skipped: [],
      source: null,
      loadMs: null,
      loaderMode: null,
    },
    loadOptions: { images: { width: 28, height: 28, mode: 'grayscale' }, classNames: [] },

    loadFiles(files) {
      return get().loadDataset({ type: 'files', files, options: fileLoadOptions() });
    },
    loadUrls(urls) {
      return get().loadDataset({ type: 'url', urls, options: fileLoadOptions() });
    },
    cancelDatasetLoad() {
      const d = get().dataset;
      if (d.status !== 'loading') return;
      // The load's answer, whenever it comes, is no longer current; the dataset loaded before stays untouched.
      loadSeq++;
      core.loader?.cancel();
      const what = d.stage ? d.stage[0].toLowerCase() + d.stage.slice(1) : 'loading';
      set((s) => ({ dataset: { ...s.dataset, status: s.dataset.data ? 'ready' : 'error', stage: '', loaded: 0, total: null, error: `Cancelled: ${what} was stopped${d.loaded > 0 ? ` after ${(d.loaded / 1048576).toFixed(1)} MB` : ''}.` } }));
    },
    setLoadOptions(patch) {
      set((s) => ({ loadOptions: { ...s.loadOptions, ...patch } }));
    },

    async loadDataset(source: DataSource) {
      // The demo view starts without the loader; "Open in studio" brings it up on first use.
      if (!core.loader) {
        try {
          core.loader = await core.deps.createLoader();
          set((s) => ({ dataset: { ...s.dataset, loaderMode: core.loader!.mode } }));
        } catch (err) {
          set((s) => ({ dataset: { ...s.dataset, status: 'error', error: `The dataset loader could not start: ${describeError(err)}` } }));
          return;
        }
      }
      if (isBusy(get().run.status)) {
        set((s) => ({ dataset: { ...s.dataset, error: 'Stop the current run before loading other data.' } }));
        return;
      }
      const seq = ++loadSeq;
      set((s) => ({ dataset: { ...s.dataset, status: 'loading', stage: 'Starting', loaded: 0, total: null, error: null } }));
      try {
        const r = await core.loader.load(source, (stage, loaded, total) => {
          if (seq === loadSeq) set((s) => ({ dataset: { ...s.dataset, stage, loaded, total } }));
        });
        if (seq !== loadSeq) return;
        if (r.table && (source.type === 'files' || source.type === 'url')) {
          const link = get().pendingLink;
          // A link's preprocessing on the very file it was made with (same fingerprint) reproduces the run at once.
          const sameAsLink = !!link && !!source.options.table?.recipe && !!r.dataset && r.dataset.fingerprint === link.dataset.fingerprint;
          if (!sameAsLink) {
            const differs = link && source.options.table?.recipe && r.dataset ? `This file gives other data than the link's (fingerprint ${r.dataset.fingerprint}, link ${link.dataset.fingerprint ?? 'none'}): check the choices before using it.` : null;
            set((s) => ({
              dataset: {
                ...s.dataset,
                status: s.dataset.data ? 'ready' : 'idle',
                stage: '',
                csv: null,
                table: { source: withoutRecipe(source), stage: r.table!, pending: r, applied: null, busy: false, open: true, note: differs, fileNotes: { warnings: r.warnings ?? [], skipped: r.skipped } },
              },
            }));
            return;
          }
          commitLoad(r, source);
          // The link's whole experiment (model, training, seed) on its own data, exactly.
          set((s) => ({
            spec: { ...link!, dataset: { ...link!.dataset, id: r.dataset!.id, fingerprint: r.dataset!.fingerprint } },
            presetId: presetFor(link!, r.dataset),
            pendingLink: null,
            dataset: {
              ...s.dataset,
              table: { source: withoutRecipe(source), stage: r.table!, pending: null, applied: r.table!.recipe, busy: false, open: false, note: `The link's preprocessing was applied: this file gives the same data (fingerprint ${r.dataset!.fingerprint}).`, fileNotes: { warnings: r.warnings ?? [], skipped: r.skipped } },
            },
          }));
          return;
        }
        if (!r.dataset) throw new Error('The loader returned no dataset.');
        commitLoad(r, source);
        set((s) => ({ dataset: { ...s.dataset, table: null } }));
      } catch (err) {
        if (seq !== loadSeq) return;
        // The previous dataset (if any) stays loaded and usable; pickers for the failed file are reset, except a table
        // being prepared from these very files (another sheet or header choice failed): it stays as it was.
        set((s) => ({ dataset: { ...s.dataset, status: s.dataset.data ? 'ready' : 'error', error: describeError(err), csv: null, table: sameFiles(s.dataset.table?.source, source) ? s.dataset.table : null } }));
      }
    },

    setTableRecipe: (recipe) => tables.setRecipe(recipe),
    useTable: () => tables.use(),
    discardTable: () => tables.discard(),
    setTableOpen: (open) => set((s) => (s.dataset.table ? { dataset: { ...s.dataset, table: { ...s.dataset.table, open } } } : {})),

    setCsvChoice(choice) {
      const source = get().dataset.source;
      if (!source || (source.type !== 'files' && source.type !== 'url')) return;
      void get().loadDataset({ ...source, options: { ...source.options, csv: choice } });
    },

    setDataOptions(patch) {
      set((s) => ({
        spec: {
          ...s.spec,
          dataset: {
            ...s.spec.dataset,
            ...(patch.testFraction != null ? { testFraction: patch.testFraction } : {}),
            ...(patch.splitSeed != null ? { splitSeed: patch.splitSeed } : {}),
            ...(patch.normalization ? { normalization: patch.normalization } : {}),
          },
          training: patch.validationFraction != null ? { ...s.spec.training, validationFraction: patch.validationFraction } : s.spec.training,
        },
      }));
      tables.refitIfStale();
    },
  };
  return { state, internals: { refitIfStale: () => tables.refitIfStale() } };
}
