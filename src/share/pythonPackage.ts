import { strToU8, zipSync } from 'fflate';
import { exampleSize, type Dataset, type DatasetSplit } from '../core/types';
import type { ExperimentSpec } from '../models/spec';
import { kerasScript, type KerasDataInfo } from './kerasScript';
import { npz, type NamedArray } from './npz';

/**
 * The "Run in Python" package: train.py (the Keras script), data.npz (exactly the browser's train, validation and
 * test examples, as the engine holds them: image pixels as uint8, table rows already encoded by the fitted recipe,
 * plus the normalization the engine fitted on the train split), weights.npz (the browser's trained weights, when
 * there is a model), spec.json, requirements.txt and a README with the commands. Pure: no DOM, no tfjs.
 */

export interface PackageWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface PythonPackageInput {
  spec: ExperimentSpec;
  dataset: Dataset;
  split: DatasetSplit;
  /** The engine's normalization: x' = (x - shift) * scale, one pair (images) or one per feature (tables). */
  norm: { shift: Float32Array; scale: Float32Array };
  /** The browser's trained weights (tfjs names, e.g. dense_1/kernel), or null when nothing is trained. */
  weights: PackageWeight[] | null;
  /** The browser's test accuracy (classification) or MAE (regression), for the README. */
  browserTestMetric: number | null;
}

/** Pinned ranges: the versions the script was tried with, and what it needs (Keras 3 comes with TF 2.16+). */
export const REQUIREMENTS = ['tensorflow>=2.16,<2.22', 'numpy>=1.26,<3'];

export function kerasDataInfo(ds: Dataset): KerasDataInfo {
  return {
    datasetId: ds.id,
    datasetName: ds.name,
    inputShape: ds.inputShape,
    numClasses: ds.numClasses,
    task: ds.task,
    kind: ds.kind,
    fingerprint: ds.fingerprint,
    classNames: ds.classNames,
    ...(ds.table ? { table: ds.table, ...(ds.table.source.testFileName ? { tableTestFile: ds.table.source.testFileName } : {}) } : {}),
  };
}

/** The examples of one split, gathered: inputs in the dataset's own type, targets int32 (classes) or float32. */
function gather(ds: Dataset, idx: Int32Array): { x: NamedArray; y: NamedArray } {
  const d = exampleSize(ds);
  const x = ds.x instanceof Uint8Array ? new Uint8Array(idx.length * d) : new Float32Array(idx.length * d);
  const y = ds.task === 'classification' ? new Int32Array(idx.length) : new Float32Array(idx.length);
  idx.forEach((i, k) => {
    x.set(ds.x.subarray(i * d, (i + 1) * d), k * d);
    y[k] = ds.y[i];
  });
  return { x: { data: x, shape: [idx.length, ...ds.inputShape] }, y: { data: y, shape: [idx.length] } };
}

/** The train examples a spec trains on: the split's, capped at maxTrainSamples (as the engine's trainIndices). */
export function cappedTrain(split: DatasetSplit, spec: Pick<ExperimentSpec, 'training'>): Int32Array {
  const cap = spec.training.maxTrainSamples;
  return cap != null && cap > 0 && cap < split.train.length ? split.train.slice(0, cap) : split.train;
}

/** data.npz: x_train, y_train, x_val, y_val, x_test, y_test, norm_shift, norm_scale. `split.train` as trained on (capped). */
export function packageData(ds: Dataset, split: DatasetSplit, norm: PythonPackageInput['norm']): Uint8Array {
  const train = gather(ds, split.train);
  const val = gather(ds, split.validation);
  const test = gather(ds, split.test);
  return npz({
    x_train: train.x,
    y_train: train.y,
    x_val: val.x,
    y_val: val.y,
    x_test: test.x,
    y_test: test.y,
    norm_shift: { data: Float32Array.from(norm.shift), shape: [norm.shift.length] },
    norm_scale: { data: Float32Array.from(norm.scale), shape: [norm.scale.length] },
  });
}

/** weights.npz: each weight under its TensorFlow.js name (layer/kernel ...), in the model's order. */
export function packageWeights(weights: readonly PackageWeight[]): Uint8Array {
  const arrays: Record<string, NamedArray> = {};
  for (const w of weights) arrays[w.name] = { data: w.values, shape: w.shape };
  return npz(arrays);
}

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

