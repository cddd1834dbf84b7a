import { TensorscopeError } from '../core/errors';
import { BUNDLED_MNIST_ID } from '../data/bundledMnist';
import { inferShapes, layerNames, type Shape } from '../models/shapes';
import { TARGET_SCALE_LAYER, type ExperimentSpec, type LayerSpec, type OptimizerName, type TrainingSpec } from '../models/spec';
import type { FittedTable } from '../core/tableTypes';
import { pythonMain, PYTHON_STDLIB_IMPORTS } from './kerasTraining';
import { PYTHON_VIT_LAYERS, usesVitLayers, vitLayerLines } from './kerasVit';
import { PYTHON_TABLE, PYTHON_TABLE_IMPORTS, PYTHON_TABLE_TF_IMPORT, checkTable, tableHeaderLines, tableJsonLines } from './kerasTable';

/** What the script needs to know about the data the browser trained on. */
export interface KerasDataInfo {
  datasetId: string;
  datasetName: string;
  /** Per-example input shape: [height, width, channels] for images, [features] for tables. */
  inputShape: number[];
  /** Number of classes; 0 for regression. */
  numClasses: number;
  task: 'classification' | 'regression';
  kind: 'image' | 'tabular';
  fingerprint?: string;
  /** Class names by index (optional): the script prints the test accuracy of each class under them. */
  classNames?: string[];
  /**
   * A table read through the table pipeline (Dataset.table): the script then reads the person's raw file with pandas
   * and encodes it with these fitted values instead of loading an .npz.
   */
  table?: FittedTable;
  /** With `table`: the separate test file the browser read, if any (the script asks for it with --test). */
  tableTestFile?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Python literals. Everything that comes from the spec or the data reaches the script through one of these, so no
// name can end a string literal or a comment early, or smuggle code into the script.
// ---------------------------------------------------------------------------------------------------------------

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * A Python string literal in double quotes, pure ASCII: quotes and backslashes escaped, \n \r \t as such, every
 * other control or non-ASCII character as a \uXXXX (or \UXXXXXXXX) escape. Lone UTF-16 surrogates (which no
 * encoder can write) become U+FFFD.
 */
export function pyString(value: string): string {
  let out = '"';
  for (const ch of String(value)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}

/**
 * Text safe to put after a `#` on one line: line breaks and other control characters (C0, DEL, C1, U+2028/2029)
 * become spaces, other non-ASCII characters \uXXXX escapes, so the comment cannot end before the line does.
 */
export function pyComment(value: string): string {
  let out = '';
  for (const ch of String(value)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) out += ' ';
    else if (cp < 0x7f) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return out;
}

/** A Python number (1e-7 style is fine: Python reads JavaScript's number syntax), or True/False. Throws on NaN/±Infinity. */
export function pyNumber(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TensorscopeError('invalid-spec', `Cannot write ${String(value)} into a Python script: expected a finite number.`);
  }
  return Object.is(value, -0) ? '0' : String(value);
}

/** A Python tuple of numbers: (28, 28, 1), (784,). */
function pyTuple(values: readonly number[]): string {
  const items = values.map(pyNumber);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** JSON with every non-ASCII character as a \u escape (still valid JSON), for the spec in the header comment. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** A file name as one shell word in a usage line: single-quoted when it holds anything but plain characters. */
const shellWord = (name: string): string => (/^[\w./-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`);

const comment = (text: string): string => (text === '' ? '#' : `# ${pyComment(text)}`);

// ---------------------------------------------------------------------------------------------------------------
// The model: buildModel's topology, layer by layer, in Keras.
// ---------------------------------------------------------------------------------------------------------------

const BN = 'axis=-1, momentum=0.99, epsilon=1e-3'; // tfjs's and Keras's batch-norm defaults, spelled out
const GLOROT = 'kernel_initializer="glorot_uniform"';

/** The Keras lines of one spec layer; `x` is the running tensor, `inShape` its shape (no batch dimension). */
function layerLines(layer: LayerSpec, name: string, inShape: Shape): string[] {
  const n = pyString(name);
  const s = pyString;
  const num = pyNumber;
  switch (layer.type) {
    case 'dense':
      return [`x = layers.Dense(units=${num(layer.units)}, activation=${s(layer.activation)}, ${GLOROT}, kernel_regularizer=reg, name=${n})(x)`];
    case 'conv2d':
      return [
        `x = layers.Conv2D(filters=${num(layer.filters)}, kernel_size=${num(layer.kernelSize)}, strides=${num(layer.strides)}, padding=${s(layer.padding)}, ` +
          `activation=${s(layer.activation)}, ${GLOROT}, kernel_regularizer=reg, name=${n})(x)`,
      ];
    case 'maxPool2d':
      return [`x = layers.MaxPooling2D(pool_size=${num(layer.poolSize)}, strides=${num(layer.strides)}, padding=${s(layer.padding)}, name=${n})(x)`];
    case 'avgPool2d':
      return [`x = layers.AveragePooling2D(pool_size=${num(layer.poolSize)}, strides=${num(layer.strides)}, padding=${s(layer.padding)}, name=${n})(x)`];
    case 'globalAvgPool2d':
      return [`x = layers.GlobalAveragePooling2D(name=${n})(x)`];
    case 'dropout':
      return [`x = layers.Dropout(rate=${num(layer.rate)}, name=${n})(x)`];
    case 'batchNorm':
      return [`x = layers.BatchNormalization(${BN}, name=${n})(x)`];
    case 'flatten':
      return [`x = layers.Flatten(name=${n})(x)`];
    case 'reshape':
      return [`x = layers.Reshape(target_shape=${pyTuple(layer.targetShape)}, name=${n})(x)`];
    case 'activation':
      return [`x = layers.Activation(${s(layer.activation)}, name=${n})(x)`];
    case 'residual': {
      const { filters, kernelSize, activation } = layer;
      const channels = inShape[inShape.length - 1];
      const project = channels !== filters;
      const part = (p: string) => pyString(`${name}_${p}`);
      // No bias before batch norm: BN subtracts the mean, so a bias would be a dead parameter (as in buildModel).
      const conv = (k: number, p: string, bias: boolean, input: string) =>
        `layers.Conv2D(filters=${num(filters)}, kernel_size=${num(k)}, strides=1, padding="same", use_bias=${num(bias)}, ${GLOROT}, kernel_regularizer=reg, name=${part(p)})(${input})`;
      return [
        comment(
          `conv -> batch norm -> ${activation} -> conv -> batch norm, + the input` +
            (project ? ` (through a 1x1 conv projection: ${channels} -> ${filters} channels)` : '') +
            `, -> ${activation}`,
        ),
        `y = ${conv(kernelSize, 'conv_a', false, 'x')}`,
        `y = layers.BatchNormalization(${BN}, name=${part('bn_a')})(y)`,
        `y = layers.Activation(${s(activation)}, name=${part('act_a')})(y)`,
        `y = ${conv(kernelSize, 'conv_b', false, 'y')}`,
        `y = layers.BatchNormalization(${BN}, name=${part('bn_b')})(y)`,
        project ? `shortcut = ${conv(1, 'proj', true, 'x')}` : 'shortcut = x',
        `x = layers.Add(name=${part('add')})([y, shortcut])`,
        `x = layers.Activation(${s(activation)}, name=${n})(x)`,
      ];
    }
    case 'lstm':
    case 'gru': {
      const lines: string[] = [];
      if (inShape.length === 3) {
        const [h, w, c] = inShape;
        lines.push(comment(`the image row by row: ${h} steps of ${w * c} features`));
        lines.push(`x = layers.Reshape(target_shape=${pyTuple([h, w * c])}, name=${pyString(`${name}_rows`)})(x)`);
      }
      const common =
        `units=${num(layer.units)}, return_sequences=${num(layer.returnSequences)}, activation="tanh", recurrent_activation="sigmoid", ` +
        `${GLOROT}, recurrent_initializer="orthogonal", kernel_regularizer=reg, recurrent_regularizer=reg`;
      if (layer.type === 'lstm') lines.push(`x = layers.LSTM(${common}, unit_forget_bias=True, name=${n})(x)`);
      else {
        lines.push(comment("reset_after=False: TensorFlow.js's GRU (one bias per gate); it rules out the cuDNN kernel, so it is slower on a GPU"));
        lines.push(`x = layers.GRU(${common}, reset_after=False, name=${n})(x)`);
      }
      return lines;
    }
    case 'patchEmbed':
    case 'transformerBlock':
    case 'tokenPool':
      // The Vision Transformer layers are Python classes of their own (kerasVit.ts, PYTHON_VIT_LAYERS).
      return vitLayerLines(layer, name, inShape, { pyString, pyNumber });
    default: {
      const unknown: never = layer;
      throw new TensorscopeError('invalid-spec', `Unknown layer type ${JSON.stringify((unknown as { type?: unknown }).type)}.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Optimizer, loss, metric.
// ---------------------------------------------------------------------------------------------------------------

/** The optimizer's lines; with clipping on, its constructor also clips by global norm, as the browser does. */
function optimizerLines(t: Pick<TrainingSpec, 'optimizer' | 'clipNorm'>): string[] {
  const lines = plainOptimizerLines(t);
  if ((t.clipNorm ?? null) === null) return lines;
  const last = lines.length - 1;
  return [
    ...lines.slice(0, last),
    '# Gradient clipping by global norm (tf.clip_by_global_norm over all gradients together), as Tensorscope clips.',
    lines[last].replace(/\)$/, ', global_clipnorm=GLOBAL_CLIPNORM)'),
  ];
}

function plainOptimizerLines(t: Pick<TrainingSpec, 'optimizer'>): string[] {
  const name: OptimizerName = t.optimizer;
  switch (name) {
    case 'sgd':
      return ['# Plain gradient descent (tf.train.sgd).', 'return tf.keras.optimizers.SGD(learning_rate=learning_rate)'];
    case 'momentum':
      return [
        '# Classical (not Nesterov) momentum, as tf.train.momentum. Approximate under a schedule: TensorFlow.js keeps',
        '# acc = m * acc + g and steps by lr * acc (past gradients are scaled by the *current* rate), Keras keeps',
        '# v = m * v - lr * g (each gradient keeps the rate of its own step). With a constant rate they are the same.',
        'return tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=float(MOMENTUM), nesterov=False)',
      ];
    case 'adam':
      return [
        "# Keras's defaults, which Tensorscope also sets in TensorFlow.js. Keras adds epsilon to sqrt(v) before the bias",
        '# correction, TensorFlow.js after it: a difference only while v is tiny (the first steps).',
        'return tf.keras.optimizers.Adam(learning_rate=learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)',
      ];
    case 'rmsprop':
      return [
        '# rho (decay) 0.9, no momentum, not centered, epsilon 1e-7, as Tensorscope sets tf.train.rmsprop.',
        'return tf.keras.optimizers.RMSprop(learning_rate=learning_rate, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)',
      ];
    case 'adagrad':
      return [
        "# Initial accumulator 0.1 (both libraries' default). TensorFlow.js adds its backend's epsilon: 1e-7 on cpu/wasm,",
        '# but 1e-4 on WebGL with float16 textures; Keras uses epsilon=1e-7 here.',
        'return tf.keras.optimizers.Adagrad(learning_rate=learning_rate, initial_accumulator_value=0.1, epsilon=1e-7)',
      ];
    case 'adadelta':
      return [
        "# rho 0.95, epsilon 1e-7, and the spec's learning rate as given (Keras's own default would be 0.001).",
        'return tf.keras.optimizers.Adadelta(learning_rate=learning_rate, rho=0.95, epsilon=1e-7)',
      ];
    default: {
      const unknown: never = name;
      throw new TensorscopeError('invalid-spec', `Unknown optimizer ${JSON.stringify(unknown)}.`);
    }
  }
}

function lossLines(spec: ExperimentSpec, data: KerasDataInfo): string[] {
  if (data.task === 'classification') {
    const lines = [
      '# Cross-entropy on class indices (the softmax head outputs probabilities) and accuracy, as the browser computes them.',
    ];
    if (spec.training.loss !== 'sparseCategoricalCrossentropy') {
      lines.push(`# The spec names the loss ${pyComment(spec.training.loss)}, but the browser trains every classifier with cross-entropy; so does this script.`);
    }
    lines.push('return tf.keras.losses.SparseCategoricalCrossentropy(), tf.keras.metrics.SparseCategoricalAccuracy(name="accuracy")');
    return lines;
  }
  const metric = 'tf.keras.metrics.MeanAbsoluteError(name="mae")';
  switch (spec.training.loss) {
    case 'meanAbsoluteError':
      return ['# Mean absolute error, reported with the mean absolute error.', `return tf.keras.losses.MeanAbsoluteError(), ${metric}`];
    case 'huber':
      return [
        '# Huber with delta 1: 0.5 * d^2 inside |d| <= 1, |d| - 0.5 outside; reported with the mean absolute error.',
        `return tf.keras.losses.Huber(delta=1.0), ${metric}`,
      ];
    default:
      return ['# Mean squared error, reported with the mean absolute error.', `return tf.keras.losses.MeanSquaredError(), ${metric}`];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The script.
// ---------------------------------------------------------------------------------------------------------------

const indent = (lines: string[], by = '    '): string[] => lines.map((l) => (l === '' ? l : by + l));

/** Layer types the script cannot write (a spec with one would get a clear refusal, not a different model): none now. */
export const KERAS_UNSUPPORTED_LAYERS: readonly LayerSpec['type'][] = [];

/** Whether kerasScript can write this spec's layers. */
export const kerasWritable = (spec: Pick<ExperimentSpec, 'model'>): boolean => !spec.model.layers.some((l) => KERAS_UNSUPPORTED_LAYERS.includes(l.type));

/**
 * A complete Python 3 script (TensorFlow 2 / Keras) that rebuilds the spec's model with the same layers, names,
 * shapes and parameter counts as buildModel, and trains it with the spec's hyperparameters under a tf.distribute
 * strategy (all local GPUs by default, or several machines). Pure and deterministic: the same spec and data give
 * the same text. Throws a TensorscopeError('invalid-spec') for a model buildModel would refuse or a non-finite number.
 */
export function kerasScript(spec: ExperimentSpec, data: KerasDataInfo): string {
  const layers = spec.model.layers;
  const inputShape: Shape = [...data.inputShape];
  if (layers.length === 0) throw new TensorscopeError('invalid-spec', 'The model has no layers; add at least one.');
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new TensorscopeError('invalid-spec', `The input shape [${inputShape.join(', ')}] is not a list of whole numbers of at least 1.`);
  }
  const summary = inferShapes(layers, inputShape);
  // As buildModel: a one-output regression head ends in the fixed target scale.
  const lastShape = summary.layers[summary.layers.length - 1]?.outputShape ?? [];
  const targetScale = spec.dataset.standardizeTarget === true && data.task === 'regression' && lastShape.length === 1 && lastShape[0] === 1;
  const bad = summary.layers.find((l) => l.error);
  if (bad) throw new TensorscopeError('invalid-spec', `Layer ${bad.index + 1} (${bad.name}): ${bad.error}`);
  const names = layerNames(layers);
  const t = spec.training;
  const s = t.schedule;
  const es = t.earlyStopping;
  const mnist = data.datasetId === BUNDLED_MNIST_ID;
  const classification = data.task === 'classification';
  const fingerprint = data.fingerprint ?? spec.dataset.fingerprint;
  const monitor = es.monitor === 'valLoss' ? 'val_loss' : classification ? 'val_accuracy' : 'val_mae';
  const monitorMode = es.monitor === 'valMetric' && classification ? 'max' : 'min';
  const table = data.table;
  if (table) checkTable(table, inputShape, data.kind);
  const classNames = classification ? (data.classNames ?? table?.label.classNames ?? []) : [];
  const hasGru = layers.some((l) => l.type === 'gru');
  // The usage lines carry the table's file names (user data), so they go through pyComment.
  const dataFlag = table ? pyComment(` --data ${shellWord(table.source.fileName)}${data.tableTestFile ? ` --test ${shellWord(data.tableTestFile)}` : ''}`) : '';

  // Validated up front so that a bad number fails here, not halfway through.
  const num = pyNumber;

  const header: string[] = [
    '#!/usr/bin/env python3',
    '# -*- coding: utf-8 -*-',
    '# Generated by Tensorscope: the browser experiment below as a TensorFlow 2 / Keras script that trains with',
    '# tf.distribute, for a multi-GPU machine or a cluster.',
    '#',
    comment(`Experiment: ${spec.name}`),
    comment(`Dataset:    ${data.datasetName} (id ${data.datasetId}; fingerprint ${fingerprint ?? 'unknown'})`),
    comment(`Model:      ${layers.length} layers, ${summary.totalParams} parameters (as TensorFlow.js counts them), input shape [${inputShape.join(', ')}]`),
    comment(`Training:   ${t.optimizer}, learning rate ${t.learningRate} (${s.kind} schedule${s.warmupEpochs > 0 ? `, ${s.warmupEpochs} warm-up epochs` : ''}), ${t.epochs} epochs, batch size ${t.batchSize}`),
    '#',
    '# Usage (tried with TensorFlow 2.21 and Keras 3.15; TensorFlow 2.12 or newer, Keras 2 or 3):',
    `#   pip install tensorflow numpy${table ? ' pandas' : ''}`,
    `#   python3 THIS_SCRIPT.py${dataFlag} --strategy default         # one device, no distribution`,
    `#   python3 THIS_SCRIPT.py${dataFlag}                            # every local GPU (MirroredStrategy)`,
    `#   python3 THIS_SCRIPT.py${dataFlag} --local-workers 2          # two worker processes on this machine`,
    `#   python3 THIS_SCRIPT.py${dataFlag} --epochs 20 --batch-size 64 --save model.keras --export-savedmodel savedmodel/1`,
    ...(table ? ['#   With the Run in Python package, data.npz beside the script holds the encoded table: no --data needed.'] : []),
    '#',
    '# Data.',
    ...(table
      ? tableHeaderLines(table, data.tableTestFile, { testFraction: spec.dataset.testFraction, validationFraction: t.validationFraction, seed: spec.dataset.splitSeed }, comment)
      : mnist
        ? [
            "#   data.npz beside this script (the Run in Python package's: the browser's own train, validation and test",
            '#   digits of its 10,000-digit bundled MNIST) by default; --data PATH names another .npz. --download-mnist',
            '#   downloads the full set instead (60,000 train and 10,000 test digits), so scores will differ from the browser run.',
          ]
        : ['#   data.npz beside this script (the Run in Python package\'s) by default; --data PATH names another .npz.']),
    ...(table ? [] : NPZ_FORMAT),
    '#',
    '# Distribution.',
    '#   --strategy mirrored (default): MirroredStrategy over every GPU of this machine (the CPU when there is none;',
    '#   --cpu-replicas N splits it into N devices, to try multi-replica training without GPUs).',
    '#   --strategy default: no distribution, one device.',
    '#   --strategy multiworker: MultiWorkerMirroredStrategy. Run the same command on every machine, each with a',
    '#   TF_CONFIG environment variable naming the cluster and its own place in it. Two workers, for example:',
    '#     host1$ TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}\' \\',
    '#              python3 THIS_SCRIPT.py --strategy multiworker',
    '#     host2$ TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 1}}\' \\',
    '#              python3 THIS_SCRIPT.py --strategy multiworker',
    '#   --local-workers N starts N such workers on this machine (localhost ports, TF_CONFIG generated): a test cluster.',
    '#   Multiworker runs (and mirrored runs over several GPUs) train with a custom loop under the strategy: Keras 3',
    '#   model.fit crashes there on TensorFlow 2.16-2.21 (PerReplica to Tensor, keras-team/keras#20585). Fault',
    '#   tolerance as TensorFlow documents it: a checkpoint after every epoch in --checkpoint-dir (on a cluster, a',
    '#   directory every worker sees); restart every worker and the run resumes from it; a finished run deletes it.',
    '#   Worker 0 is the chief: --save and --export-savedmodel write its model; the other workers write to a temporary',
    '#   directory and delete it. Every worker reads the whole data set; tf.data shards it by example (AutoShardPolicy.DATA).',
    '#   --batch-size is per replica: the global batch is batch size x strategy.num_replicas_in_sync, so on one device',
    '#   the batches are the browser\'s. The learning rate is NOT scaled with the global batch (nor is anything else);',
    '#   to scale it, e.g. linearly, change LEARNING_RATE. The schedule is measured in epochs, so it follows the',
    '#   smaller number of steps per epoch.',
    '#',
    '# What differs from the browser run.',
    "#   - Initial weights and dropout masks come from TensorFlow's generator seeded with SEED, not from Tensorscope's",
    '#     streams: the same distributions (Glorot-uniform kernels, zero biases, orthogonal recurrent kernels), other',
    '#     draws. The batch order comes from tf.data\'s seeded shuffle.',
    '#   - The learning rate schedule is evaluated in float32 on every step, at fractional epoch step / steps_per_epoch.',
    ...(t.optimizer === 'momentum' ? ['#   - Momentum under a changing learning rate: see make_optimizer.'] : []),
    ...(t.optimizer === 'adam' ? ['#   - Adam places epsilon slightly differently: see make_optimizer.'] : []),
    ...(t.optimizer === 'adagrad' ? ["#   - Adagrad's epsilon is 1e-7 here; the browser's depends on its backend: see make_optimizer."] : []),
    ...(hasGru ? ['#   - GRU layers use reset_after=False (the TensorFlow.js cell), which cannot use the cuDNN kernel.'] : []),
    ...(t.l1 > 0 || t.l2 > 0 ? ['#   - The L1/L2 penalty is added by Keras regularizers on every kernel (dense, conv, recurrent): the same sum.'] : []),
    '#',
    '# The experiment spec, as JSON (for traceability):',
    ...asciiJson(spec)
      .split('\n')
      .map((line) => comment(line)),
    '',
  ];

  const constants: string[] = [
    '# ---------------------------------------------------------------------------------------------------------------',
    '# The experiment, from the Tensorscope spec',
    '# ---------------------------------------------------------------------------------------------------------------',
    `SPEC_NAME = ${pyString(spec.name)}`,
    `DATASET_ID = ${pyString(data.datasetId)}`,
    `DATASET_NAME = ${pyString(data.datasetName)}`,
    `DATASET_FINGERPRINT = ${fingerprint == null ? 'None' : pyString(fingerprint)}`,
    `USE_KERAS_MNIST = ${num(mnist)}  # Tensorscope's bundled MNIST: --download-mnist fetches the full set`,
    `KIND = ${pyString(data.kind)}  # "image" (uint8 pixels) or "tabular" (float features)`,
    `TASK = ${pyString(data.task)}`,
    `INPUT_SHAPE = ${pyTuple(inputShape)}`,
    `NUM_CLASSES = ${num(data.numClasses)}`,
    `CLASS_NAMES = [${classNames.map(pyString).join(', ')}]`,
    `NORMALIZATION = ${pyString(spec.dataset.normalization)}  # scale01: x / 255 (images) or min-max (tables); standardize: (x - mean) / std; none`,
    `TEST_FRACTION = ${num(spec.dataset.testFraction)}  # used only when the data has no test set of its own`,
    `SPLIT_SEED = ${num(spec.dataset.splitSeed)}`,
    `VALIDATION_FRACTION = ${num(t.validationFraction)}`,
    `MAX_TRAIN_SAMPLES = ${t.maxTrainSamples == null ? 'None' : num(t.maxTrainSamples)}`,
    `SEED = ${num(spec.seed)}`,
    `EPOCHS = ${num(t.epochs)}`,
    `BATCH_SIZE = ${num(t.batchSize)}  # per replica`,
    `LEARNING_RATE = ${num(t.learningRate)}  # not scaled with the global batch`,
    `MOMENTUM = ${num(t.momentum)}  # used by the momentum optimizer only`,
    `GLOBAL_CLIPNORM = ${t.clipNorm == null ? 'None' : num(t.clipNorm)}  # gradient clipping by global norm; None: off`,
    `SCHEDULE = ${pyString(s.kind)}  # constant, step, exponential or cosine, after an optional linear warm-up`,
    `WARMUP_EPOCHS = ${num(s.warmupEpochs)}`,
    `STEP_EPOCHS = ${num(s.stepEpochs)}`,
    `DECAY_FACTOR = ${num(s.factor)}`,
    `MIN_LEARNING_RATE = ${num(s.minLearningRate)}`,
    `L1 = ${num(t.l1)}`,
    `L2 = ${num(t.l2)}`,
    `EARLY_STOPPING = ${num(es.enabled)}`,
    `EARLY_STOPPING_MONITOR = ${pyString(monitor)}`,
    `EARLY_STOPPING_MODE = ${pyString(monitorMode)}`,
    `EARLY_STOPPING_PATIENCE = ${num(es.patience)}`,
    `EARLY_STOPPING_RESTORE_BEST = ${num(es.restoreBest)}`,
    `METRIC_NAME = ${pyString(classification ? 'accuracy' : 'mae')}`,
    `EXPECTED_PARAMS = ${num(summary.totalParams + (targetScale ? 2 : 0))}  # TensorFlow.js's model.countParams() for this spec`,
    `TARGET_SCALE = ${num(targetScale)}  # regression: a fixed last layer y = z * std + mean of the train targets, the loss in std units`,
    ...(table
      ? [
          `TABLE_TEST_FILE = ${data.tableTestFile ? pyString(data.tableTestFile) : 'None'}  # the separate test file the browser read, if any`,
          "# The browser's fitted table (fills, levels, class names learned on its training split), as JSON text.",
          ...tableJsonLines(table, pyString),
        ]
      : []),
    '',
    '',
  ];

  const modelBody: string[] = [];
  layers.forEach((layer, i) => {
    const inShape = i === 0 ? inputShape : summary.layers[i - 1].outputShape;
    const out = summary.layers[i].outputShape;
    modelBody.push(comment(`${names[i]}: [${inShape.join(', ')}] -> [${out.join(', ')}], ${summary.layers[i].params} parameters`));
    modelBody.push(...layerLines(layer, names[i], inShape));
  });
  if (targetScale) {
    modelBody.push(
      comment(`${TARGET_SCALE_LAYER}: [1] -> [1], 2 fixed parameters: y = z * std + mean of the train targets (set in main), so the`),
      comment('  layers above learn z near N(0, 1) whatever the units of the target (Tensorscope\'s models/targetScale.ts)'),
      `x = tf.keras.layers.Dense(1, trainable=False, name=${pyString(TARGET_SCALE_LAYER)})(x)`,
    );
  }

  const model: string[] = [
    ...(usesVitLayers(layers) ? PYTHON_VIT_LAYERS : []),
    '# ---------------------------------------------------------------------------------------------------------------',
    '# The model, optimizer and loss',
    '# ---------------------------------------------------------------------------------------------------------------',
    'def build_model():',
    '    """The spec\'s layers as Tensorscope\'s buildModel makes them in TensorFlow.js: the same names, output shapes',
    '    and parameter counts (Glorot-uniform kernels, zero biases, orthogonal recurrent kernels, batch norm with',
    '    momentum 0.99 and epsilon 1e-3, the L1/L2 penalty on every kernel)."""',
    '    reg = tf.keras.regularizers.L1L2(l1=L1, l2=L2) if (L1 > 0 or L2 > 0) else None',
    '    inputs = tf.keras.Input(shape=INPUT_SHAPE, name="input")',
    '    x = inputs',
    ...indent(modelBody),
    '    return tf.keras.Model(inputs=inputs, outputs=x, name="tensorscope")',
    '',
    '',
    'def make_optimizer(learning_rate):',
    ...indent(optimizerLines(t)),
    '',
    '',
    'def make_loss_and_metric():',
    ...indent(lossLines(spec, data)),
    '',
    '',
  ];

  const mnistLoader = [
    'def load_mnist():',
    '    """tf.keras.datasets.mnist (downloaded once): 60,000 train digits, then the 10,000 test digits."""',
    '    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()',
    '    x = np.concatenate([as_inputs(x_train), as_inputs(x_test)])',
    '    y = np.concatenate([as_targets(y_train), as_targets(y_test)])',
    '    return x, y, len(x_train)',
    '',
    '',
  ];

  const main = pythonMain(table ? 'table' : mnist ? 'mnist' : 'npz');

  if (table) {
    // TensorFlow is imported after parse_args and the --features-out exit, so the features need only numpy and pandas.
    return [...header, ...PYTHON_TABLE_IMPORTS, ...constants, ...PYTHON_DATA, ...PYTHON_TABLE, ...main.args, ...PYTHON_TABLE_TF_IMPORT, ...PYTHON_SCHEDULE, ...model, ...main.rest].join('\n') + '\n';
  }
  return [...header, ...PYTHON_IMPORTS, ...constants, ...PYTHON_DATA, ...(mnist ? mnistLoader : []), ...PYTHON_SCHEDULE, ...model, ...main.args, ...main.rest].join('\n') + '\n';
}

/** How the .npz is laid out (not for a table, which is read raw). */
const NPZ_FORMAT = [
  '#   The .npz holds either x_train, y_train, x_test, y_test (a data set with its own test set) or just x, y (every',
  "#   example, in the order Tensorscope loaded them: the script then holds out the test set exactly as the browser",
  '#   does). x: images as uint8 pixels 0..255, shaped [N, height, width, channels] or [N, height, width]; table rows',
  '#   as floats [N, features]. y: class indices 0..NUM_CLASSES-1, or the numeric target for regression. E.g.:',
  '#     import numpy as np',
  '#     np.savez_compressed("data.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)',
  "#   The split is the browser's, bit for bit (the same seeded shuffle): VALIDATION_FRACTION of the train part is",
  '#   held out for validation with SPLIT_SEED, then at most MAX_TRAIN_SAMPLES examples are trained on; NORMALIZATION',
  '#   is computed from those train examples only.',
];

const PYTHON_IMPORTS = [
  ...PYTHON_STDLIB_IMPORTS,
  '',
  'import numpy as np',
  'import tensorflow as tf',
  '',
  'layers = tf.keras.layers',
  '',
];

// Python that does not depend on the spec; every constant it reads is defined above it.
const PYTHON_DATA = String.raw`# ---------------------------------------------------------------------------------------------------------------
# Data: loading, the browser's seeded split, normalization, tf.data pipelines
# ---------------------------------------------------------------------------------------------------------------
def mulberry32(seed):
    """Tensorscope's seeded generator (mulberry32), bit for bit: a function returning floats in [0, 1)."""
    state = seed & 0xFFFFFFFF

    def rng():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return rng


def seeded_permutation(n, seed):
    """0..n-1 shuffled as Tensorscope shuffles (Fisher-Yates driven by mulberry32)."""
    rng = mulberry32(seed)
    idx = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        idx[i], idx[j] = idx[j], idx[i]
    return np.array(idx, dtype=np.int64)


def split_indices(count, test_from):
    """Train, validation and test indices as Tensorscope's splitFor makes them: the data's own test set when it has
    one (examples test_from..count-1), else a seeded TEST_FRACTION of all examples; then a seeded VALIDATION_FRACTION
    of the rest for validation; then at most MAX_TRAIN_SAMPLES of the remaining train examples."""
    own_test = test_from is not None and 0 < test_from < count
    n = test_from if own_test else count
    test_count = 0 if own_test else math.floor(count * min(0.5, max(0.0, TEST_FRACTION)) + 0.5)
    test_count = max(0, min(n - 1, test_count))
    perm = seeded_permutation(n, SPLIT_SEED)
    rest = perm[test_count:]
    val_count = math.floor(len(rest) * min(0.5, max(0.0, VALIDATION_FRACTION)))
    val, train = rest[:val_count], rest[val_count:]
    test = np.arange(test_from, count, dtype=np.int64) if own_test else perm[:test_count]
    if MAX_TRAIN_SAMPLES is not None and 0 < MAX_TRAIN_SAMPLES < len(train):
        train = train[:MAX_TRAIN_SAMPLES]
    return train, val, test


def as_inputs(x):
    """Examples shaped (N,) + INPUT_SHAPE: images stay uint8 (normalized per batch), everything else float32."""
    x = np.asarray(x)
    size = int(np.prod(INPUT_SHAPE))
    if x.ndim == 0 or x.size != len(x) * size:
        raise SystemExit(f"inputs shaped {x.shape} do not hold {INPUT_SHAPE} per example")
    x = x.reshape((len(x),) + INPUT_SHAPE)
    return x if (KIND == "image" and x.dtype == np.uint8) else x.astype(np.float32)


def as_targets(y):
    """Class indices (int32) for classification, numeric targets (float32) for regression."""
    y = np.asarray(y).reshape(-1)
    return y.astype(np.int32) if TASK == "classification" else y.astype(np.float32)


def load_data(path):
    """An .npz with x_train, y_train, x_test, y_test (the test set is the data's own), or with x, y (the test set
    is held out by split_indices). Returns all examples, targets, and where the own test set starts (or None)."""
    with np.load(path, allow_pickle=False) as f:
        keys = set(f.files)
        if {"x_train", "y_train", "x_test", "y_test"} <= keys:
            x_train = as_inputs(f["x_train"])
            x = np.concatenate([x_train, as_inputs(f["x_test"])])
            y = np.concatenate([as_targets(f["y_train"]), as_targets(f["y_test"])])
            if len(x) != len(y):
                raise SystemExit(f"{path}: x and y hold different numbers of examples")
            return x, y, len(x_train)
        if {"x", "y"} <= keys:
            x, y = as_inputs(f["x"]), as_targets(f["y"])
            if len(x) != len(y):
                raise SystemExit(f"{path}: x and y hold different numbers of examples")
            return x, y, None
    raise SystemExit(f"{path}: expected arrays x_train, y_train, x_test, y_test (or x, y); found {sorted(keys)}")


def normalization_params(x_train):
    """(shift, scale) with x' = (x - shift) * scale, from the train examples only, as Tensorscope's
    normalizationParams: one pair for all pixels of an image, one pair per feature of a table."""
    if NORMALIZATION == "none" or len(x_train) == 0:
        return np.float32(0.0), np.float32(1.0)
    if NORMALIZATION == "scale01" and KIND == "image":
        return np.float32(0.0), np.float32(1.0 / 255.0)
    axis = 0 if KIND == "tabular" else None
    if NORMALIZATION == "scale01":
        low = np.asarray(x_train.min(axis=axis), dtype=np.float64)
        span = np.asarray(x_train.max(axis=axis), dtype=np.float64) - low
        scale = np.where(span > 0, 1.0 / np.where(span > 0, span, 1.0), 1.0)
        return low.astype(np.float32), scale.astype(np.float32)
    mean = np.asarray(x_train.mean(axis=axis, dtype=np.float64))
    std = np.asarray(x_train.std(axis=axis, dtype=np.float64))
    scale = np.where(std > 1e-12, 1.0 / np.where(std > 1e-12, std, 1.0), 1.0)
    return mean.astype(np.float32), scale.astype(np.float32)


def make_dataset(x, y, shift, scale, global_batch, shuffle):
    """A tf.data pipeline of normalized global batches; None for an empty split."""
    if len(x) == 0:
        return None
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        # A full shuffle, new every epoch, seeded: every worker draws the same order, so sharding stays consistent.
        ds = ds.shuffle(len(x), seed=SEED, reshuffle_each_iteration=True)
    ds = ds.batch(global_batch)
    shift = tf.constant(shift, tf.float32)
    scale = tf.constant(scale, tf.float32)
    ds = ds.map(lambda xb, yb: ((tf.cast(xb, tf.float32) - shift) * scale, yb), num_parallel_calls=tf.data.AUTOTUNE)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return ds.with_options(options).prefetch(tf.data.AUTOTUNE)


`.split('\n');

const PYTHON_SCHEDULE = String.raw`# ---------------------------------------------------------------------------------------------------------------
# The learning rate schedule
# ---------------------------------------------------------------------------------------------------------------
def learning_rate_at(epoch, steps_per_epoch, total_epochs, xp=np):
    """Tensorscope's learningRateAt at a fractional epoch (0 at the start, 1.5 halfway through the second): a linear
    warm-up from 0 over WARMUP_EPOCHS (step k of it gets LEARNING_RATE * (k + 1) / warm-up steps), then, measured
    from its end, constant, step (x DECAY_FACTOR every STEP_EPOCHS), exponential (x DECAY_FACTOR per epoch) or
    cosine down to MIN_LEARNING_RATE at the last epoch. xp is numpy or tensorflow: the same function names."""
    base = float(LEARNING_RATE)
    warmup = max(WARMUP_EPOCHS, 0)
    e = xp.maximum(epoch, 0.0)
    t = e - warmup
    if SCHEDULE == "step" and DECAY_FACTOR != 1:
        after = base * DECAY_FACTOR ** xp.floor(t / STEP_EPOCHS + 1e-9)
    elif SCHEDULE == "exponential" and DECAY_FACTOR != 1:
        after = base * DECAY_FACTOR ** t
    elif SCHEDULE == "cosine" and total_epochs - warmup > 0:
        span = total_epochs - warmup
        low = min(MIN_LEARNING_RATE, base)
        after = low + (base - low) * (1.0 + xp.cos(math.pi * xp.minimum(t, span) / span)) / 2.0
    else:
        after = base + 0.0 * e
    if warmup > 0:
        ramp = base * xp.minimum(1.0, (e + 1.0 / steps_per_epoch) / warmup)
        return xp.where(e < warmup, ramp, after)
    return after


@tf.keras.utils.register_keras_serializable(package="Tensorscope")
class TensorscopeSchedule(tf.keras.optimizers.schedules.LearningRateSchedule):
    """learning_rate_at per optimizer step: step k (from 0) is at fractional epoch k / steps_per_epoch."""

    def __init__(self, steps_per_epoch, total_epochs):
        super().__init__()
        self.steps_per_epoch = int(steps_per_epoch)
        self.total_epochs = total_epochs

    def __call__(self, step):
        epoch = tf.cast(step, tf.float32) / float(self.steps_per_epoch)
        return tf.cast(learning_rate_at(epoch, self.steps_per_epoch, self.total_epochs, xp=tf), tf.float32)

    def get_config(self):
        return {"steps_per_epoch": self.steps_per_epoch, "total_epochs": self.total_epochs}


def make_learning_rate(steps_per_epoch, total_epochs):
    if SCHEDULE == "constant" and WARMUP_EPOCHS <= 0:
        return float(LEARNING_RATE)
    return TensorscopeSchedule(steps_per_epoch, total_epochs)


`.split('\n');
