import { describeError } from '../core/errors';
import { fetchDeadlineMs, formatSize } from '../core/fetchBytes';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';
import { parseSyntheticDatasetId } from '../data/synthetic';
import { splitFor } from '../data/split';
import type { DataSource } from '../data/loader/types';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import { presetIdOf, MNIST_CONTEXT, type PresetId } from '../models/presets';
import { inferShapes } from '../models/shapes';
import { layersFromTopology } from '../models/fromTopology';
import type { DemoPayload } from '../share/link';
import type { StudioView } from '../share/views';
import type { MetricsExportInput } from '../share/metricsExport';
import type { WeightQuantization } from '../core/quantize';
import type { BackendChoice, Dataset } from '../core/types';
import type { FromEngine, ModelArtifactsLite, NamedWeights, NormArrays, ToEngine } from '../training/protocol';
import type { EngineRequests } from './engineRequests';
import type { ExportVariant, StudioState } from './types';

type SetState = (patch: Partial<StudioState> | ((s: StudioState) => Partial<StudioState>)) => void;
type Get = () => StudioState;

/** Demo links carry models up to this many URL characters (~100 KB of uint8 weights after compression). */
export const MAX_DEMO_LINK_CHARS = 150_000;
/** How long an imported model may take to load before it is refused (tfjs 4.22 can hang on bad files). */
export const IMPORT_TIMEOUT_MS = 20_000;

export interface ShareDeps {
  /** The page's address without its fragment (share links are built on it, so sub-path deploys work). */
  pageUrl(): string;
  /** Saves a file the person asked for. */
  download(fileName: string, data: Blob): void;
  /** Puts text on the clipboard; false when the browser refused. */
  copyText(text: string): Promise<boolean>;
  /** Replaces the fragment without a reload (and without a hashchange round trip). */
  replaceFragment(fragment: string): void;
  fetch: typeof fetch;
}

interface Ctx {
  get: Get;
  set: SetState;
  send: (msg: ToEngine) => void;
  requests: EngineRequests;
  baseUrl: string;
  deps: ShareDeps;
  /** Waits until the engine has started (links can be opened before it is up). */
  engineReady(): Promise<void>;
  loadDataset(source: DataSource): Promise<void>;
  newRunId(): string;
  /** The engine's model was replaced (an import, a demo's weights): predictions asked of the old one are stale. */
  modelChanged?(): void;
}

let importCounter = 0;

/** Norm arrays as a demo link stores them (mean = shift, std = 1/scale), and back. */
const toDemoNorm = (kind: ExperimentSpec['dataset']['normalization'], n: NormArrays): DemoPayload['normalization'] => ({
  kind,
  mean: Array.from(n.shift),
  std: Array.from(n.scale, (s) => (s === 0 ? 0 : 1 / s)),
});
const fromDemoNorm = (n: DemoPayload['normalization']): NormArrays => ({
  shift: Float32Array.from(n.mean ?? [0]),
  scale: Float32Array.from(n.std ?? [1], (s) => (s === 0 ? 0 : 1 / s)),
});

// Exports and imports are rare: their code loads on first use, keeping the first page small.
const exportsModule = () => import('./shareExports');
const linkModule = () => import('../share/link');

/** The preset a spec's model is, judged for the loaded data (MNIST's shape when none is loaded). */
export function presetFor(spec: Pick<ExperimentSpec, 'model'>, ds: Pick<Dataset, 'kind' | 'task' | 'numClasses'> | null | undefined): PresetId | 'custom' {
  return presetIdOf(spec, ds ? { kind: ds.kind, task: ds.task, numClasses: ds.numClasses } : MNIST_CONTEXT);
}

/** Where a spec's data can be had without the person's help: bundled MNIST or a synthetic set. */
export function sourceForDatasetId(id: string, baseUrl: string): DataSource | null {
  if (id === BUNDLED_MNIST_ID) return { type: 'bundled', baseUrl };
  const syn = parseSyntheticDatasetId(id);
  return syn ? { type: 'synthetic', id: syn.id, options: syn.options } : null;
}

/**
 * Links (spec, demo with weights, remote model), exports (TF.js with quantised variants, Keras script,
 * metrics) and imports. Side effects start here and only here; the pure encoders live in share/.
 */
