/// <reference lib="webworker" />
/**
 * One benchmark run per worker (the page starts a fresh worker for each run, so runs share no tfjs state):
 * (a) Tensorscope's engine — runTraining with the app's DeviceData/normalisation, as the training worker runs it;
 * (b) a reference — plain model.fit with per-batch onBatchEnd callbacks, as the tfjs-examples MNIST demo trains.
 * Same model (buildModel + the preset's spec), same examples, batch size, optimizer and backend.
 */
import * as tf from '@tensorflow/tfjs';
import { describeError } from '../core/errors';
import { BUNDLED_MNIST_PATH, datasetFromBundle } from '../data/bundledMnist';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { buildModel } from '../models/buildModel';
import { specFromPreset } from '../models/presets';
import { splitConfigOf, type ExperimentSpec } from '../models/spec';
import { activateBackend } from '../training/backends';
import { restoreStockKernels } from '../training/kernels/registerTrainingKernels';
import { modelTopology } from '../training/modelTransfer';
import { disposeDeviceData, disposeNorm, uploadDataset, uploadNorm } from '../training/deviceData';
import { runTraining, trainIndices } from '../training/loop';
import type { BackendInfo } from '../training/protocol';
import type { BenchFailure, BenchRequest, BenchResult, BenchSuccess, EpochTiming, FromBenchWorker, KernelCheckRequest } from './types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromBenchWorker) => scope.postMessage(msg);
const progress = (text: string) => post({ type: 'progress', text });

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The preset's spec with the bench's epochs, batch size and subset; no validation, no early stopping. */
function benchSpec(req: BenchRequest): ExperimentSpec {
  const spec = specFromPreset(req.model === 'mlp' ? 'keras-mlp' : 'cnn');
  spec.training = {
    ...spec.training,
    epochs: req.warmupEpochs + req.timedEpochs,
    batchSize: req.batchSize,
    validationFraction: 0,
    maxTrainSamples: req.samples,
    earlyStopping: { ...spec.training.earlyStopping, enabled: false },
  };
  return spec;
}

/** Tracks the largest tf.memory() seen. */
function memoryPeak() {
  let tensors = 0;
  let bytes = 0;
  return {
    sample() {
      const m = tf.memory();
      if (m.numTensors > tensors) tensors = m.numTensors;
      if (m.numBytes > bytes) bytes = m.numBytes;
    },
    get tensors() {
      return tensors;
    },
    get bytes() {
      return bytes;
    },
  };
}

/**
 * The same model in plain TF.js layers, as a tfjs example would write it: the topology of buildModel's model with
 * tf.layers.dropout in place of Tensorscope's seeded dropout (the two are identical at inference), and the same
 * initial weights.
 */
async function plainModel(spec: ExperimentSpec, inputShape: number[]): Promise<tf.LayersModel> {
  const built = buildModel(spec, inputShape);
  try {
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: await modelTopology(built) }));
    model.setWeights(built.getWeights());
    return model;
  } finally {
    built.dispose();
  }
}

