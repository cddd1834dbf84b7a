import * as tf from '@tensorflow/tfjs';
import { TensorscopeError, describeError } from '../core/errors';
import type { BackendChoice, BackendName, Dataset } from '../core/types';
import { normalizationParams, targetStats } from '../data/normalize';
import { hasTargetScale, setTargetScale } from '../models/targetScale';
import { splitFor } from '../data/split';
import { buildModel } from '../models/buildModel';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import { activateBackend } from './backends';
import { probeCache, probeForSpec, probeModelKey, specStep } from './backendProbe';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm, type DeviceData, type DeviceNorm } from './deviceData';
import { predictRaw } from './evaluate';
import { mcSummary } from './inspect';
import { attentionMaps } from './inspect/attention';
import { firstConvFilters, layerActivations, mcDropoutPredict, mcDropoutPredictRaw } from './inspect/modelProbes';
import { hasDropout } from '../models/seededDropout';
import type { DatasetSplit } from '../core/types';
import { batchesPerEpoch, runTraining, trainIndices, type LoopOptions } from './loop';
import { transferablesOf, type BackendInfo, type FromEngine, type KnownProbes, type NamedWeights, type NormArrays, type ResumeFrom, type TestEvaluation, type ToEngine } from './protocol';
import { loadModelFromArtifacts, modelTopology, readWeights, setDropoutCalls, writeWeights } from './modelTransfer';
import { predictOutputs } from './evaluate';
import { buildEvaluation } from './scoring';
import { weightHistograms } from './inspect/modelProbes';
import { boundaryDims, boundaryPlane, boundaryRange, computeBoundary, nextBoundaryAt, validFeatures, type BoundaryPlane, type BoundaryRange } from './boundary';
import { GRADIENT_BATCH, HISTOGRAM_MAX_PARAMS, computeHistograms } from './histograms';
import { predictBatch } from './predictBatch';
import { pruneCurve } from './pruning/pruneCurve';
import { prunableProblem } from './pruning/masks';
import { pruneTargetProblem } from './pruning/schedule';
import { shippingSizes } from './pruning/weightSize';
import { yieldToEventLoop } from './yieldToEventLoop';

export type Post = (msg: FromEngine, transfer: Transferable[]) => void;

export interface HostOptions {
  loopOptions?: LoopOptions;
}

/**
 * The training engine's message handler. The worker entry wires it to self.postMessage; the main-thread
 * fallback wires it straight to the client. It owns the dataset on the device, the model and the run.
 */
export class TrainingHost {
  private dataset: Dataset | null = null;
  private device: DeviceData | null = null;
  /** The trained model and the normalisation its inputs need; kept after a run for predictions. */
  private model: tf.LayersModel | null = null;
  private norm: DeviceNorm | null = null;
  /** The current model's input shape (a demo model can exist without any dataset on the device). */
  private inputShape: number[] | null = null;
  /** The normalisation of the current model as plain arrays (exports and demo links carry it). */
  private normArrays: NormArrays | null = null;
  /** The split of the current model's run (the test indices that MC dropout and the gallery refer to). */
  private split: DatasetSplit | null = null;
  private runId: string | null = null;
  private running = false;
  /** A pruning curve is fine-tuning copies of the model: no run may start on it meanwhile. */
  private pruning = false;
  /** Stop, Reset or new data while pruning: the curve ends at its next step, then the model is dropped if asked. */
  private pruneCancel: 'stop' | 'dispose' | null = null;
  private paused = false;
  private stopRequested = false;
  private resetRequested = false;
  private resumeWaiters: (() => void)[] = [];
  private pendingLearningRate: number | null = null;
  private readonly loopOptions: LoopOptions;
  /** Two-input data: the plane the decision-boundary grid covers (raw units), and when the next grid may be computed. */
  private boundary: { range: BoundaryRange; plane: BoundaryPlane; nextAt: number; epoch: number } | null = null;
  /** The feature pair the person picked for wider tables (validated against the data when used); null: the default pair. */
  private boundaryFeatures: [number, number] | null = null;

  /** The set-up a 'prepare' started (backend chosen and started, kernels warmed), for the start of that spec. */
  private prepared: { key: string; done: Promise<BackendInfo | null> } | null = null;
  /** The model a Train of the prepared spec starts from, built while idle (seeded: the weights start would make). */
  private spareModel: { key: string; model: tf.LayersModel } | null = null;

  constructor(
    private readonly post: Post,
    options: HostOptions = {},
  ) {
    this.loopOptions = options.loopOptions ?? {};
  }

