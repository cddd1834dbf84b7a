import * as tf from '@tensorflow/tfjs';
import { TensorscopeError, describeError } from '../core/errors';
import type { BackendChoice, BackendName, ImageDataset } from '../core/types';
import { loadBundledMnist } from '../data/bundledMnist';
import { splitFor } from '../data/split';
import { buildModel } from '../models/buildModel';
import { hasConvLayers, type ExperimentSpec } from '../models/spec';
import { activateBackend } from './backends';
import { disposeDeviceData, uploadDataset, type DeviceData } from './deviceData';
import { predictPixels } from './evaluate';
import { batchesPerEpoch, runTraining, trainIndices, type LoopOptions } from './loop';
import { transferablesOf, type FromEngine, type ToEngine } from './protocol';

export type Post = (msg: FromEngine, transfer: Transferable[]) => void;

export interface HostOptions {
  loopOptions?: LoopOptions;
  /** Replaces the bundled-MNIST download (tests inject a dataset made in Node). */
  loadDataset?: (onProgress: (loaded: number, total: number | null) => void, url: string) => Promise<ImageDataset>;
}

/**
 * The training engine's message handler. The worker entry wires it to self.postMessage; the main-thread
 * fallback wires it straight to the client. It owns the dataset on the device, the model and the run.
 */
export class TrainingHost {
  private dataset: ImageDataset | null = null;
  private device: DeviceData | null = null;
  private model: tf.LayersModel | null = null;
  private runId: string | null = null;
  private running = false;
  private paused = false;
  private stopRequested = false;
  private resetRequested = false;
  private resumeWaiters: (() => void)[] = [];

  private readonly loopOptions: LoopOptions;
  private readonly fetchDataset: NonNullable<HostOptions['loadDataset']>;

  constructor(
    private readonly post: Post,
    options: HostOptions = {},
  ) {
    this.loopOptions = options.loopOptions ?? {};
    this.fetchDataset = options.loadDataset ?? loadBundledMnist;
  }

  private send(msg: FromEngine): void {
    this.post(msg, transferablesOf(msg));
  }

  async handle(msg: ToEngine): Promise<void> {
    switch (msg.type) {
      case 'loadDataset':
        return this.loadDataset(msg.url);
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
        return this.predict(msg.requestId, msg.pixels);
    }
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.runId && this.running && !this.stopRequested) this.send({ type: 'runState', runId: this.runId, state: 'running' });
    for (const w of this.resumeWaiters.splice(0)) w();
  }

  private async loadDataset(url: string): Promise<void> {
    try {
      const ds = await this.fetchDataset((loaded, total) => this.send({ type: 'datasetProgress', loaded, total }), url);
      this.dataset = ds;
      disposeDeviceData(this.device);
      this.device = null;
      // The UI gets its own copy (transferred); the engine keeps the original to upload to any backend.
      this.send({ type: 'datasetReady', dataset: { ...ds, images: ds.images.slice(), labels: ds.labels.slice() } });
    } catch (err) {
      this.send({ type: 'error', during: 'dataset', code: err instanceof TensorscopeError ? err.code : 'dataset-fetch', message: describeError(err) });
    }
  }

  private disposeModel(): void {
    this.model?.dispose();
    this.model = null;
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
      const model = buildModel(spec, this.device.inputShape);
      this.model = model;
      const split = splitFor(ds, spec.training.validationFraction);
      const train = trainIndices(split, spec);
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
        split,
        ds.labels,
        {
          onMetrics: (points, progress) => this.send({ type: 'metrics', runId, points, progress }),
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

  private async predict(requestId: number, pixels: Float32Array): Promise<void> {
    if (!this.model || !this.device) {
      this.send({ type: 'error', during: 'predict', code: 'model-not-ready', message: 'Train a model first, then draw to see its predictions.' });
      return;
    }
    try {
      const probabilities = await predictPixels(this.model, pixels, this.device.inputShape);
      this.send({ type: 'prediction', requestId, probabilities });
    } catch (err) {
      this.send({ type: 'error', during: 'predict', code: 'training-failed', message: `Prediction failed: ${describeError(err)}` });
    }
  }
}
