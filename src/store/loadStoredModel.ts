import { describeError } from '../core/errors';
import type { Dataset } from '../core/types';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { inferShapes } from '../models/shapes';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import type { CheckpointKind, RunRecord } from '../runs/types';
import type { ToEngine } from '../training/protocol';
import type { EngineRequests } from './engineRequests';
import type { HistoryController } from './historyController';
import { isBusy } from './runLifecycle';
import { presetFor } from './shareController';
import { emptyRun } from './slices/core';
import type { StudioState } from './types';

type SetState = (fn: (s: StudioState) => Partial<StudioState>) => void;
type Get = () => StudioState;

/**
 * The training examples of a spec's split, as the engine picks them (training/loop.ts `trainIndices`; copied here
 * because loop.ts pulls tfjs into the page's bundle; loadStoredModel.test.ts checks the two agree).
 */
export function trainIndicesOf(train: Int32Array, spec: ExperimentSpec): Int32Array {
  const cap = spec.training.maxTrainSamples;
  return cap != null && cap > 0 && cap < train.length ? train.slice(0, cap) : train.slice();
}

/** Why a stored run's model cannot become the studio's model now, in words; null when it can. */
export function storedModelProblem(
  record: RunRecord | undefined,
  kind: CheckpointKind,
  ds: Pick<Dataset, 'name' | 'id' | 'fingerprint' | 'inputShape' | 'task' | 'numClasses'> | null,
  state: { historyOn: boolean; busy: boolean },
): string | null {
  if (!state.historyOn) return 'Run history is off in this browser, so no stored model can be loaded.';
  if (!record) return 'That run is no longer stored.';
  if (state.busy) return 'A run is training: stop it before loading a stored model.';
  if (!record.checkpoints.best && !record.checkpoints.last) return `"${record.name}" stopped before its first epoch ended, so it has no checkpoint to load.`;
  if (!record.checkpoints[kind]) return `"${record.name}" has no ${kind} checkpoint.`;
  if (!ds) return `No data is loaded. Load ${record.datasetName}, the data "${record.name}" trained on, then load its model.`;
  const sameData = record.fingerprint ? ds.fingerprint === record.fingerprint : ds.id === record.spec.dataset.id;
  if (!sameData) {
    return `"${record.name}" trained on ${record.datasetName}${record.fingerprint ? ` (fingerprint ${record.fingerprint})` : ''}, but the data loaded now is ${ds.name}${ds.fingerprint ? ` (fingerprint ${ds.fingerprint})` : ''}. Load the run's data, then load its model.`;
  }
  const shapes = inferShapes(record.spec.model.layers, ds.inputShape, { task: ds.task, numClasses: ds.numClasses });
  if (!shapes.valid || shapes.outputError) return `"${record.name}"'s model does not fit the loaded data's shape.`;
  return null;
}

interface Ctx {
  get: Get;
  set: SetState;
  history: HistoryController | null;
  send(msg: ToEngine): void;
  requests: EngineRequests;
  engineReady(): Promise<void>;
  newRunId(): string;
  /** The engine's model is replaced: predictions and export caches of the old one are stale. */
  modelChanged(): void;
  /** Predicts the drawing or typed table row again (with the engine's current model). */
  repredict(): void;
  /** Calls `fn` on every state change until it returns true (or the store is dropped). */
  subscribe?(fn: (s: StudioState) => boolean): void;
}

const failed = (set: SetState, id: string, text: string) => set((s) => ({ history: { ...s.history, modelLoad: { id, status: 'error', text } } }));

/**
 * Makes a stored run's best or last checkpoint the studio's model, as a finished run's would be: the engine loads the
 * weights with the run's spec and this data's normalisation (fitted on the train split, as training does) and evaluates
 * it on the test split; the run's spec becomes the current spec (exports and demo links describe it), its epoch history
 * the charts'. Anything that does not fit is refused in words and the studio stays as it was.
 */
