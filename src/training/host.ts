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
        return this.predict(msg.requestId, msg.inputs);
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

  private async predict(requestId: number, inputs: Float32Array): Promise<void> {
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
      this.send({ type: 'prediction', requestId, probabilities });
    } catch (err) {
      this.send({ type: 'error', during: 'predict', code: 'training-failed', message: `Prediction failed: ${describeError(err)}` });
    }
  }
}
