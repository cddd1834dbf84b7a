/**
 * The Keras ViT layers really run under Python TensorFlow: the browser model's weights copied into the Keras model
 * give the same predictions, and the parameter counts match. Runs only when TENSORSCOPE_PYTHON names a python that
 * imports tensorflow (`npm run test:python`, or TENSORSCOPE_PYTHON=python3 npx vitest run src/share/kerasVit.python.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/buildModel';
import { inferShapes, layerNames } from '../models/shapes';
import type { LayerSpec } from '../models/spec';
import { pyNumber, pyString } from './kerasScript';
import { PYTHON_VIT_LAYERS, isVitLayer, vitLayerLines } from './kerasVit';

const PY = process.env.TENSORSCOPE_PYTHON ?? '';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const VIT: LayerSpec[] = [
  { type: 'patchEmbed', patchSize: 7, dim: 16 },
  { type: 'transformerBlock', heads: 4, mlpDim: 32 },
  { type: 'transformerBlock', heads: 2, mlpDim: 24 },
  { type: 'tokenPool', mode: 'cls' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

/** The Python that rebuilds the spec in Keras, loads the browser's weights by name and prints predictions. */
function script(layers: LayerSpec[]): string {
  const summary = inferShapes(layers, [28, 28, 1]);
  const names = layerNames(layers);
  const body = layers.flatMap((l, i) => {
    const inShape = i === 0 ? [28, 28, 1] : summary.layers[i - 1].outputShape;
    if (isVitLayer(l)) return vitLayerLines(l, names[i], inShape, { pyString, pyNumber });
    if (l.type === 'dense') return [`x = layers.Dense(${l.units}, activation="${l.activation}", name="${names[i]}")(x)`];
    throw new Error(`not in this test: ${l.type}`);
  });
  return [
    'import json, sys',
    'import numpy as np',
    'import tensorflow as tf',
    'layers = tf.keras.layers',
    ...PYTHON_VIT_LAYERS,
    'reg = None',
    'inputs = tf.keras.Input(shape=(28, 28, 1))',
    'x = inputs',
    ...body,
    'model = tf.keras.Model(inputs, x)',
    'w = {k: np.array(v["values"], dtype="float32").reshape(v["shape"]) for k, v in json.load(open(sys.argv[1])).items()}',
    'for layer in model.layers:',
    '    n = layer.name',
    '    if isinstance(layer, PatchEmbed):',
    '        layer.proj.set_weights([w[n + "/kernel"], w[n + "/bias"]])',
    '        layer.class_token.assign(w[n + "/class_token"])',
    '        layer.position.assign(w[n + "/position_embedding"])',
    '    elif isinstance(layer, TransformerBlock):',
    '        d, h = layer.dim, layer.heads',
    '        k = d // h',
    '        layer.norm1.set_weights([w[n + "/norm1_gamma"], w[n + "/norm1_beta"]])',
    '        layer.norm2.set_weights([w[n + "/norm2_gamma"], w[n + "/norm2_beta"]])',
    '        mha = []',
    '        for part in ("query", "key", "value"):',
    '            mha += [w[n + "/" + part + "_kernel"].reshape(d, h, k), w[n + "/" + part + "_bias"].reshape(h, k)]',
    '        mha += [w[n + "/output_kernel"].reshape(h, k, d), w[n + "/output_bias"]]',
    '        layer.attention.set_weights(mha)',
    '        layer.mlp1.set_weights([w[n + "/mlp_kernel_1"], w[n + "/mlp_bias_1"]])',
    '        layer.mlp2.set_weights([w[n + "/mlp_kernel_2"], w[n + "/mlp_bias_2"]])',
    '    elif isinstance(layer, TokenPool):',
    '        layer.norm.set_weights([w[n + "/gamma"], w[n + "/beta"]])',
    '    elif isinstance(layer, layers.Dense):',
    '        layer.set_weights([w[n + "/kernel"], w[n + "/bias"]])',
    'x_in = w["input"]',
    'tokens = model.get_layer("patchembed_1")(x_in)',
    'att = model.get_layer("transformerblock_1").attention_scores(tokens).numpy()',
    'print(json.dumps({"params": int(model.count_params()), "pred": model(x_in).numpy().ravel().tolist(), "attention": att.ravel().tolist()}))',
  ].join('\n');
}

describe.skipIf(!PY)('Keras ViT layers under Python TensorFlow', () => {
  it('give the browser model’s predictions and attention with its weights, and the same parameter count', () => {
    const model = buildModel({ model: { layers: VIT }, seed: 11 }, [28, 28, 1]);
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 3);
    const weights: Record<string, { shape: number[]; values: number[] }> = { input: { shape: x.shape, values: Array.from(x.dataSync()) } };
    for (const v of model.weights) weights[v.originalName] = { shape: v.shape as number[], values: Array.from(v.read().dataSync()) };
    const dir = mkdtempSync(join(tmpdir(), 'ts-vit-'));
    try {
      writeFileSync(join(dir, 'w.json'), JSON.stringify(weights));
      writeFileSync(join(dir, 'vit.py'), script(VIT));
      const r = spawnSync(PY, ['vit.py', 'w.json'], { cwd: dir, encoding: 'utf8', timeout: 240_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      if (r.status !== 0) throw new Error(`python failed:\n${(r.stderr ?? '').slice(-4000)}`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { params: number; pred: number[]; attention: number[] };
      expect(out.params).toBe(model.countParams());
      const pred = Array.from((model.predict(x) as tf.Tensor).dataSync());
      const maxDiff = Math.max(...pred.map((p, i) => Math.abs(p - out.pred[i])));
      expect(maxDiff).toBeLessThan(1e-4);
      const block = model.getLayer('transformerblock_1') as unknown as { attention: (t: tf.Tensor) => tf.Tensor };
      const att = Array.from(block.attention(model.getLayer('patchembed_1').apply(x) as tf.Tensor).dataSync());
      expect(out.attention).toHaveLength(att.length);
      expect(Math.max(...att.map((a, i) => Math.abs(a - out.attention[i])))).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
