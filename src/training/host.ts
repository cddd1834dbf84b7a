import * as tf from '@tensorflow/tfjs';
import { TensorscopeError, describeError } from '../core/errors';
import type { BackendChoice, BackendName, Dataset } from '../core/types';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { buildModel } from '../models/buildModel';
import { hasConvLayers, splitConfigOf, type ExperimentSpec } from '../models/spec';
import { activateBackend } from './backends';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm, type DeviceData, type DeviceNorm } from './deviceData';
import { predictRaw } from './evaluate';
import { mcSummary } from './inspect';
import { firstConvFilters, layerActivations, mcDropoutPredict, mcDropoutPredictRaw } from './inspect/modelProbes';
import { hasDropout } from '../models/seededDropout';
import type { DatasetSplit } from '../core/types';
import { batchesPerEpoch, runTraining, trainIndices, type LoopOptions } from './loop';
import { transferablesOf, type FromEngine, type ToEngine } from './protocol';

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
  /** The split of the current model's run (the test indices that MC dropout and the gallery refer to). */
  private split: DatasetSplit | null = null;
  private runId: string | null = null;
  private running = false;
  private paused = false;
  private stopRequested = false;
  private resetRequested = false;
  private resumeWaiters: (() => void)[] = [];
  private pendingLearningRate: number | null = null;
  private readonly loopOptions: LoopOptions;

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
        // Device copies and models of the old data are useless now (unless a run still uses them).
        if (!this.running) {
          disposeDeviceData(this.device);
          this.device = null;
          this.disposeModel();
        }
        return;
      case 'start':
        return this.start(msg.runId, msg.spec, msg.backend);
      case 'pause':
        if (this.running && !this.paused) {
          this.paused = true;
          if (this.runId) this.send({ type: 'runState', runId: this.runId, state: 'paused' });
        }
        return;
      case 'resume':
        this.resume();
        return;
      case 'setLearningRate':
        if (this.running && Number.isFinite(msg.learningRate) && msg.learningRate > 0) this.pendingLearningRate = msg.learningRate;
        return;
      case 'stop':
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
        } else {
          this.disposeModel();
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
  }

  private async start(runId: string, spec: ExperimentSpec, backend: BackendChoice): Promise<void> {
    if (this.running) {
      this.send({ type: 'error', during: 'training', code: 'training-failed', message: 'A run is already in progress; stop it first.', runId });
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
      const info = await activateBackend(backend, hasConvLayers(spec));
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
      this.norm = uploadNorm(normalizationParams(ds, train, spec.dataset.normalization));
      const model = buildModel(spec, this.device.inputShape);
      this.model = model;
      this.send({
        type: 'runStarted',
        runId,
        trainCount: train.length,
        valCount: split.validation.length,
        testCount: split.test.length,
        batchesPerEpoch: batchesPerEpoch(train.length, spec.training.batchSize),
        totalEpochs: spec.training.epochs,
        params: model.countParams(),
      });
      const outcome = await runTraining(
        model,
        spec,
        this.device,
        this.norm,
        split,
        ds.y,
        {
          onMetrics: (points, progress, markers) => this.send({ type: 'metrics', runId, points, progress, markers }),
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
          shouldContinue: () => this.waitWhilePaused(),
        },
        this.loopOptions,
      );
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

  private async waitWhilePaused(): Promise<boolean> {
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
    return !this.stopRequested;
  }

  /** The trained model and what it needs, or a plain-words reason it is not there. */
  private ready(): { model: tf.LayersModel; norm: DeviceNorm; device: DeviceData } | string {
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
      try {
        activations = await layerActivations(r.model, input);
      } finally {
        input.dispose();
      }
      this.send({
        type: 'inspection',
        requestId,
        result: { index, passes: T, mc: mcSummary(samples, T, 1, C), hasDropout: hasDropout(r.model), activations, filters: firstConvFilters(r.model) },
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

  private async predict(requestId: number, inputs: Float32Array, passes: number): Promise<void> {
    if (!this.model || !this.norm || !this.device) {
      this.send({ type: 'error', during: 'predict', code: 'model-not-ready', message: 'Train a model first, then draw to see its predictions.' });
      return;
    }
    if (inputs.length !== this.device.inputShape.reduce((a, b) => a * b, 1)) {
      this.send({ type: 'error', during: 'predict', code: 'model-not-ready', message: `The model expects inputs of shape [${this.device.inputShape.join(', ')}].` });
      return;
    }
    try {
      const probabilities = await predictRaw(this.model, this.norm, inputs, this.device.inputShape);
      if (passes > 1 && hasDropout(this.model)) {
        const T = Math.min(100, Math.round(passes));
        const samples = await mcDropoutPredictRaw(this.model, this.norm, inputs, this.device.inputShape, T);
        this.send({ type: 'prediction', requestId, probabilities, mc: mcSummary(samples, T, 1, probabilities.length), hasDropout: true });
      } else {
        this.send({ type: 'prediction', requestId, probabilities, hasDropout: hasDropout(this.model) });
      }
    } catch (err) {
      this.send({ type: 'error', during: 'predict', code: 'training-failed', message: `Prediction failed: ${describeError(err)}` });
    }
  }
}