export function packageReadme(input: PythonPackageInput): string {
  const { spec, dataset: ds } = input;
  const split = { ...input.split, train: cappedTrain(input.split, spec) };
  const classification = ds.task === 'classification';
  const browser =
    input.browserTestMetric == null ? 'not measured' : classification ? `${pct(input.browserTestMetric)} test accuracy` : `${input.browserTestMetric.toPrecision(4)} test MAE`;
  const image = ds.kind === 'image';
  const oneInput = `[${ds.inputShape.join(' x ')}]`;
  return `# ${spec.name}: run in Python

Exported by Tensorscope. The browser trained **${spec.name}** on **${ds.name}** (fingerprint ${ds.fingerprint}) and
reached ${browser}.

| file | holds |
| --- | --- |
| \`train.py\` | the model in Keras and its training with \`tf.distribute\` (\`python3 train.py --help\`) |
| \`data.npz\` | the browser's own split: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test examples (${image ? 'pixels 0..255, uint8' : 'encoded features, float32'}), and the browser's normalization |
${input.weights ? "| `weights.npz` | the browser's trained weights (TensorFlow.js names) |\n" : ''}| \`spec.json\` | the experiment spec (open it in Tensorscope to reproduce the browser run) |
| \`requirements.txt\` | the Python packages, pinned to ranges that were tried |

## Set up

    python3 -m venv .venv && . .venv/bin/activate
    pip install -r requirements.txt

## Train

    python3 train.py --strategy default      # one device
    python3 train.py                         # every local GPU (MirroredStrategy)
    python3 train.py --local-workers 2       # two workers on this machine (a local MultiWorkerMirroredStrategy cluster)

On several machines, run the same command on each, with its own \`TF_CONFIG\` (worker 0 is the chief):

    TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}' python3 train.py --strategy multiworker
    TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 1}}' python3 train.py --strategy multiworker

Multi-worker runs checkpoint after every epoch (\`--checkpoint-dir\`, default \`tensorscope-checkpoints\`; on a cluster,
a directory every worker sees): restart the workers after a failure and training resumes from the last epoch.
\`--epochs\`, \`--batch-size\` (per replica) and \`--save model.keras\` work with every strategy.

## Serve

Export a SavedModel whose \`serving_default\` signature takes raw inputs shaped ${oneInput}${image ? ' (pixels 0..255)' : ' (the encoded features, as in data.npz)'}
and scales them as the browser does:

    python3 train.py --strategy default --export-savedmodel savedmodel/1
${input.weights ? "    python3 train.py --strategy default --weights weights.npz --epochs 0 --export-savedmodel savedmodel/1   # the browser's own model, untrained further\n" : ''}
Serve it with TensorFlow Serving and ask it over REST:

    docker run --rm -p 8501:8501 -v "$PWD/savedmodel:/models/tensorscope" -e MODEL_NAME=tensorscope tensorflow/serving
    curl -s -X POST http://localhost:8501/v1/models/tensorscope:predict \\
      -d "{\\"instances\\": $(python3 -c 'import json, numpy as np; print(json.dumps(np.load("data.npz")["x_test"][:1].astype(float).tolist()))')}"

The answer holds \`${classification ? 'probabilities' : 'prediction'}\` for each instance${classification ? ' (one per class, in the order of `CLASS_NAMES` in train.py)' : ''}.
`;
}

export function pythonPackageFiles(input: PythonPackageInput): Record<string, Uint8Array> {
  const { spec, dataset: ds } = input;
  const script = kerasScript(spec, kerasDataInfo(ds));
  const files: Record<string, Uint8Array> = {
    'train.py': strToU8(script),
    'data.npz': packageData(ds, { ...input.split, train: cappedTrain(input.split, spec) }, input.norm),
  };
  if (input.weights) files['weights.npz'] = packageWeights(input.weights);
  files['spec.json'] = strToU8(JSON.stringify(spec, null, 2) + '\n');
  files['requirements.txt'] = strToU8(REQUIREMENTS.join('\n') + '\n');
  files['README.md'] = strToU8(packageReadme(input));
  return files;
}

/** The zip the button downloads: every file inside one folder named after the experiment. */
export function pythonPackageZip(input: PythonPackageInput, folder: string): Uint8Array {
  const files = pythonPackageFiles(input);
  const nested: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  // data.npz and weights.npz are already deflated: stored, not deflated again.
  for (const [name, bytes] of Object.entries(files)) nested[`${folder}/${name}`] = [bytes, { level: name.endsWith('.npz') ? 0 : 6 }];
  return zipSync(nested);
}