  private send(msg: FromEngine): void {
    this.post(msg, transferablesOf(msg));
  }

  async handle(msg: ToEngine): Promise<void> {
    switch (msg.type) {
      case 'setDataset':
        this.dataset = msg.dataset;
        this.boundaryFeatures = null;
        // Device copies and models of the old data are useless now (unless a run still uses them).
        if (this.pruning) this.pruneCancel = 'dispose';
        else if (!this.running) {
          disposeDeviceData(this.device);
          this.device = null;
          this.disposeModel();
        }
        return;
      case 'prepare': {
        rememberProbes(msg.knownProbes);
        const shape = this.dataset ? { inputShape: this.dataset.inputShape, task: this.dataset.task, numClasses: this.dataset.numClasses } : msg.data;
        if (!shape || this.running || this.pruning) return;
        const key = prepareKey(msg.spec, msg.backend, shape.inputShape);
        const previous = this.prepared?.done ?? Promise.resolve(null);
        // Prepared for this shape before the data came (the page's early message): only the upload is left to do (and
        // the spare model again if only the seed changed).
        const done = this.prepared?.key === key ? previous.then((info) => this.spareFor(msg.spec, this.uploadFor(info))) : previous.then(() => this.prepare(msg.spec, msg.backend, shape));
        this.prepared = { key, done };
        return;
      }
      case 'start':
        rememberProbes(msg.knownProbes);
        return this.start(msg.runId, msg.spec, msg.backend, msg.resume ?? null);
      case 'getWeights':
        return this.request(msg.requestId, () => this.getWeights(msg.requestId));
      case 'evaluateWeights':
        return this.request(msg.requestId, () => this.evaluateWeights(msg.requestId, msg.weights));
      case 'loadWeights':
      case 'importModel':
        return this.request(msg.requestId, () => this.loadExternal(msg));
      case 'pause':
        if (this.running && !this.paused) {
          this.paused = true;
          if (this.runId) this.send({ type: 'runState', runId: this.runId, state: 'paused' });
        }
        return;
      case 'resume':
        this.resume();
        return;
      case 'setBoundaryFeatures':
        await this.setBoundaryFeatures(msg.features);
        return;
      case 'pruneCurve':
        return this.request(msg.requestId, () => this.prune(msg));
      case 'setWeights':
        return this.request(msg.requestId, () => this.setWeights(msg.requestId, msg.runId, msg.weights));
      case 'setLearningRate':
        if (this.running && Number.isFinite(msg.learningRate) && msg.learningRate > 0) this.pendingLearningRate = msg.learningRate;
        return;
      case 'stop':
        if (this.pruning) this.pruneCancel ??= 'stop';
        if (this.running) {
          this.stopRequested = true;
          this.resume();
        }
        return;
      case 'reset':
        // A running loop still uses the model; it is disposed when the loop has unwound.
        if (this.running) {
          this.stopRequested = true;
          this.resetRequested = true;
          this.resume();
        } else if (this.pruning) {
          this.pruneCancel = 'dispose';
        } else {
          this.disposeModel();
          this.dropSpareModel();
        }
        return;
      case 'predict':
        return this.predict(msg.requestId, msg.inputs, msg.passes ?? 0);
      case 'mcTest':
        return this.mcTest(msg.requestId, msg.passes);
      case 'inspect':
        return this.inspect(msg.requestId, msg.index, msg.inputs ?? null, msg.passes);
      case 'curve':
        return this.curve(msg.requestId, msg.inputs, msg.passes);
      case 'predictBatch':
        return this.request(msg.requestId, () => this.predictBatch(msg.requestId, msg.inputs, msg.count, msg.passes));
    }
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.runId && this.running && !this.stopRequested) this.send({ type: 'runState', runId: this.runId, state: 'running' });
    for (const w of this.resumeWaiters.splice(0)) w();
  }

  private disposeModel(): void {
    this.model?.dispose();
    this.model = null;
    disposeNorm(this.norm);
    this.norm = null;
    this.inputShape = null;
    this.normArrays = null;
    this.boundary = null;
  }

  /** Runs one request, answering its failure in words (the previous model stays as it was when it can). */
  private async request(requestId: number, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.send({ type: 'requestError', requestId, code: err instanceof TensorscopeError ? err.code : 'training-failed', message: describeError(err) });
    }
  }

  private setModel(model: tf.LayersModel, norm: NormArrays, inputShape: number[]): void {
    this.disposeModel();
    this.model = model;
    this.norm = uploadNorm(norm);
    this.normArrays = { shift: norm.shift.slice(), scale: norm.scale.slice() };
    this.inputShape = inputShape.slice();
  }

  private async getWeights(requestId: number): Promise<void> {
    if (!this.model || !this.inputShape || !this.normArrays) throw new TensorscopeError('model-not-ready', 'Train or load a model first.');
    const [topology, weights] = await Promise.all([modelTopology(this.model), readWeights(this.model)]);
    this.send({ type: 'weights', requestId, topology, weights, inputShape: this.inputShape, norm: { shift: this.normArrays.shift.slice(), scale: this.normArrays.scale.slice() } });
  }

  /** The test metric with other weights in place (quantised ones, to measure what quantisation costs). */
  private async evaluateWeights(requestId: number, weights: NamedWeights[]): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string' || !this.split || !this.dataset) throw new TensorscopeError('model-not-ready', typeof r === 'string' ? r : 'No test split to measure on.');
    if (this.running) throw new TensorscopeError('model-not-ready', 'Wait for the run to finish before measuring exports.');
    const original = await readWeights(r.model);
    writeWeights(r.model, weights);
    try {
      const out = await predictOutputs(r.model, r.device, r.norm, this.split.test);
      const targets = Array.from(this.split.test, (i) => this.dataset!.y[i]);
      const ev = buildEvaluation(r.device.task, out, targets, r.device.numClasses, 0, { weights: [], validation: null });
      this.send({ type: 'weightsEvaluated', requestId, metric: ev.metric });
    } finally {
      writeWeights(r.model, original);
    }
  }

  /** The sparsity ↔ accuracy curve of the current model (training/pruning/pruneCurve.ts); the model is left as it was. */
  private async prune(msg: Extract<ToEngine, { type: 'pruneCurve' }>): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string' || !this.split || !this.dataset) throw new TensorscopeError('model-not-ready', typeof r === 'string' ? r : 'No test split to measure on.');
    if (this.running) throw new TensorscopeError('model-not-ready', 'Wait for the run to finish before pruning.');
    const problem = msg.targets.length === 0 ? 'Pick at least one sparsity target.' : (msg.targets.map(pruneTargetProblem).find((p) => p !== null) ?? prunableProblem(r.model.trainableWeights.map((w) => ({ name: w.originalName, shape: w.shape as number[] }))));
    if (problem) throw new TensorscopeError('invalid-spec', problem);
    if (!Number.isInteger(msg.steps) || msg.steps < 1 || msg.steps > 100_000) throw new TensorscopeError('invalid-spec', 'Fine-tuning needs a whole number of steps between 1 and 100,000.');
    const split = this.split;
    const labels = Array.from(split.test, (i) => this.dataset!.y[i]);
    if (this.pruning) throw new TensorscopeError('model-not-ready', 'A pruning curve is already being measured.');
    this.pruning = true;
    this.pruneCancel = null;
    try {
      await pruneCurve(
        r.model,
        r.device,
        r.norm,
        { train: trainIndices(split, msg.spec), test: split.test },
        labels,
        msg.spec,
        { targets: msg.targets, scope: msg.scope, steps: msg.steps, seed: msg.seed },
        (p, done, total) => this.send({ type: 'prunePoint', requestId: msg.requestId, done, total, point: { ...p, sizes: shippingSizes(msg.spec, p.weights, this.dataset!) } }),
        async () => {
          await yieldToEventLoop();
          if (this.pruneCancel) throw new TensorscopeError('model-not-ready', 'Pruning was stopped; the model is as it was.');
        },
      );
    } finally {
      this.pruning = false;
      const cancel = this.pruneCancel;
      this.pruneCancel = null;
      // New data or Reset arrived meanwhile: what they would have dropped at once goes now.
      if (cancel === 'dispose') {
        disposeDeviceData(this.device);
        this.device = null;
        this.disposeModel();
      }
    }
    this.send({ type: 'pruneDone', requestId: msg.requestId });
  }

  /** A pruned copy's weights become the current model's, evaluated on the test split like a finished run's. */
  private async setWeights(requestId: number, runId: string, weights: NamedWeights[]): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string' || !this.split || !this.dataset) throw new TensorscopeError('model-not-ready', typeof r === 'string' ? r : 'No test split to evaluate on.');
    if (this.running) throw new TensorscopeError('model-not-ready', 'Wait for the run to finish before changing the model.');
    writeWeights(r.model, weights);
    this.runId = runId;
    const evaluation = await this.evaluateTest(r.model, this.dataset, this.split);
    this.send({ type: 'weightsSet', requestId, metric: evaluation.metric });
    this.send({ type: 'evaluation', runId, evaluation });
    this.boundary = this.boundaryFor(this.dataset, 0);
    await this.sendBoundary(runId, r.model, true);
  }

  /** A demo link's weights or an imported model.json becomes the current model, evaluated when the data fits. */
  private async loadExternal(msg: Extract<ToEngine, { type: 'loadWeights' | 'importModel' }>): Promise<void> {
    if (this.running) throw new TensorscopeError('model-import', 'Stop the current run before loading a model.');
    // A preparation still switching backends would pull the active one from under this model.
    await this.prepared?.done;
    const info = await activateBackend(msg.backend);
    this.send({ type: 'backend', info });
    const ds = this.dataset;
    let model: tf.LayersModel;
    let inputShape: number[];
    let norm: NormArrays;
    const split = ds ? splitFor(ds, splitConfigOf(msg.spec)) : null;
    if (msg.type === 'loadWeights') {
      inputShape = msg.inputShape;
      model = buildModel(msg.spec, inputShape);
      try {
        writeWeights(model, msg.weights);
      } catch (err) {
        model.dispose();
        throw err;
      }
      norm = msg.norm;
    } else {
      model = await loadModelFromArtifacts(msg.artifacts, msg.timeoutMs);
      try {
        inputShape = checkImportedShapes(model, ds);
      } catch (err) {
        model.dispose();
        throw err;
      }
      // An imported model gets the spec's normalisation of this data, computed like a run's.
      norm = ds && split ? normalizationParams(ds, trainIndices(split, msg.spec), msg.spec.dataset.normalization) : { shift: new Float32Array(1), scale: new Float32Array(1).fill(1 / 255) };
    }
    this.setModel(model, norm, inputShape);
    this.runId = msg.runId;
    const outputUnits = (model.outputs[0].shape[model.outputs[0].shape.length - 1] ?? 0) as number;
    this.send({ type: 'modelLoaded', requestId: msg.requestId, runId: msg.runId, info: { name: msg.type === 'importModel' ? msg.name : msg.spec.name, params: model.countParams(), inputShape, outputUnits } });
    const fits = ds && split && ds.inputShape.join() === inputShape.join() && (ds.task === 'regression' ? outputUnits === 1 : outputUnits === ds.numClasses);
    if (!fits || !ds || !split || (msg.type === 'loadWeights' && !msg.evaluate)) return;
    if (!this.device || this.device.backend !== info.name || this.device.fingerprint !== ds.fingerprint) {
      disposeDeviceData(this.device);
      this.device = uploadDataset(ds, info.name);
    }
    this.split = split;
    this.send({ type: 'evaluation', runId: msg.runId, evaluation: await this.evaluateTest(model, ds, split) });
    this.boundary = this.boundaryFor(ds, 0);
    await this.sendBoundary(msg.runId, model, true);
  }

  private async evaluateTest(model: tf.LayersModel, ds: Dataset, split: DatasetSplit): Promise<TestEvaluation> {
    const out = await predictOutputs(model, this.device!, this.norm!, split.test);
    const targets = Array.from(split.test, (i) => ds.y[i]);
    return buildEvaluation(ds.task, out, targets, ds.numClasses, 0, { weights: await weightHistograms(model), validation: null });
  }

  private async start(runId: string, spec: ExperimentSpec, backend: BackendChoice, resume: ResumeFrom | null): Promise<void> {
    if (this.running || this.pruning) {
      this.send({ type: 'error', during: 'training', code: 'training-failed', message: this.pruning ? 'The model is being pruned; wait for the curve to finish.' : 'A run is already in progress; stop it first.', runId });
      return;
    }
    const ds = this.dataset;
    if (!ds) {
      this.send({ type: 'error', during: 'training', code: 'model-not-ready', message: 'The dataset has not loaded yet.', runId });
      return;
    }
    this.running = true;
    this.paused = false;
    this.stopRequested = false;
    this.pendingLearningRate = null;
    this.runId = runId;
    let stage: 'backend' | 'training' = 'backend';
    let activeBackend: BackendName | undefined;
    try {
      // What 'prepare' set up for this spec and backend, when it is still the active backend; else the usual way:
      // 'auto' times a few training steps of this model on every backend that starts and takes the fastest.
      const prepared = this.prepared;
      this.prepared = null;
      const ready = prepared ? await prepared.done : null;
      const info =
        ready && prepared?.key === prepareKey(spec, backend, ds.inputShape) && tf.getBackend() === ready.name
          ? ready
          : backend === 'auto'
            ? await probeForSpec(spec, ds)
            : await activateBackend(backend);
      activeBackend = info.name;
      this.send({ type: 'backend', info });
      stage = 'training';
      if (!this.device || this.device.backend !== info.name || this.device.fingerprint !== ds.fingerprint) {
        disposeDeviceData(this.device);
        this.device = null;
        this.device = uploadDataset(ds, info.name);
      }
      this.disposeModel();
      const split = splitFor(ds, splitConfigOf(spec));
      this.split = split;
      const train = trainIndices(split, spec);
      const normArrays = normalizationParams(ds, train, spec.dataset.normalization);
      const model = this.takeModel(spec, this.device.inputShape);
      this.setModel(model, normArrays, this.device.inputShape);
      this.boundary = this.boundaryFor(ds, resume?.epochsDone ?? 0);
      const perEpoch = batchesPerEpoch(train.length, spec.training.batchSize);
      // A regression model's target scale comes from this split's train targets (a resumed run's weights hold the same).
      const targets = hasTargetScale(model) ? targetStats(ds.y, train) : null;
      if (targets) setTargetScale(model, targets);
      this.device.lossScale = targets ? 1 / targets.std : 1;
      if (resume) {
        writeWeights(model, resume.weights);
        setDropoutCalls(model, resume.epochsDone * perEpoch);
      }
      // Gradients on a fixed slice of the training split, one training batch's worth: what the optimizer sees in one step.
      const histograms: HistogramState = { ranges: new Map(), batch: train.slice(0, Math.min(GRADIENT_BATCH, spec.training.batchSize)), spec, off: false };
      this.send({
        type: 'runStarted',
        runId,
        trainCount: train.length,
        valCount: split.validation.length,
        testCount: split.test.length,
        batchesPerEpoch: perEpoch,
        totalEpochs: spec.training.epochs,
        params: model.countParams(),
      });
      const outcome = await runTraining(
        model,
        spec,
        this.device,
        this.norm as DeviceNorm,
        split,
        ds.y,
        {
          onMetrics: (points, progress, markers) => {
            if (this.boundary) this.boundary.epoch = progress.epoch - 1 + progress.batch / Math.max(1, progress.batchesPerEpoch);
            this.send({ type: 'metrics', runId, points, progress, markers });
          },
          onEvaluation: (evaluation) => this.send({ type: 'evaluation', runId, evaluation }),
          onNote: (message) => this.send({ type: 'note', runId, message }),
          takeLearningRate: () => {
            const lr = this.pendingLearningRate;
            this.pendingLearningRate = null;
            return lr;
          },
          onEpochEnd: (summary, evaluation) => {
            this.send({ type: 'epochEnd', runId, summary });
            this.send({ type: 'evaluation', runId, evaluation });
          },
          shouldContinue: async () => {
            const go = await this.waitWhilePaused();
            if (go) await this.sendBoundary(runId, model, false);
            return go;
          },
          onDiverged: (divergence) => this.send({ type: 'diverged', runId, divergence }),
          afterEpoch: (epoch) => this.sendHistograms(runId, model, epoch, histograms),
          onCheckpoint: async (epoch, optimizerWeights) => {
            const [weights, optimizer] = await Promise.all([readWeights(model), optimizerWeights()]);
            this.send({ type: 'checkpoint', runId, epoch, weights, optimizer });
          },
        },
        { ...this.loopOptions, ...(resume ? { resume: { epochsDone: resume.epochsDone, optimizer: resume.optimizer } } : {}) },
      );
      // The finished model's boundary (after early stopping's restore too), whatever the throttle says.
      if (outcome !== 'diverged') await this.sendBoundary(runId, model, true);
      this.send({ type: 'runState', runId, state: outcome });
    } catch (err) {
      const code = err instanceof TensorscopeError ? err.code : stage === 'backend' ? 'backend-init' : 'training-failed';
      const where = activeBackend ? ` on the ${activeBackend} backend` : '';
      this.send({
        type: 'error',
        during: stage,
        code,
        message: stage === 'training' ? `Training failed${where}: ${describeError(err)}` : describeError(err),
        runId,
        ...(activeBackend ? { backend: activeBackend } : {}),
      });
    } finally {
      this.running = false;
      this.paused = false;
      if (this.resetRequested) {
        this.resetRequested = false;
        this.disposeModel();
      }
    }
  }

  /**
   * Chooses and starts the backend a Train of `spec` would use, then runs one training step of its model on dummy
   * data, so shaders, XNNPACK operators and optimizer code paths exist before the first real batch; uploads the
   * dataset when it is here. Failures are left for the start to meet and report.
   */
  private async prepare(spec: ExperimentSpec, backend: BackendChoice, shape: { inputShape: number[]; task: Dataset['task']; numClasses: number }): Promise<BackendInfo | null> {
    try {
      const info = backend === 'auto' ? await probeForSpec(spec, shape) : await activateBackend(backend);
      this.uploadFor(info);
      // The probe has just trained this model on this backend (kernels compiled, operators set up): no second warm-up.
      if (!(info.probe && !info.probe.cached && info.probe.results.some((r) => r.backend === info.name && r.samplesPerSec != null))) {
        const session = specStep(spec, shape.inputShape, shape)(info.name);
        try {
          const loss = session.step(session.batchSize);
          await loss.data();
          loss.dispose();
        } finally {
          session.dispose();
        }
      }
      return this.spareFor(spec, info, shape.inputShape);
    } catch {
      return null;
    }
  }

  private static modelKey(spec: ExperimentSpec, inputShape: readonly number[]): string {
    return JSON.stringify([spec.model, spec.seed, spec.dataset.standardizeTarget === true, tf.getBackend(), inputShape]);
  }

  /**
   * Builds the model a Train of `spec` would start from on the prepared backend (~75 ms for the MLP under load: not
   * after the click), for `inputShape` or the data's; a spec that differs only in its seed from the prepared one
   * rebuilds it. Returns `info` for chaining. Also while a start waits for this preparation (a click during it).
   */
  private spareFor(spec: ExperimentSpec, info: BackendInfo | null, inputShape = this.dataset?.inputShape): BackendInfo | null {
    if (!info || !inputShape || tf.getBackend() !== info.name) return info;
    const key = TrainingHost.modelKey(spec, inputShape);
    if (this.spareModel?.key === key) return info;
    this.dropSpareModel();
    try {
      this.spareModel = { key, model: buildModel(spec, inputShape) };
    } catch {
      /* the start builds it and reports the problem */
    }
    return info;
  }

  /** The spare model when it was built for this spec, shape and backend, else a new one. */
  private takeModel(spec: ExperimentSpec, inputShape: number[]): tf.LayersModel {
    const spare = this.spareModel;
    this.spareModel = null;
    if (spare?.key === TrainingHost.modelKey(spec, inputShape)) return spare.model;
    spare?.model.dispose();
    return buildModel(spec, inputShape);
  }

  private dropSpareModel(): void {
    this.spareModel?.model.dispose();
    this.spareModel = null;
  }

  /** Puts the dataset on the prepared backend, unless it is there already or a run owns the device data. */
  private uploadFor(info: BackendInfo | null): BackendInfo | null {
    const ds = this.dataset;
    if (!info || !ds || this.running || tf.getBackend() !== info.name) return info;
    if (this.device && this.device.backend === info.name && this.device.fingerprint === ds.fingerprint) return info;
    try {
      disposeDeviceData(this.device);
      this.device = null;
      this.device = uploadDataset(ds, info.name);
    } catch {
      /* the start uploads again and reports a failure */
    }
    return info;
  }

  /** The boundary state for data that can have one (see boundaryDims), over the picked feature pair; else null. */
  private boundaryFor(ds: Dataset, epoch: number): { range: BoundaryRange; plane: BoundaryPlane; nextAt: number; epoch: number } | null {
    const dims = boundaryDims(ds);
    if (!dims) return null;
    const plane = boundaryPlane(ds.x, dims, this.boundaryFeatures);
    return { range: boundaryRange(ds.x, null, 0.1, plane), plane, nextAt: 0, epoch };
  }

  /** A new feature pair: the next grid (at once when no run is training) covers that plane. */
  private async setBoundaryFeatures(features: [number, number]): Promise<void> {
    const ds = this.dataset;
    const dims = ds ? boundaryDims(ds) : 0;
    if (!ds || !dims) return;
    this.boundaryFeatures = validFeatures(dims, features);
    const epoch = this.boundary?.epoch ?? 0;
    this.boundary = this.boundaryFor(ds, epoch);
    if (!this.running && this.model && this.runId) await this.sendBoundary(this.runId, this.model, true);
  }

  /**
   * Data with two or more numeric inputs: the model's prediction over the input plane, at most every 250 ms and never more than a tenth of
   * the training time (see nextBoundaryAt); `force` for the finished model. A failure turns the grid off, not the run.
   */
  private async sendBoundary(runId: string, model: tf.LayersModel, force: boolean): Promise<void> {
    const b = this.boundary;
    const ds = this.dataset;
    if (!b || !this.norm || !ds) return;
    const t = performance.now();
    if (!force && t < b.nextAt) return;
    try {
      const grid = await computeBoundary(model, this.norm, b.range, { task: ds.task, numClasses: ds.numClasses, epoch: b.epoch, plane: b.plane });
      b.nextAt = nextBoundaryAt(performance.now(), grid.computeMs);
      this.send({ type: 'boundary', runId, grid });
    } catch {
      this.boundary = null;
    }
  }

  /** Each epoch's weight and gradient histograms; a model above HISTOGRAM_MAX_PARAMS says so once; a failure turns them off, not the run. */
  private async sendHistograms(runId: string, model: tf.LayersModel, epoch: number, h: HistogramState): Promise<void> {
    if (h.off || !this.device || !this.norm) return;
    const params = model.countParams();
    if (params > HISTOGRAM_MAX_PARAMS) {
      h.off = true;
      const skipped = `Weight and gradient histograms are off for models over ${HISTOGRAM_MAX_PARAMS.toLocaleString('en-US')} parameters (this one has ${params.toLocaleString('en-US')}).`;
      this.send({ type: 'histograms', runId, histograms: { epoch, layers: [], computeMs: 0, skipped } });
      return;
    }
    try {
      const t = h.spec.training;
      const histograms = await computeHistograms(model, { data: this.device, norm: this.norm, batch: h.batch, loss: t.loss, l1: t.l1, l2: t.l2 }, epoch, h.ranges);
      this.send({ type: 'histograms', runId, histograms });
    } catch {
      h.off = true;
    }
  }

  private async waitWhilePaused(): Promise<boolean> {
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
    return !this.stopRequested;
  }

  /** The trained model and what it needs, or a plain-words reason it is not there. */
  private ready(): { model: tf.LayersModel; norm: DeviceNorm; device: DeviceData } | string {
    // A demo model loaded without data can predict drawings but has no test split to inspect.
    if (!this.model || !this.norm || !this.device) return 'Train a model first.';
    return { model: this.model, norm: this.norm, device: this.device };
  }

  private async mcTest(requestId: number, passes: number): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string' || !this.split || !this.runId) {
      this.send({ type: 'inspectError', requestId, message: typeof r === 'string' ? r : 'No run to inspect.' });
      return;
    }
    try {
      const T = Math.max(1, Math.min(100, Math.round(passes)));
      const samples = await mcDropoutPredict(r.model, r.device, r.norm, this.split.test, T);
      const C = samples.length / (T * this.split.test.length);
      this.send({ type: 'mcTestResult', requestId, runId: this.runId, passes: T, summary: mcSummary(samples, T, this.split.test.length, C) });
    } catch (err) {
      this.send({ type: 'inspectError', requestId, message: `Monte-Carlo dropout failed: ${describeError(err)}` });
    }
  }

  private async inspect(requestId: number, index: number | null, inputs: Float32Array | null, passes: number): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string') {
      this.send({ type: 'inspectError', requestId, message: r });
      return;
    }
    try {
      const T = Math.max(1, Math.min(100, Math.round(passes)));
      const shape = r.device.inputShape;
      const size = shape.reduce((a, b) => a * b, 1);
      let raw: Float32Array;
      if (index != null) {
        if (!this.dataset || index < 0 || index >= this.dataset.count) throw new Error(`no example ${index}`);
        raw = Float32Array.from(this.dataset.x.subarray(index * size, (index + 1) * size));
      } else if (inputs && inputs.length === size) raw = inputs;
      else throw new Error(`the model expects inputs of shape [${shape.join(', ')}]`);
      const samples = await mcDropoutPredictRaw(r.model, r.norm, raw, shape, T);
      const C = samples.length / T;
      const input = tf.tidy(() => tf.tensor2d(raw, [1, size]).sub(r.norm.shift).mul(r.norm.scale).reshape([1, ...shape]));
      let activations;
      let attention = null;
      try {
        activations = await layerActivations(r.model, input);
        attention = await attentionMaps(r.model, input);
      } finally {
        input.dispose();
      }
      this.send({
        type: 'inspection',
        requestId,
        result: { index, passes: T, mc: mcSummary(samples, T, 1, C), hasDropout: hasDropout(r.model), activations, filters: await firstConvFilters(r.model), attention },
      });
    } catch (err) {
      this.send({ type: 'inspectError', requestId, message: `Could not inspect this example: ${describeError(err)}` });
    }
  }

  private async curve(requestId: number, inputs: Float32Array, passes: number): Promise<void> {
    const r = this.ready();
    if (typeof r === 'string') {
      this.send({ type: 'inspectError', requestId, message: r });
      return;
    }
    try {
      const T = Math.max(1, Math.min(100, Math.round(passes)));
      const size = r.device.inputShape.reduce((a, b) => a * b, 1);
      const k = Math.floor(inputs.length / size);
      const s = mcSummary(await mcDropoutPredictRaw(r.model, r.norm, inputs, r.device.inputShape, T), T, k, 1);
      this.send({ type: 'curveResult', requestId, mean: s.mean, std: s.std });
    } catch (err) {
      this.send({ type: 'inspectError', requestId, message: `Could not compute the prediction curve: ${describeError(err)}` });
    }
  }

  /** Many raw examples at once (the embed view's API), with MC-dropout spread when the model has dropout. */
  private async predictBatch(requestId: number, inputs: Float32Array, count: number, passes: number): Promise<void> {
    if (!this.model || !this.norm || !this.inputShape) throw new TensorscopeError('model-not-ready', 'No model is loaded yet.');
    const r = await predictBatch(this.model, this.norm, inputs, count, this.inputShape, passes);
    this.send({ type: 'predictionBatch', requestId, mean: r.mean, std: r.std, outputs: r.outputs, hasDropout: r.hasDropout, passes: r.passes });
  }

  private async predict(requestId: number, inputs: Float32Array, passes: number): Promise<void> {
    if (!this.model || !this.norm || !this.inputShape) {
      this.send({ type: 'error', during: 'predict', code: 'model-not-ready', message: 'Train a model first, then draw to see its predictions.' });
      return;
    }
    if (inputs.length !== this.inputShape.reduce((a, b) => a * b, 1)) {
      this.send({ type: 'error', during: 'predict', code: 'model-not-ready', message: `The model expects inputs of shape [${this.inputShape.join(', ')}].` });
      return;
    }
    try {
      const probabilities = await predictRaw(this.model, this.norm, inputs, this.inputShape);
      if (passes > 1 && hasDropout(this.model)) {
        const T = Math.min(100, Math.round(passes));
        const samples = await mcDropoutPredictRaw(this.model, this.norm, inputs, this.inputShape, T);
        this.send({ type: 'prediction', requestId, probabilities, mc: mcSummary(samples, T, 1, probabilities.length), hasDropout: true });
      } else {
        this.send({ type: 'prediction', requestId, probabilities, hasDropout: hasDropout(this.model) });
      }
    } catch (err) {
      this.send({ type: 'error', during: 'predict', code: 'training-failed', message: `Prediction failed: ${describeError(err)}` });
    }
  }
}