export function createShareController(ctx: Ctx) {
  const { get, set, send, requests, deps } = ctx;
  /** The current model's weights as last read, for the export variants (cleared when the model changes). */
  let exportCache: { runId: string | null; topology: object; weights: NamedWeights[]; inputShape: number[]; norm: NormArrays } | null = null;

  /** The model URL import still downloading, if any (Cancel aborts it). */
  let urlImport: { ctl: AbortController; url: string } | null = null;
  /** The demo view's remote model, kept so another backend can load it again without a second download. */
  let remoteArtifacts: { name: string; artifacts: ModelArtifactsLite } | null = null;

  const message = (tone: 'info' | 'error', text: string) => set((s) => ({ share: { ...s.share, message: { tone, text } } }));

  const readWeights = async () => {
    await ctx.engineReady();
    const { id, answer } = requests.open('weights');
    send({ type: 'getWeights', requestId: id });
    const w = await answer;
    exportCache = { runId: get().run.id, topology: w.topology, weights: w.weights, inputShape: w.inputShape, norm: w.norm };
    return exportCache;
  };

  const evaluate = async (weights: NamedWeights[]): Promise<number> => {
    const { id, answer } = requests.open('weightsEvaluated');
    send({ type: 'evaluateWeights', requestId: id, weights });
    return (await answer).metric;
  };

  /** The current model as a demo link's fragment (weights, normalisation, fitted table), or why it is too long for one. */
  const demoFragment = async (): Promise<{ fragment: string; payload: DemoPayload } | { tooLong: string }> => {
    const s = get();
    const ds = s.dataset.data;
    const { encodeDemoLink } = await linkModule();
    const w = await readWeights();
    const payload: DemoPayload = {
      spec: s.spec,
      inputShape: w.inputShape,
      classNames: ds?.classNames ?? null,
      normalization: toDemoNorm(s.spec.dataset.normalization, w.norm),
      accuracy: s.run.evaluation?.metric ?? null,
      weights: w.weights,
      ...(ds?.table ? { table: ds.table } : {}),
    };
    const fragment = encodeDemoLink(payload);
    const chars = deps.pageUrl().length + 1 + fragment.length;
    if (chars > MAX_DEMO_LINK_CHARS) {
      return { tooLong: `This model's weights make a ${Math.round(chars / 1000)} KB link; demo links carry models up to ${MAX_DEMO_LINK_CHARS / 1000} KB. Export the model, host it anywhere and share a model link, or train a smaller model (e.g. the small MLP).` };
    }
    return { fragment, payload };
  };

  /** Loads a demo link's model (or a remote model.json) into the engine as the current model. */
  const loadDemoWeights = async (payload: DemoPayload, evaluate: boolean) => {
    await ctx.engineReady();
    const runId = ctx.newRunId();
    const { id, answer } = requests.open('modelLoaded');
    set((s) => ({ run: { ...s.run, id: runId } }));
    send({
      type: 'loadWeights',
      requestId: id,
      runId,
      spec: payload.spec,
      inputShape: payload.inputShape,
      weights: payload.weights,
      norm: fromDemoNorm(payload.normalization),
      backend: get().engine.backendChoice,
      evaluate,
    });
    const info = (await answer).info;
    exportCache = null;
    ctx.modelChanged?.();
    set((s) => ({ share: { ...s.share, exports: { status: 'idle', variants: [], error: null } } }));
    return { runId, info };
  };

  const importArtifacts = async (name: string, artifacts: ModelArtifactsLite) => {
    await ctx.engineReady();
    const s = get();
    const runId = `import-${Date.now().toString(36)}-${importCounter++}`;
    const { id, answer } = requests.open('modelLoaded');
    const ds = s.dataset.data;
    set((st) => ({ run: { ...st.run, id: runId }, share: { ...st.share, importStatus: { status: 'loading', message: `Loading ${name}…` } } }));
    send({ type: 'importModel', requestId: id, runId, name, artifacts, spec: s.spec, backend: s.engine.backendChoice, timeoutMs: IMPORT_TIMEOUT_MS });
    try {
      const { info } = await answer;
      exportCache = null;
      ctx.modelChanged?.();
      // The imported architecture becomes the spec (when Tensorscope can build it and it fits the data): the Model
      // panel shows it and Train trains it, from fresh weights.
      const mapped = layersFromTopology(artifacts.modelTopology);
      let unsupported = mapped.unsupported;
      if (mapped.layers && ds) {
        const check = inferShapes(mapped.layers, ds.inputShape, { task: ds.task, numClasses: ds.numClasses });
        if (!check.valid) unsupported = [check.outputError ?? check.layers.find((l) => l.error)?.error ?? 'it does not fit the loaded data'];
        // The fixed target scale (kernel and bias) is not a spec layer; the spec's flag brings it back.
        else if (check.totalParams + (mapped.targetScale ? 2 : 0) !== info.params) unsupported = [`its layers rebuilt here have ${check.totalParams.toLocaleString('en-US')} parameters, the file ${info.params.toLocaleString('en-US')}`];
      } else if (mapped.layers && !ds) unsupported = ['no data is loaded to train it on'];
      const layers = unsupported.length ? null : mapped.layers;
      set((st) => ({
        ...(layers
          ? { spec: { ...st.spec, name: info.name, dataset: { ...st.spec.dataset, standardizeTarget: mapped.targetScale === true }, model: { layers } }, presetId: presetFor({ ...st.spec, model: { layers } }, ds) }
          : {}),
        importedModel: { name: info.name, params: info.params, runId, mapped: !!layers, unsupported },
        run: { ...st.run, id: runId, status: 'done', batches: [], throughput: [], epochs: [], evaluation: null, error: null, progress: null, split: ds ? splitFor(ds, splitConfigOf(st.spec)) : null, info: { trainCount: 0, valCount: 0, testCount: 0, batchesPerEpoch: 0, totalEpochs: 0, params: info.params } },
        share: { ...st.share, exports: { status: 'idle', variants: [], error: null }, importStatus: { status: 'done', message: `Imported ${info.name}: ${info.params.toLocaleString('en-US')} parameters, input [${info.inputShape.join(', ')}], ${info.outputUnits} outputs.${ds ? ' Evaluated on the test split below.' : ''}` } },
      }));
      // The drawing on the pad is predicted again, by the imported model.
      const pixels = get().draw.pixels;
      set((st) => ({ draw: { ...st.draw, probabilities: null, mc: null } }));
      if (pixels) get().predictDrawing(pixels);
      return info;
    } catch (err) {
      set((st) => ({ share: { ...st.share, importStatus: { status: 'error', message: describeError(err) } } }));
      return null;
    }
  };

  /** The dataset a link's spec names: loaded when Tensorscope can make it, else a notice naming it. */
  const ensureDataFor = async (spec: ExperimentSpec): Promise<boolean> => {
    const ds = get().dataset.data;
    if (ds && (ds.id === spec.dataset.id || (spec.dataset.fingerprint && ds.fingerprint === spec.dataset.fingerprint))) return true;
    const source = sourceForDatasetId(spec.dataset.id, ctx.baseUrl);
    if (source) {
      await ctx.loadDataset(source);
      const now = get().dataset.data;
      if (now && now.id === spec.dataset.id) return true;
    }
    return false;
  };

  const applyLinkedSpec = async (spec: ExperimentSpec, view: StudioView) => {
    set((s) => ({ share: { ...s.share, view, viewSeq: s.share.viewSeq + 1 } }));
    const exact = await ensureDataFor(spec);
    if (!exact && !get().dataset.data) await ctx.loadDataset({ type: 'bundled', baseUrl: ctx.baseUrl });
    const ds = get().dataset.data;
    if (exact && ds) {
      const drift = spec.dataset.fingerprint && ds.fingerprint !== spec.dataset.fingerprint;
      set({ spec: { ...spec, dataset: { ...spec.dataset, fingerprint: ds.fingerprint } }, presetId: presetFor(spec, ds), importedModel: null });
      message(drift ? 'error' : 'info', drift ? `Opened "${spec.name}" from a link, but the data differs from the linked data (fingerprint ${ds.fingerprint}, link ${spec.dataset.fingerprint}); results may differ.` : `Opened "${spec.name}" from a link. Press Train to reproduce it.`);
    } else {
      get().applySpec(spec);
      // A table's link: its preprocessing and model wait for the same file (known by fingerprint).
      if (spec.dataset.table) set({ pendingLink: spec });
      message('error', `This link's experiment trained on data "${spec.dataset.id}"${spec.dataset.fingerprint ? ` (fingerprint ${spec.dataset.fingerprint})` : ''}, which is not loaded. Its model and settings are applied to the data loaded now; load that data to reproduce the run exactly.`);
    }
  };

  return {
    /** Opens whatever the fragment holds; a bad link leaves the studio as it was, with a message. */
    async openFragment(hash: string): Promise<void> {
      if (!hash.replace(/^#/, '')) return;
      const { decodeFragment } = await linkModule();
      const r = decodeFragment(hash);
      switch (r.kind) {
        case 'none':
          return;
        case 'error':
          message('error', r.message);
          return;
        case 'spec':
          set((s) => ({ mode: 'studio', engine: r.backend ? { ...s.engine, backendChoice: r.backend } : s.engine }));
          await applyLinkedSpec(r.spec, r.view);
          return;
        case 'demo':
          set((s) => ({ mode: 'demo', demo: { status: 'loading', name: r.payload.spec.name, accuracy: r.payload.accuracy, classNames: r.payload.classNames, inputShape: r.payload.inputShape, remote: null, message: null }, share: { ...s.share, demoPayload: r.payload } }));
          try {
            await loadDemoWeights(r.payload, false);
            set((s) => ({ demo: s.demo && { ...s.demo, status: 'ready' }, draw: { ...s.draw, message: null } }));
            // Someone quick may have drawn while the model loaded.
            const pixels = get().draw.pixels;
            if (pixels) get().predictDrawing(pixels);
          } catch (err) {
            set((s) => ({ demo: s.demo && { ...s.demo, status: 'error', message: describeError(err) } }));
          }
          return;
        case 'model':
          set({ mode: 'demo', demo: { status: 'confirm', name: r.url.split('/').pop() || 'model', accuracy: null, classNames: null, inputShape: null, remote: { url: r.url, origin: r.origin }, message: null } });
          return;
      }
    },

    /** The person agreed to fetch the remote model the link points to. */
    async confirmRemoteModel(): Promise<void> {
      const demo = get().demo;
      if (!demo?.remote) return;
      set({ demo: { ...demo, status: 'loading', message: null } });
      try {
        const { artifactsFromUrl } = await exportsModule();
        const artifacts = await artifactsFromUrl(demo.remote.url, deps.fetch, { deadlineMs: fetchDeadlineMs() });
        remoteArtifacts = { name: demo.name, artifacts };
        const info = await importArtifacts(demo.name, artifacts);
        const st = get().share.importStatus;
        if (!info || st.status === 'error') throw new Error(st.message ?? 'The model could not be loaded.');
        set((s) => ({ demo: s.demo && { ...s.demo, status: 'ready', inputShape: info.inputShape } }));
      } catch (err) {
        set((s) => ({ demo: s.demo && { ...s.demo, status: 'error', message: describeError(err) } }));
      }
    },

    /**
     * The demo view's backend picker: the demo's model is loaded again on the chosen backend (the engine reports the
     * backend it then runs on), and the drawing is predicted again there.
     */
    async reloadDemoOnBackend(): Promise<void> {
      const demo = get().demo;
      const payload = get().share.demoPayload;
      if (get().mode !== 'demo' || !demo || demo.status !== 'ready') return;
      set((s) => ({ demo: s.demo && { ...s.demo, status: 'loading', message: null }, draw: { ...s.draw, probabilities: null, mc: null } }));
      try {
        if (payload) await loadDemoWeights(payload, false);
        else if (remoteArtifacts) {
          const info = await importArtifacts(remoteArtifacts.name, remoteArtifacts.artifacts);
          if (!info) throw new Error(get().share.importStatus.message ?? 'The model could not be loaded.');
        }
        set((s) => ({ demo: s.demo && { ...s.demo, status: 'ready' } }));
        const pixels = get().draw.pixels;
        if (pixels) get().predictDrawing(pixels);
      } catch (err) {
        set((s) => ({ demo: s.demo && { ...s.demo, status: 'error', message: `The model could not be loaded on ${get().engine.backendChoice}: ${describeError(err)}` } }));
      }
    },

    /** From the demo view into the full studio, with the demo's spec, data and trained model. */
    async openDemoInStudio(): Promise<void> {
      const payload = get().share.demoPayload;
      set({ mode: 'studio' });
      if (!payload) {
        deps.replaceFragment('');
        return;
      }
      const { encodeSpecLink } = await linkModule();
      deps.replaceFragment(encodeSpecLink(payload.spec, 'inspect'));
      await applyLinkedSpec(payload.spec, 'inspect');
      try {
        const ds = get().dataset.data;
        const { runId, info } = await loadDemoWeights(payload, true);
        set((s) => ({
          run: { ...s.run, id: runId, status: 'done', batches: [], throughput: [], epochs: [], evaluation: null, error: null, progress: null, split: ds ? splitFor(ds, splitConfigOf(payload.spec)) : null, info: { trainCount: 0, valCount: 0, testCount: 0, batchesPerEpoch: 0, totalEpochs: 0, params: info.params } },
        }));
      } catch (err) {
        message('error', `The demo's model could not be loaded into the studio: ${describeError(err)}`);
      }
    },

    async copyLink(): Promise<void> {
      const { encodeSpecLink } = await linkModule();
      const s = get();
      // The backend that ran (or is picked) travels too: Train then reproduces the same curve on the same backend.
      const backend = s.engine.backendChoice !== 'auto' ? s.engine.backendChoice : (s.engine.backend?.name ?? null);
      const url = `${deps.pageUrl()}#${encodeSpecLink(s.spec, s.share.view, backend)}`;
      const copied = await deps.copyText(url);
      set((st) => ({ share: { ...st.share, link: { kind: 'spec', url, chars: url.length, copied } } }));
    },

    async makeDemoLink(): Promise<void> {
      // A link shown from before (another model, or the spec) must not be copied while this one is being made.
      set((st) => ({ share: { ...st.share, link: null, message: null, demoLinkError: null } }));
      try {
        const made = await demoFragment();
        if ('tooLong' in made) {
          set((st) => ({ share: { ...st.share, link: null, demoLinkError: made.tooLong } }));
          return;
        }
        const url = `${deps.pageUrl()}#${made.fragment}`;
        const copied = await deps.copyText(url);
        set((st) => ({ share: { ...st.share, link: { kind: 'demo', url, chars: url.length, copied } } }));
      } catch (err) {
        set((st) => ({ share: { ...st.share, demoLinkError: `No demo link: ${describeError(err)}` } }));
      }
    },

    /** An <iframe> of embed.html with the current model (the same one a demo link carries), copied to the clipboard. */
    async makeEmbedCode(allowText: string): Promise<void> {
      set((st) => ({ share: { ...st.share, embed: null } }));
      const fail = (error: string) => set((st) => ({ share: { ...st.share, embed: { error } } }));
      const allow: string[] = [];
      for (const part of allowText.split(',').map((p) => p.trim()).filter(Boolean)) {
        let origin: string | null = null;
        try {
          const u = new URL(part);
          if (u.protocol === 'https:' || u.protocol === 'http:') origin = u.origin;
        } catch {
          /* reported below */
        }
        if (!origin) return fail(`“${part.slice(0, 80)}” is not a site's origin; write origins such as https://example.com, separated by commas.`);
        if (!allow.includes(origin)) allow.push(origin);
      }
      try {
        const made = await demoFragment();
        if ('tooLong' in made) return fail(made.tooLong);
        const { embedUrl } = await import('../client/protocol');
        const src = embedUrl(new URL('embed.html', deps.pageUrl()).href, made.fragment, allow);
        const image = made.payload.inputShape.join('x') === '28x28x1';
        const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const code = `<iframe src="${attr(src)}" width="${image ? 320 : 360}" height="${image ? 480 : 560}" title="${attr(`Tensorscope model: ${made.payload.spec.name}`)}"></iframe>`;
        const copied = await deps.copyText(code);
        set((st) => ({ share: { ...st.share, embed: { code, src, copied } } }));
      } catch (err) {
        fail(`No embed code: ${describeError(err)}`);
      }
    },

    /** Measures every export variant (size and test metric with its weights) before anything is downloaded. */
    async prepareExport(): Promise<void> {
      set((s) => ({ share: { ...s.share, exports: { status: 'measuring', variants: [], error: null } } }));
      try {
        const { toTfjsArtifacts, roundTrip, WEIGHT_QUANTIZATIONS } = await exportsModule();
        const w = await readWeights();
        const canMeasure = !!get().dataset.data && get().run.evaluation != null;
        const variants: ExportVariant[] = [];
        let base: number | null = null;
        for (const kind of WEIGHT_QUANTIZATIONS) {
          try {
            const art = toTfjsArtifacts(w.topology, w.weights, kind);
            const bytes = JSON.stringify(art.modelJson).length + art.weightData.byteLength;
            const metric = canMeasure ? await evaluate(w.weights.map((t) => ({ ...t, values: roundTrip(t.values, kind) }))) : null;
            if (kind === 'float32') base = metric;
            variants.push({ kind, bytes, metric, delta: metric != null && base != null ? metric - base : null });
          } catch (err) {
            // One variant that cannot be made (e.g. float16 overflow) does not hide the others.
            variants.push({ kind, bytes: 0, metric: null, delta: null, error: describeError(err) });
          }
          set((s) => ({ share: { ...s.share, exports: { status: 'measuring', variants: variants.slice(), error: null } } }));
        }
        set((s) => ({ share: { ...s.share, exports: { status: 'ready', variants, error: null } } }));
      } catch (err) {
        set((s) => ({ share: { ...s.share, exports: { status: 'error', variants: [], error: describeError(err) } } }));
      }
    },

    /** model.json + weights.bin of one variant (and a table's preprocessing.json), zipped: TF.js loads the two files as they are. */
    async downloadModel(kind: WeightQuantization): Promise<void> {
      try {
        const { toTfjsArtifacts, zipSync, strToU8, safeFileName } = await exportsModule();
        const w = exportCache && exportCache.runId === get().run.id ? exportCache : await readWeights();
        const art = toTfjsArtifacts(w.topology, w.weights, kind);
        const table = get().dataset.data?.table;
        const files: Record<string, Uint8Array> = { 'model.json': strToU8(JSON.stringify(art.modelJson)), 'weights.bin': new Uint8Array(art.weightData) };
        // A table model needs its preprocessing (fill values, levels, feature order) to take raw rows.
        if (table) files['preprocessing.json'] = strToU8(JSON.stringify({ table, normalization: toDemoNorm(get().spec.dataset.normalization, w.norm) }, null, 2));
        const zip = zipSync(files, { level: 0 });
        deps.download(safeFileName(`${get().spec.name}-tfjs-${kind}`, 'zip'), new Blob([zip], { type: 'application/zip' }));
      } catch (err) {
        message('error', `Export failed: ${describeError(err)}`);
      }
    },

    async downloadKerasScript(): Promise<void> {
      const { kerasScript, safeFileName } = await exportsModule();
      const s = get();
      try {
      const ds = s.dataset.data;
      const script = kerasScript(s.spec, {
        datasetId: s.spec.dataset.id,
        datasetName: ds?.name ?? s.spec.dataset.id,
        inputShape: ds?.inputShape ?? [28, 28, 1],
        numClasses: ds?.numClasses ?? 10,
        task: ds?.task ?? 'classification',
        kind: ds?.kind ?? 'image',
        ...(ds?.fingerprint ? { fingerprint: ds.fingerprint } : {}),
        ...(ds?.classNames ? { classNames: ds.classNames } : {}),
        ...(ds?.table ? { table: ds.table, ...(ds.table.source.testFileName ? { tableTestFile: ds.table.source.testFileName } : {}) } : {}),
      });
      deps.download(safeFileName(`${s.spec.name}-keras`, 'py'), new Blob([script], { type: 'text/x-python' }));
      } catch (err) {
        message('error', `No Keras script: ${describeError(err)}`);
      }
    },

    async downloadMetrics(format: 'csv' | 'json'): Promise<void> {
      const { metricsCsv, metricsJson, safeFileName } = await exportsModule();
      const s = get();
      const ds = s.dataset.data;
      if (!s.run.id) return;
      const input: MetricsExportInput = {
        runId: s.run.id,
        spec: s.spec,
        datasetName: ds?.name ?? s.spec.dataset.id,
        fingerprint: ds?.fingerprint ?? null,
        backend: s.engine.backend?.name ?? null,
        task: ds?.task ?? 'classification',
        startedAt: s.run.startedAt,
        batches: s.run.batches,
        epochs: s.run.epochs,
        finalMetric: s.run.evaluation?.metric ?? null,
      };
      const text = format === 'csv' ? metricsCsv(input) : metricsJson(input);
      deps.download(safeFileName(`${s.spec.name}-metrics`, format), new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
    },

    async importModelFiles(files: File[]): Promise<void> {
      try {
        const { artifactsFromFiles } = await exportsModule();
        const { name, artifacts } = await artifactsFromFiles(files);
        await importArtifacts(name, artifacts);
      } catch (err) {
        set((s) => ({ share: { ...s.share, importStatus: { status: 'error', message: describeError(err) } } }));
      }
    },

    async importModelUrl(url: string): Promise<void> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        set((s) => ({ share: { ...s.share, importStatus: { status: 'error', message: `"${url.slice(0, 200)}" is not a URL.` } } }));
        return;
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        set((s) => ({ share: { ...s.share, importStatus: { status: 'error', message: 'Only http(s) URLs can be imported.' } } }));
        return;
      }
      // One download at a time: a new import replaces one still downloading.
      urlImport?.ctl.abort();
      const ctl = new AbortController();
      const current = (urlImport = { ctl, url: parsed.href });
      const downloading = (message: string, loaded: number, total: number | null) =>
        set((s) => ({ share: { ...s.share, importStatus: { status: 'loading', message, loaded, total } } }));
      downloading(`Fetching ${parsed.href}…`, 0, null);
      try {
        const { artifactsFromUrl } = await exportsModule();
        const artifacts = await artifactsFromUrl(parsed.href, deps.fetch, {
          signal: ctl.signal,
          deadlineMs: fetchDeadlineMs(),
          onProgress: (stage, loaded, total) => {
            if (!ctl.signal.aborted) downloading(`${stage}… ${formatSize(loaded)}${total ? ` of ${formatSize(total)}` : ''}`, loaded, total);
          },
        });
        if (ctl.signal.aborted) return;
        // Downloaded: from here the engine loads it (with its own timeout); Cancel no longer applies.
        urlImport = null;
        await importArtifacts(parsed.pathname.split('/').pop() || 'model', artifacts);
      } catch (err) {
        // A cancel has already said so, and a newer import owns the status.
        if (ctl.signal.aborted) return;
        set((s) => ({ share: { ...s.share, importStatus: { status: 'error', message: describeError(err) } } }));
      } finally {
        if (urlImport === current) urlImport = null;
      }
    },

    /** Stops a model URL import while it downloads; the model in use (if any) stays as it was. */
    cancelModelImport(): void {
      if (!urlImport) return;
      const { ctl, url } = urlImport;
      urlImport = null;
      ctl.abort();
      set((s) => ({ share: { ...s.share, importStatus: { status: 'idle', message: `Cancelled: the import of ${url} was stopped; the model in use is unchanged.` } } }));
    },

    /** The run's model changed (new run, reset): measured export variants and a demo link of it no longer apply. */
    onMessage(msg: FromEngine): void {
      if (msg.type === 'runStarted' || msg.type === 'epochEnd') {
        exportCache = null;
        if (get().share.exports.status !== 'idle') set((s) => ({ share: { ...s.share, exports: { status: 'idle', variants: [], error: null } } }));
      }
      if (msg.type === 'runStarted' && (get().share.link?.kind === 'demo' || get().share.demoLinkError || get().share.embed)) set((s) => ({ share: { ...s.share, link: s.share.link?.kind === 'demo' ? null : s.share.link, demoLinkError: null, embed: null } }));
    },
  };
}

export type ShareController = ReturnType<typeof createShareController>;
export type { BackendChoice };
