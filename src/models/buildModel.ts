import * as tf from '@tensorflow/tfjs';
import { TensorscopeError } from '../core/errors';
import { createRng, deriveSeed } from '../core/rng';
import { SeededDropout } from './seededDropout';
import { PatchEmbed, TokenPool, TransformerBlock } from './layers';
import { inferShapes, layerNames, type Shape } from './shapes';
import type { DatasetRef, ExperimentSpec, LayerSpec } from './spec';
import { targetScaleLayer } from './targetScale';

type Sym = tf.SymbolicTensor;
type Residual = Extract<LayerSpec, { type: 'residual' }>;
type Recurrent = Extract<LayerSpec, { type: 'lstm' | 'gru' }>;

const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;
const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * Seeds for layer `index`: stream 0 is deriveSeed(seed, index) itself (the main kernel, as before residual and
 * recurrent layers existed, so older saved runs keep their initial weights); further initialisers use sub-streams.
 */
function seedsFor(seed: number, index: number): (stream: number) => number {
  const base = deriveSeed(seed, index);
  return (stream) => (stream === 0 ? base : deriveSeed(base, stream));
}

/** conv → BN → act → conv → BN, + input (1×1 projection when channels differ), → act; the last layer carries the block's name. */
function residualBlock(x: Sym, spec: Residual, name: string, seed: (s: number) => number): Sym {
  const { filters, kernelSize, activation } = spec;
  // No bias before batch norm: BN subtracts the mean, so a bias would be a dead parameter.
  const conv = (k: number, s: number, part: string, useBias: boolean) =>
    tf.layers.conv2d({ filters, kernelSize: k, padding: 'same', useBias, kernelInitializer: glorot(seed(s)), name: `${name}_${part}` });
  const bn = (part: string) => tf.layers.batchNormalization({ axis: -1, name: `${name}_${part}` });
  let y = apply(conv(kernelSize, 0, 'conv_a', false), x);
  y = apply(bn('bn_a'), y);
  y = apply(tf.layers.activation({ activation, name: `${name}_act_a` }), y);
  y = apply(conv(kernelSize, 1, 'conv_b', false), y);
  y = apply(bn('bn_b'), y);
  const shortcut = x.shape[3] === filters ? x : apply(conv(1, 2, 'proj', true), x);
  const sum = apply(tf.layers.add({ name: `${name}_add` }), [y, shortcut]);
  return apply(tf.layers.activation({ activation, name }), sum);
}

/**
 * A random rows × cols matrix with orthonormal columns (or rows, when wider than tall), as Keras's orthogonal
 * initialiser makes. Plain JS Gram–Schmidt: tfjs's QR-based Orthogonal takes 10+ s for a 128×512 kernel on the CPU.
 */
export function orthogonal(rows: number, cols: number, seed: number): Float32Array {
  const n = Math.max(rows, cols);
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const basis: Float64Array[] = [];
  for (let j = 0; j < Math.min(rows, cols); j++) {
    const v = Float64Array.from({ length: n }, normal);
    // Modified Gram–Schmidt: one pass is orthogonal to float32 precision for a well-conditioned random matrix.
    for (const u of basis) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += u[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * u[i];
    }
    let sq = 0;
    for (let i = 0; i < n; i++) sq += v[i] * v[i];
    const norm = Math.sqrt(sq);
    for (let i = 0; i < n; i++) v[i] /= norm;
    basis.push(v);
  }
  const out = new Float32Array(rows * cols);
  basis.forEach((v, j) => v.forEach((x, i) => (out[rows >= cols ? i * cols + j : j * cols + i] = x)));
  return out;
}

/** LSTM/GRU with Keras's defaults (orthogonal recurrent kernel, sigmoid gates, forget-gate bias 1); an image is read row by row. */
function recurrent(x: Sym, spec: Recurrent, name: string, seed: (s: number) => number): Sym {
  // [h, w, c] → h steps of w·c features, as inferShapes' sequenceOf reads it.
  const [, h, w, c] = x.shape;
  const seq = x.shape.length === 4 && h && w && c ? apply(tf.layers.reshape({ targetShape: [h, w * c], name: `${name}_rows` }), x) : x;
  const args = {
    units: spec.units,
    returnSequences: spec.returnSequences,
    kernelInitializer: glorot(seed(0)),
    // Zeros here, replaced below by a fast seeded orthogonal matrix.
    recurrentInitializer: 'zeros' as const,
    // Keras 2's gate activation; tfjs still defaults to the older hard sigmoid.
    recurrentActivation: 'sigmoid' as const,
    name,
  };
  const layer = spec.type === 'lstm' ? tf.layers.lstm({ ...args, unitForgetBias: true }) : tf.layers.gru(args);
  const out = apply(layer, seq);
  const kernel = layer.weights.find((v) => v.originalName.endsWith('recurrent_kernel'));
  if (!kernel) throw new Error(`${name} has no recurrent kernel`);
  const [rows, cols] = kernel.shape as number[];
  const init = tf.tensor2d(orthogonal(rows, cols, seed(1)), [rows, cols]);
  kernel.write(init);
  init.dispose();
  return out;
}

