import * as tf from '@tensorflow/tfjs';
import { TensorscopeError } from '../core/errors';
import { SeededDropout } from '../models/seededDropout';
import type { ModelArtifactsLite, NamedWeights } from './protocol';

/**
 * Moving weights in and out of models: checkpoints, exports, demo links and imported models all go through
 * here, as plain named Float32Arrays (structured-clone and transfer friendly).
 */

/** Every weight of the model (trainable and not, e.g. batch-norm moving statistics), in the model's order. */
export async function readWeights(model: tf.LayersModel): Promise<NamedWeights[]> {
  const vars = model.weights;
  const values = await Promise.all(vars.map((w) => w.read().data() as Promise<Float32Array>));
  return vars.map((w, i) => ({ name: w.originalName, shape: w.shape.slice() as number[], values: Float32Array.from(values[i]) }));
}

/** Sets the model's weights by position, refusing a list that does not fit it (count or any shape). */
export function writeWeights(model: tf.LayersModel, weights: readonly NamedWeights[]): void {
  const vars = model.weights;
  if (vars.length !== weights.length) {
    throw new TensorscopeError('model-import', `The weights do not fit this model: it has ${vars.length} weight tensors, the file has ${weights.length}.`);
  }
  vars.forEach((v, i) => {
    const w = weights[i];
    const size = v.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    if (w.shape.join() !== v.shape.join() || w.values.length !== size) {
      throw new TensorscopeError('model-import', `The weights do not fit this model: ${v.originalName} is [${v.shape.join(', ')}], the file has [${w.shape.join(', ')}].`);
    }
  });
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

export async function readOptimizerWeights(optimizer: tf.Optimizer): Promise<NamedWeights[]> {
  const named = await optimizer.getWeights();
  const values = await Promise.all(named.map((n) => n.tensor.data() as Promise<Float32Array>));
  const out = named.map((n, i) => ({ name: n.name, shape: n.tensor.shape.slice(), values: Float32Array.from(values[i]) }));
  // getWeights hands out fresh tensors for the iteration count; the accumulators are the optimizer's own.
  for (const n of named) if (n.name === 'iter') n.tensor.dispose();
  return out;
}

export async function writeOptimizerWeights(optimizer: tf.Optimizer, weights: readonly NamedWeights[]): Promise<void> {
  const named = weights.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape, 'float32') }));
  // setWeights copies the values into variables of its own, so the tensors made here can go.
  try {
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}

/** Makes the seeded dropout masks continue where a run left off (training call k uses seed + k). */
export function setDropoutCalls(model: tf.LayersModel, calls: number): void {
  for (const l of model.layers) if (l instanceof SeededDropout) l.calls = calls;
}

/**
 * The model's topology as tfjs writes it to model.json, with our SeededDropout saved as plain Dropout
 * (identical at inference) so the file loads in any TF.js or Keras without our custom layer.
 */
export async function modelTopology(model: tf.LayersModel): Promise<object> {
  let topology: object | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      topology = artifacts.modelTopology as object;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!topology) throw new TensorscopeError('export-failed', 'tfjs returned no model topology.');
  return replaceSeededDropout(topology);
}

function replaceSeededDropout(node: unknown): object {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.class_name === SeededDropout.className && o.config && typeof o.config === 'object') {
        const { seed: _seed, ...config } = o.config as Record<string, unknown>;
        void _seed;
        return { ...o, class_name: 'Dropout', config: walk(config) };
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(node) as object;
}

/**
 * Loads a LayersModel from model.json + weights, refusing after `timeoutMs`: tfjs 4.22 can hang forever on
 * an invalid model.json, and a person must get a message instead of a spinner.
 */
export async function loadModelFromArtifacts(artifacts: ModelArtifactsLite, timeoutMs: number): Promise<tf.LayersModel> {
  const load = tf.loadLayersModel(
    tf.io.fromMemory({
      // Plain Dropout becomes our seeded one (identical at inference) so imported models get MC-dropout error bars.
      modelTopology: withSeededDropout(artifacts.modelTopology),
      weightSpecs: artifacts.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: artifacts.weightData,
    }),
  );
  try {
    return await withTimeout(load, timeoutMs, `The model did not load within ${Math.round(timeoutMs / 1000)} s; model.json is probably invalid.`, (m) => m.dispose());
  } catch (err) {
    if (err instanceof TensorscopeError) throw err;
    throw new TensorscopeError('model-import', `TF.js could not read the model: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The promise's value, or a model-import error after `ms`; a value that arrives too late goes to `discard`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string, discard: (late: T) => void = () => {}): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new TensorscopeError('model-import', message));
    }, ms);
  });
  work.then((v) => timedOut && discard(v)).catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every Keras/TF.js Dropout layer in a topology as a SeededDropout (seeded by its position, so reproducible). */
export function withSeededDropout(topology: object): object {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.class_name === 'Dropout' && o.config && typeof o.config === 'object') {
        const { noise_shape: _n, seed: _s, ...config } = o.config as Record<string, unknown>;
        void _n;
        void _s;
        return { ...o, class_name: SeededDropout.className, config: { ...config, seed: 1000 + n++ } };
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(topology) as object;
}