/** One run's histogram state: each histogram's range so far (they only grow) and the fixed gradient batch. */
interface HistogramState {
  ranges: Map<string, number>;
  batch: Int32Array;
  spec: ExperimentSpec;
  off: boolean;
}

/** The imported model's input shape, refused with the reason when it cannot take the loaded data. */
function checkImportedShapes(model: tf.LayersModel, ds: Dataset | null): number[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new TensorscopeError('model-import', `Tensorscope needs a model with one input and one output; this one has ${model.inputs.length} and ${model.outputs.length}.`);
  }
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d == null || d <= 0)) throw new TensorscopeError('model-import', `The model's input shape [${shape.join(', ')}] has free dimensions; Tensorscope needs a fixed input shape.`);
  const inputShape = shape as number[];
  if (ds && inputShape.join() !== ds.inputShape.join()) {
    throw new TensorscopeError('model-import', `The model expects inputs of shape [${inputShape.join(', ')}], but the loaded data "${ds.name}" has [${ds.inputShape.join(', ')}].`);
  }
  const units = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  if (ds && ds.task === 'classification' && units !== ds.numClasses) {
    throw new TensorscopeError('model-import', `The model has ${units} outputs, but the loaded data has ${ds.numClasses} classes.`);
  }
  return inputShape;
}

/** Choices measured in earlier sessions (kept by the UI) spare the probe on a reload; this session's own stand. */
function rememberProbes(known: KnownProbes | undefined): void {
  for (const [key, value] of Object.entries(known ?? {})) if (!probeCache.has(key)) probeCache.set(key, value);
}

/** Which preparation a start can use: the same backend choice, model, input shape and batch size. */
function prepareKey(spec: ExperimentSpec, backend: BackendChoice, inputShape: readonly number[]): string {
  return `${backend} ${probeModelKey(spec, inputShape)}`;
}