/** Applies one spec layer; `name` is its LayerInfo name, so model.getLayer(name) finds it. */
function addLayer(x: Sym, spec: LayerSpec, name: string, seed: (s: number) => number): Sym {
  switch (spec.type) {
    case 'dense':
      return apply(tf.layers.dense({ units: spec.units, activation: spec.activation, kernelInitializer: glorot(seed(0)), name }), x);
    case 'conv2d': {
      const { filters, kernelSize, strides, padding, activation } = spec;
      return apply(tf.layers.conv2d({ filters, kernelSize, strides, padding, activation, kernelInitializer: glorot(seed(0)), name }), x);
    }
    case 'maxPool2d':
      return apply(tf.layers.maxPooling2d({ poolSize: spec.poolSize, strides: spec.strides, padding: spec.padding, name }), x);
    case 'avgPool2d':
      return apply(tf.layers.averagePooling2d({ poolSize: spec.poolSize, strides: spec.strides, padding: spec.padding, name }), x);
    case 'globalAvgPool2d':
      return apply(tf.layers.globalAveragePooling2d({ name }), x);
    case 'dropout':
      return apply(new SeededDropout({ rate: spec.rate, seed: seed(0), name }), x);
    case 'batchNorm':
      return apply(tf.layers.batchNormalization({ axis: -1, name }), x);
    case 'flatten':
      return apply(tf.layers.flatten({ name }), x);
    case 'reshape':
      return apply(tf.layers.reshape({ targetShape: [...spec.targetShape], name }), x);
    case 'activation':
      return apply(tf.layers.activation({ activation: spec.activation, name }), x);
    case 'residual':
      return residualBlock(x, spec, name, seed);
    case 'lstm':
    case 'gru':
      return recurrent(x, spec, name, seed);
    case 'patchEmbed':
      return apply(new PatchEmbed({ patchSize: spec.patchSize, dim: spec.dim, seed: seed(0), name }), x);
    case 'transformerBlock':
      return apply(new TransformerBlock({ heads: spec.heads, mlpDim: spec.mlpDim, seed: seed(0), name }), x);
    case 'tokenPool':
      return apply(new TokenPool({ mode: spec.mode, name }), x);
  }
}

/**
 * Builds the spec's model for inputs of the given shape (without the batch dimension) as a functional
 * tf.LayersModel. Each spec layer's tfjs layer is named as in inferShapes (e.g. "conv2d_1"); residual blocks add
 * sub-layers "<name>_conv_a" … and recurrent layers fed an image add a "<name>_rows" reshape.
 * Throws a TensorscopeError('invalid-spec') naming the first impossible layer.
 */
export function buildModel(spec: Pick<ExperimentSpec, 'model' | 'seed'> & { dataset?: Pick<DatasetRef, 'standardizeTarget'> }, inputShape: Shape): tf.LayersModel {
  const layers = spec.model.layers;
  if (layers.length === 0) throw new TensorscopeError('invalid-spec', 'The model has no layers; add at least one.');
  const summary = inferShapes(layers, inputShape);
  const bad = summary.layers.find((l) => l.error);
  if (bad) throw new TensorscopeError('invalid-spec', `Layer ${bad.index + 1} (${bad.name}): ${bad.error}`);
  const names = layerNames(layers);
  const input = tf.input({ shape: [...inputShape] });
  const last = layers.reduce<Sym>((x, l, i) => addLayer(x, l, names[i], seedsFor(spec.seed, i)), input);
  // A regression head (one output) in the target's own units: see targetScale.ts.
  const scaled = spec.dataset?.standardizeTarget === true && last.shape.length === 2 && last.shape[1] === 1;
  const output = scaled ? (targetScaleLayer().apply(last) as Sym) : last;
  return tf.model({ inputs: input, outputs: output });
}