export async function loadStoredModel(ctx: Ctx, id: string, kind: CheckpointKind): Promise<boolean> {
  const { get, set, history } = ctx;
  const s = get();
  const record = s.history.runs.find((r) => r.id === id);
  const ds = s.dataset.data;
  const problem = storedModelProblem(record, kind, ds, { historyOn: !!history && s.history.status === 'ready', busy: isBusy(s.run.status) || s.sweep.status === 'running' });
  if (problem || !record || !ds || !history) {
    failed(set, id, problem ?? 'The model cannot be loaded now.');
    return false;
  }
  set((st) => ({ history: { ...st.history, modelLoad: { id, status: 'loading', text: `Loading the ${kind} checkpoint of "${record.name}"…` } } }));
  const previousRun = s.run;
  const runId = ctx.newRunId();
  try {
    const cp = await history.weightsOf(id, kind);
    if (!cp) throw new Error(`"${record.name}" has no ${kind} checkpoint stored any more.`);
    const batches = await history.batchesOf(id);
    const spec: ExperimentSpec = { ...record.spec, dataset: { ...record.spec.dataset, fingerprint: ds.fingerprint } };
    const split = splitFor(ds, splitConfigOf(spec));
    const train = trainIndicesOf(split.train, spec);
    const norm = normalizationParams(ds, train, spec.dataset.normalization);
    await ctx.engineReady();
    if (isBusy(get().run.status)) throw new Error('A run started meanwhile; stop it before loading a stored model.');
    const { id: requestId, answer } = ctx.requests.open('modelLoaded');
    // The evaluation that follows the load carries this id: the run slice takes it only when it is the current run's.
    set((st) => ({ run: { ...st.run, id: runId, evaluation: null, history: [] } }));
    ctx.send({ type: 'loadWeights', requestId, runId, spec, inputShape: ds.inputShape, weights: cp.weights, norm, backend: get().engine.backendChoice, evaluate: true });
    const { info } = await answer;
    ctx.modelChanged();
    const epochs = [...record.epochs].sort((a, b) => a.epoch - b.epoch);
    set((st) => ({
      spec,
      presetId: presetFor(spec, ds),
      importedModel: null,
      run: {
        ...emptyRun(),
        id: runId,
        status: 'done',
        batches: batches.map((b) => ({ step: b.step, loss: b.loss, metric: b.metric })),
        epochs,
        // The evaluation keeps its place if the engine's answer came first.
        evaluation: st.run.id === runId ? st.run.evaluation : null,
        history: st.run.id === runId ? st.run.history : [],
        split,
        startedAt: record.startedAt,
        notes: [`Model of the stored run "${record.name}": its ${kind} checkpoint, after epoch ${cp.epoch} of ${record.totalEpochs}, evaluated again on the test split.`],
        info: { trainCount: train.length, valCount: split.validation.length, testCount: split.test.length, batchesPerEpoch: record.batchesPerEpoch, totalEpochs: record.totalEpochs, params: info.params },
      },
      inspect: { ...st.inspect, mcTest: null, selected: null, example: null, curve: null, error: null },
      draw: { ...st.draw, probabilities: null, mc: null },
      share: { ...st.share, exports: { status: 'idle', variants: [], error: null }, link: st.share.link?.kind === 'demo' ? null : st.share.link, demoLinkError: null },
      history: { ...st.history, modelLoad: null, model: { id, name: record.name, epoch: cp.epoch, kind, engineRunId: runId } },
    }));
    // The drawing (or typed row) is predicted again, by this model.
    ctx.repredict();
    // The engine evaluates a loaded model as "epoch 0": the panels should name the checkpoint's epoch.
    const dated = (st: StudioState) => {
      const ev = st.run.id === runId ? st.run.evaluation : null;
      if (ev && ev.epoch !== cp.epoch) set((x) => (x.run.id === runId && x.run.evaluation ? { run: { ...x.run, evaluation: { ...x.run.evaluation, epoch: cp.epoch } } } : {}));
      return st.run.id !== runId || ev != null;
    };
    if (!dated(get())) ctx.subscribe?.(dated);
    return true;
  } catch (err) {
    // The engine keeps its previous model when a load fails: so does the run slice.
    set((st) => ({ run: st.run.id === runId ? previousRun : st.run }));
    failed(set, id, `The model of "${record.name}" could not be loaded: ${describeError(err)}`);
    return false;
  }
}
