import * as tf from '@tensorflow/tfjs';
import { deriveSeed, shuffleInPlace, createRng } from '../core/rng';
import type { DatasetSplit } from '../core/types';
import type { ExperimentSpec } from '../models/spec';
import { gatherInputs, type DeviceData, type DeviceNorm } from './deviceData';
import { predictOutputs } from './evaluate';
import { buildEvaluation, scoreOutputs } from './scoring';
import { summarizeEpochEvaluation } from './inspect';
import { weightHistograms } from './inspect/modelProbes';
import { makeOptimizer, setOptimizerLearningRate } from './optimizers';
import { learningRateAt } from './schedules';
import { batchLoss, weightPenalty } from './losses';
import { createEarlyStopper } from './earlyStopping';
import { readOptimizerWeights, writeOptimizerWeights } from './modelTransfer';
import { allFinite, clipByGlobalNorm } from './clipping';
import type { NamedWeights, BatchMetric, DivergenceInfo, EpochSummary, LearningRateMarker, RunProgress, TestEvaluation } from './protocol';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface LoopHooks {
  onMetrics(points: BatchMetric[], progress: RunProgress, markers: LearningRateMarker[]): void;
  onEpochEnd(summary: EpochSummary, evaluation: TestEvaluation): void;
  /** The test evaluation again after early stopping restored the best weights. */
  onEvaluation?(evaluation: TestEvaluation): void;
  /** Called at every read-back; waits while paused and returns false when the run must stop. */
  shouldContinue(): Promise<boolean> | boolean;
  /** A learning rate the person set while training runs (it becomes the schedule's new base), taken once. */
  takeLearningRate?(): number | null;
  /** Early stopping ended the run, with the reason in words. */
  onNote?(message: string): void;
  /** After each epoch's summary: a chance to save the weights and the optimizer state (read on demand). */
  onCheckpoint?(epoch: number, optimizerWeights: () => Promise<NamedWeights[]>): Promise<void> | void;
  /** The loss or the weights stopped being finite: the run ends at once ('diverged'), with no checkpoint after it. */
  onDiverged?(info: DivergenceInfo): void;
  /** After each epoch's summary, before the next epoch changes the weights: the weight and gradient histograms. */
  afterEpoch?(epoch: number): Promise<void> | void;
}

export interface LoopOptions {
  /** Read metrics back after this many batches at most... */
  readEveryBatches?: number;
  /** ...or once this much time has passed since the last read, whichever comes first. */
  readEveryMs?: number;
  now?: () => number;
  /** Continue an interrupted run: skip the epochs done, with the optimizer state they left. */
  resume?: { epochsDone: number; optimizer: NamedWeights[] | null };
}

/** The train indices a spec uses: the seeded train split, capped at maxTrainSamples. */
export function trainIndices(split: DatasetSplit, spec: ExperimentSpec): Int32Array {
  const cap = spec.training.maxTrainSamples;
  return cap != null && cap > 0 && cap < split.train.length ? split.train.slice(0, cap) : split.train.slice();
}

export function batchesPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}


/**
 * A custom loop (optimizer.minimize) rather than model.fit: batches are gathered on the device, per-batch
 * loss and metric stay on the device as scalars, and are read back asynchronously in one small transfer
 * every few batches instead of forcing a GPU sync per batch.
 */