async function run(req: BenchRequest): Promise<BenchResult> {
  const { baseUrl: _baseUrl, ...request } = req;
  const fail = (stage: BenchFailure['stage'], err: unknown, extra: Partial<BenchFailure> = {}): BenchFailure => ({ ok: false, request, stage, error: describeError(err), ...extra });
  const t0 = performance.now();

  let info: BackendInfo;
  try {
    info = await activateBackend(req.backend);
    if (info.name !== req.backend) throw new Error(`asked for ${req.backend}, got ${info.name}`);
  } catch (err) {
    return fail('backend', err);
  }
  const tBackend = performance.now();
  progress(`${req.engine}/${req.backend}/${req.model}: backend ready (${info.adapter ?? 'no adapter string'})`);

  let ds;
  try {
    const res = await fetch(new URL(BUNDLED_MNIST_PATH, req.baseUrl));
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${BUNDLED_MNIST_PATH}`);
    ds = await datasetFromBundle(new Uint8Array(await res.arrayBuffer()));
  } catch (err) {
    return fail('data', err, { backend: info.name, adapter: info.adapter });
  }
  const spec = benchSpec(req);
  const full = splitFor(ds, splitConfigOf(spec));
  const train = trainIndices(full, spec);
  if (train.length < req.samples) return fail('data', new Error(`only ${train.length} training examples, ${req.samples} asked`));
  const normArrays = normalizationParams(ds, train, spec.dataset.normalization);
  const tData = performance.now();

  const peak = memoryPeak();
  // When the first batch's loss was on the host (a: the first metrics read-back; b: the first onBatchEnd).
  let firstBatchAt: number | null = null;
  const epochs: EpochTiming[] = [];
  let params = 0;
  let profile: BenchSuccess['profile'];
  const trainAll = async (): Promise<void> => {
    if (req.engine === 'tensorscope') {
      // Exactly the objects TrainingHost.start builds: the whole dataset on the device, the norm as tensors.
      const device = uploadDataset(ds, info.name);
      const norm = uploadNorm(normArrays);
      const model = buildModel(spec, device.inputShape);
      params = model.countParams();
      // The same train examples; no validation; a 32-example test split keeps runTraining's per-epoch evaluation
      // short (it is left out of the timing either way).
      const split = { train, validation: new Int32Array(0), test: full.test.slice(0, 32) };
      let lastEnd = performance.now();
      let lastLoss = NaN;
      try {
        await runTraining(model, spec, device, norm, split, ds.y, {
          onMetrics: (points) => {
            firstBatchAt ??= performance.now();
            peak.sample();
            if (points.length) lastLoss = points[points.length - 1].loss;
          },
          onEpochEnd: (summary) => {
            const t = performance.now();
            // Wall time since the previous epoch's end, minus this epoch's evaluation: the batch phase plus the
            // engine's own yields and shuffle, i.e. everything runTraining does per epoch except evaluating.
            const ms = t - lastEnd - summary.evalMs;
            epochs.push({ epoch: summary.epoch, ms, engineTrainMs: summary.trainMs, evalMs: summary.evalMs, loss: Number.isFinite(summary.trainLoss) ? summary.trainLoss : lastLoss });
            lastEnd = t;
            progress(`${req.engine}/${req.backend}/${req.model}: epoch ${summary.epoch} ${Math.round(ms)} ms (engine trainMs ${Math.round(summary.trainMs)}, eval ${Math.round(summary.evalMs)} ms excluded)`);
          },
          shouldContinue: () => true,
          // Called before every batch: a free per-batch hook to sample the tensor count (pending scalars included).
          takeLearningRate: () => {
            peak.sample();
            return null;
          },
        });
      } finally {
        model.dispose();
        disposeNorm(norm);
        disposeDeviceData(device);
      }
    } else {
      // The tfjs-examples way: float32 tensors of the (normalised) examples and one-hot labels built on the host.
      const size = ds.inputShape.reduce((a, b) => a * b, 1);
      const xsHost = new Float32Array(train.length * size);
      const ysHost = new Float32Array(train.length * ds.numClasses);
      const shift = normArrays.shift[0];
      const scale = normArrays.scale[0];
      for (let r = 0; r < train.length; r++) {
        const src = train[r] * size;
        for (let j = 0; j < size; j++) xsHost[r * size + j] = (ds.x[src + j] - shift) * scale;
        ysHost[r * ds.numClasses + ds.y[train[r]]] = 1;
      }
      const xs = tf.tensor(xsHost, [train.length, ...ds.inputShape], 'float32');
      const ys = tf.tensor2d(ysHost, [train.length, ds.numClasses], 'float32');
      const model = await plainModel(spec, ds.inputShape);
      params = model.countParams();
      // Plain TF.js: tfjs's own Adam (Keras's hyper-parameters, as makeOptimizer sets them) and the backend's own kernels.
      const optimizer = tf.train.adam(spec.training.learningRate, 0.9, 0.999, 1e-7);
      restoreStockKernels(info.name);
      model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      let epochStart = 0;
      let lossSum = 0;
      let batches = 0;
      try {
        await model.fit(xs, ys, {
          epochs: spec.training.epochs,
          batchSize: req.batchSize,
          shuffle: true,
          validationSplit: 0,
          verbose: 0,
          callbacks: {
            onEpochBegin: async () => {
              epochStart = performance.now();
              lossSum = 0;
              batches = 0;
            },
            onBatchBegin: async () => {
              peak.sample();
            },
            // Reading logs.loss per batch, as the tfjs-examples demo does to plot it (tfjs resolves the logs' scalars first).
            onBatchEnd: async (_batch, logs) => {
              firstBatchAt ??= performance.now();
              peak.sample();
              lossSum += logs?.loss ?? NaN;
              batches++;
            },
            onEpochEnd: async (epoch) => {
              const t = performance.now();
              epochs.push({ epoch: epoch + 1, ms: t - epochStart, loss: lossSum / Math.max(1, batches) });
              progress(`${req.engine}/${req.backend}/${req.model}: epoch ${epoch + 1} ${Math.round(t - epochStart)} ms`);
            },
          },
        });
      } finally {
        model.dispose();
        optimizer.dispose();
        xs.dispose();
        ys.dispose();
      }
    }
  };
  try {
    if (!req.profile) await trainAll();
    else {
      // Diagnostic mode (--profile): every kernel the run dispatched, by name. Profiling slows kernels down (it checks
      // every output for NaN), so these runs' timings are not comparable with normal ones.
      const info = await tf.profile(trainAll);
      const byName = new Map<string, { count: number; ms: number }>();
      for (const k of info.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        const e = byName.get(key) ?? { count: 0, ms: 0 };
        e.count++;
        if (typeof k.kernelTimeMs === 'number') e.ms += k.kernelTimeMs;
        byName.set(key, e);
      }
      const batches = spec.training.epochs * Math.ceil(req.samples / req.batchSize);
      profile = { batches, kernels: [...byName].map(([name, e]) => ({ name, count: e.count, ms: e.ms })).sort((a, b) => b.ms - a.ms || b.count - a.count) };
    }
  } catch (err) {
    return fail('training', err, { backend: info.name, adapter: info.adapter });
  }
  const tDone = performance.now();
  const timed = epochs.slice(req.warmupEpochs).map((e) => e.ms);
  const medianMs = median(timed);
  const result: BenchSuccess = {
    ok: true,
    request,
    backend: info.name,
    adapter: info.adapter,
    software: info.software,
    tfjsVersion: tf.version.tfjs,
    params,
    epochs,
    medianMs,
    samplesPerSec: (req.samples * 1000) / medianMs,
    peakTensors: peak.tensors,
    peakBytes: peak.bytes,
    tensorsAfter: tf.memory().numTensors,
    ...(profile ? { profile } : {}),
    setup: { backendMs: tBackend - t0, dataMs: tData - tBackend, trainMs: tDone - tData, firstBatchMs: firstBatchAt == null ? null : firstBatchAt - t0 },
  };
  return result;
}

scope.onmessage = async (e: MessageEvent<BenchRequest | KernelCheckRequest>) => {
  if ('kind' in e.data) {
    try {
      const info = await activateBackend(e.data.backend);
      const { checkConvGradients, checkDenseAndSums, checkFusedAdam, checkGatherNormalize, checkHeads } = await import('./kernelCheck');
      const { TRAINING_KERNELS } = await import('../training/kernels/registerTrainingKernels');
      // First: on webgpu, a read-back after the dense check fails ("no valid external Instance") under SwiftShader.
      const gather = await checkGatherNormalize();
      const adam = await checkFusedAdam();
      const overridden = TRAINING_KERNELS[info.name].overrides.map((o) => o.kernelName).filter((k) => k.includes('Conv2D') || k.includes('Pool'));
      const conv = { ...(await checkConvGradients(info.name)), overridden };
      const dense = await checkDenseAndSums(info.name);
      const heads = await checkHeads(info.name);
      post({ type: 'check', result: { ok: true, ...adam, backend: info.name, conv, dense, gather, heads } });
    } catch (err) {
      post({ type: 'check', result: { ok: false, error: describeError(err) } });
    }
    return;
  }
  let result: BenchResult;
  try {
    result = await run(e.data);
  } catch (err) {
    const { baseUrl: _b, ...request } = e.data;
    result = { ok: false, request, stage: 'worker', error: describeError(err) };
  }
  post({ type: 'result', result });
};
post({ type: 'ready' });