export async function runTraining(
  model: tf.LayersModel,
  spec: ExperimentSpec,
  data: DeviceData,
  norm: DeviceNorm,
  split: DatasetSplit,
  targets: Uint8Array | Float32Array,
  hooks: LoopHooks,
  opts: LoopOptions = {},
): Promise<'done' | 'stopped' | 'diverged'> {
  const now = opts.now ?? (() => performance.now());
  const readEveryBatches = opts.readEveryBatches ?? 16;
  const readEveryMs = opts.readEveryMs ?? 250;
  const { epochs, batchSize } = spec.training;
  const optimizer = makeOptimizer(spec.training);
  let baseLr = spec.training.learningRate;
  let currentLr = NaN;
  const lrMarkers: { step: number; learningRate: number }[] = [];
  const stopper = createEarlyStopper(spec.training.earlyStopping, data.task);
  const penalized = spec.training.l1 > 0 || spec.training.l2 > 0;
  // Stored records from before clipping existed have no field: off.
  const clipNorm = spec.training.clipNorm ?? null;
  const train = trainIndices(split, spec);
  const perEpoch = batchesPerEpoch(train.length, batchSize);
  const valTargets = Array.from(split.validation, (i) => targets[i]);
  const testTargets = Array.from(split.test, (i) => targets[i]);

  let step = 0;
  let trainMsTotal = 0;
  const pending: { loss: tf.Scalar; metric: tf.Scalar; epoch: number }[] = [];
  let lastReadAt = now();
  let samplesSinceRead = 0;
  // For the divergence report: the last finite loss read back, and the epoch of the last checkpoint handed out.
  let lastFinite: { loss: number; step: number } | null = null;
  let checkpointEpoch: number | null = opts.resume && opts.resume.epochsDone > 0 ? opts.resume.epochsDone : null;
  const diverged = (at: { step: number; epoch: number; cause: DivergenceInfo['cause'] }): 'diverged' => {
    hooks.onDiverged?.({ ...at, lastFiniteLoss: lastFinite?.loss ?? null, lastFiniteStep: lastFinite?.step ?? null, checkpointEpoch, learningRate: currentLr, clipNorm });
    return 'diverged';
  };

  // Reads every pending scalar in one transfer; returns the values so the epoch means can be kept on the host. A loss
  // that is not a finite number ends the points there: `divergedAt` is its step (the points before it are reported).
  const flush = async (epoch: number, batchInEpoch: number, epochStart: number): Promise<{ points: BatchMetric[]; divergedAt: { step: number; epoch: number } | null }> => {
    if (pending.length === 0) return { points: [], divergedAt: null };
    const batch = pending.splice(0);
    const packed = tf.tidy(() => tf.stack([...batch.map((b) => b.loss), ...batch.map((b) => b.metric)]));
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
      for (const b of batch) {
        b.loss.dispose();
        b.metric.dispose();
      }
    }
    const t = now();
    const rate = (samplesSinceRead * 1000) / Math.max(1, t - lastReadAt);
    lastReadAt = t;
    samplesSinceRead = 0;
    const n = batch.length;
    const firstStep = step - n + 1;
    // Every batch of one read-back gets the read's time (the same as progress.elapsedMs); the charts spread them out.
    const timeMs = trainMsTotal + (t - epochStart);
    const all: BatchMetric[] = batch.map((b, i) => ({ step: firstStep + i, epoch: b.epoch, loss: values[i], metric: values[n + i], samplesPerSec: rate, timeMs }));
    const bad = all.findIndex((p) => !Number.isFinite(p.loss));
    const points = bad < 0 ? all : all.slice(0, bad);
    const divergedAt = bad < 0 ? null : { step: all[bad].step, epoch: all[bad].epoch };
    if (points.length) lastFinite = { loss: points[points.length - 1].loss, step: points[points.length - 1].step };
    if (points.length === 0) return { points, divergedAt };
    const markers = lrMarkers.splice(0);
    const epochMs = t - epochStart;
    hooks.onMetrics(points, {
      epoch,
      totalEpochs: epochs,
      batch: batchInEpoch,
      batchesPerEpoch: perEpoch,
      elapsedMs: trainMsTotal + epochMs,
      // The epoch's average so far: steadier to read than the last window's rate.
      samplesPerSec: epochMs > 0 ? (Math.min(train.length, batchInEpoch * batchSize) * 1000) / epochMs : rate,
      learningRate: currentLr,
    }, markers);
    return { points, divergedAt };
  };

  const rng = createRng(deriveSeed(spec.seed, 1));
  const epochsDone = Math.max(0, Math.min(epochs, opts.resume?.epochsDone ?? 0));
  try {
    if (opts.resume) {
      if (opts.resume.optimizer?.length) await writeOptimizerWeights(optimizer, opts.resume.optimizer);
      // The same batch order as an uninterrupted run: draw (and skip) the finished epochs' shuffles.
      for (let e = 0; e < epochsDone; e++) rng();
      step = epochsDone * perEpoch;
    }
    for (let epoch = epochsDone + 1; epoch <= epochs; epoch++) {
      // Seeded per-run stream: the same seed gives the same batch order in every epoch of every run.
      const order = shuffleInPlace(train.slice(), createRng(Math.floor(rng() * 4294967296)));
      const epochStart = now();
      let pausedMs = 0;
      let lossSum = 0;
      let metricSum = 0;
      let seen = 0;
      let stopped = false;
      for (let b = 0; b < perEpoch; b++) {
        const ids = order.subarray(b * batchSize, Math.min(order.length, (b + 1) * batchSize));
        const manual = hooks.takeLearningRate?.() ?? null;
        if (manual != null) {
          baseLr = manual;
          lrMarkers.push({ step: step + 1, learningRate: manual });
        }
        const lr = learningRateAt(baseLr, spec.training.schedule, epoch - 1 + b / perEpoch, epochs, 1 / perEpoch);
        if (lr !== currentLr) {
          setOptimizerLearningRate(optimizer, lr);
          currentLr = lr;
        }
        const { loss, metric } = tf.tidy(() => {
          const idx = tf.tensor1d(ids, 'int32');
          const xb = gatherInputs(data, norm, idx);
          const yb = tf.gather(data.y, idx);
          let batchMetric: tf.Scalar | null = null;
          const f = (): tf.Scalar => {
            const out = model.apply(xb, { training: true }) as tf.Tensor;
            const r = batchLoss(spec.training.loss, data, out, yb);
            batchMetric = tf.keep(r.metric);
            return (penalized ? r.loss.add(weightPenalty(model, spec.training.l1, spec.training.l2)) : r.loss) as tf.Scalar;
          };
          let cost: tf.Scalar;
          if (clipNorm === null) {
            cost = optimizer.minimize(f, true) as tf.Scalar;
          } else {
            // minimize's two halves, with the gradients clipped by their global norm in between (on the device, no
            // read-back): the same for every optimizer, the fused Adam included, which only sees applyGradients.
            const { value, grads } = optimizer.computeGradients(f);
            optimizer.applyGradients(clipByGlobalNorm(grads, clipNorm));
            cost = value;
          }
          return { loss: cost, metric: batchMetric as unknown as tf.Scalar };
        });
        step++;
        samplesSinceRead += ids.length;
        pending.push({ loss, metric, epoch });
        const isLast = b === perEpoch - 1;
        // The run's first batch is read back at once: the person sees the first point as soon as it exists.
        const isFirst = epoch === epochsDone + 1 && b === 0;
        if (isFirst || isLast || pending.length >= readEveryBatches || now() - lastReadAt >= readEveryMs) {
          const read = await flush(epoch, b + 1, epochStart + pausedMs);
          for (const r of read.points) {
            lossSum += r.loss;
            metricSum += r.metric;
            seen++;
          }
          // NaN/Infinity at the first read-back that shows it: stop before another step or a checkpoint.
          if (read.divergedAt) return diverged({ ...read.divergedAt, cause: 'loss' });
          const waitStart = now();
          await yieldToEventLoop();
          const go = await hooks.shouldContinue();
          const waited = now() - waitStart;
          pausedMs += waited;
          lastReadAt += waited;
          if (!go) {
            stopped = true;
            break;
          }
        }
      }
      const trainMs = now() - epochStart - pausedMs;
      trainMsTotal += trainMs;
      if (stopped) return 'stopped';
      // The last batches' update can leave non-finite weights behind a finite loss: checked (one read-back per epoch)
      // before they are evaluated or saved, so no checkpoint is ever written from them.
      if (!(await allFinite(model.weights.map((w) => w.read())))) return diverged({ step, epoch, cause: 'weights' });

      const evalStart = now();
      const valOut = await predictOutputs(model, data, norm, split.validation);
      const testOut = await predictOutputs(model, data, norm, split.test);
      const lossName = spec.training.loss;
      const val = scoreOutputs(data.task, valOut, valTargets, data.numClasses, lossName, data.lossScale);
      const test = scoreOutputs(data.task, testOut, testTargets, data.numClasses, lossName, data.lossScale);
      const evaluation = buildEvaluation(data.task, testOut, testTargets, data.numClasses, epoch, {
        weights: await weightHistograms(model),
        validation: data.task === 'classification' && valTargets.length ? summarizeEpochEvaluation(valOut, valTargets, data.numClasses) : null,
      });
      const summary: EpochSummary = {
        epoch,
        trainLoss: seen ? lossSum / seen : NaN,
        trainMetric: seen ? metricSum / seen : NaN,
        valLoss: valTargets.length ? val.loss : null,
        valMetric: valTargets.length ? val.metric : null,
        testMetric: test.metric,
        trainMs,
        evalMs: now() - evalStart,
        numTensors: tf.memory().numTensors,
        learningRate: currentLr,
      };
      const verdict = stopper.update(model, epoch, summary);
      summary.numTensors = tf.memory().numTensors - stopper.keptTensors();
      hooks.onEpochEnd(summary, evaluation);
      await hooks.afterEpoch?.(epoch);
      await hooks.onCheckpoint?.(epoch, () => readOptimizerWeights(optimizer));
      if (hooks.onCheckpoint) checkpointEpoch = epoch;
      if (verdict.stop) {
        if (verdict.restored) {
          const restoredOut = await predictOutputs(model, data, norm, split.test);
          hooks.onEvaluation?.(buildEvaluation(data.task, restoredOut, testTargets, data.numClasses, epoch, { weights: await weightHistograms(model), validation: evaluation.task === 'classification' ? evaluation.validation : null }));
        }
        hooks.onNote?.(verdict.message);
        return 'done';
      }
      if (!(await hooks.shouldContinue())) return 'stopped';
    }
    return 'done';
  } finally {
    stopper.dispose();
    for (const p of pending.splice(0)) {
      p.loss.dispose();
      p.metric.dispose();
    }
    optimizer.dispose();
  }
}
