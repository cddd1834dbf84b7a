import { ACTIVATIONS, TARGET_SCALE_LAYER, type Activation, type LayerSpec, type Padding } from './spec';

/**
 * The layers of an imported TF.js / Keras model (model.json's modelTopology) as a spec's sequential layers, so the
 * Model panel shows the imported architecture and Train trains it. Sequential models and functional models that are
 * a plain chain map; anything Tensorscope cannot build (branches, other layer kinds, non-square kernels, layers
 * without a bias) is named in `unsupported` instead. Pure: no tfjs.
 */
export interface TopologyLayers {
  layers: LayerSpec[] | null;
  /** Why the topology does not map, in words (empty when it does). */
  unsupported: string[];
  /** The model ends in Tensorscope's fixed target scale (a regression model exported from here): not a spec layer. */
  targetScale?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[3, 3]` or `3` → 3; a non-square pair → null. */
function square(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2 && v[0] === v[1] && typeof v[0] === 'number') return v[0];
  return null;
}

function activationOf(v: unknown): Activation | null {
  const name = typeof v === 'string' ? v : isObj(v) && typeof v.class_name === 'string' ? v.class_name : isObj(v) && isObj(v.config) ? v.config.name : 'linear';
  const a = String(name ?? 'linear').toLowerCase();
  return (ACTIVATIONS as readonly string[]).includes(a) ? (a as Activation) : null;
}

function paddingOf(v: unknown): Padding | null {
  return v === 'valid' || v === 'same' ? v : v == null ? 'valid' : null;
}

/** The list of layer entries in a topology (Sequential or functional, with or without the model_config wrapper). */
function layerEntries(topology: unknown): { entries: Obj[]; functional: boolean } | null {
  if (!isObj(topology)) return null;
  const root = isObj(topology.model_config) ? topology.model_config : topology;
  const config = root.config;
  const list = Array.isArray(config) ? config : isObj(config) && Array.isArray(config.layers) ? config.layers : null;
  if (!list) return null;
  return { entries: list.filter(isObj), functional: root.class_name !== 'Sequential' };
}

/** The names of the layers a functional layer entry reads (tfjs/Keras 2 inbound_nodes, or Keras 3 keras_history). */
function inboundNames(entry: Obj): string[] | null {
  const nodes = entry.inbound_nodes;
  if (!Array.isArray(nodes)) return null;
  const names: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      // tfjs / Keras 2: [layerName, nodeIndex, tensorIndex, kwargs]
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(walk);
    } else if (isObj(v)) {
      if (Array.isArray(v.keras_history) && typeof v.keras_history[0] === 'string') names.push(v.keras_history[0]);
      else Object.values(v).forEach(walk);
    }
  };
  walk(nodes);
  return names;
}

function mapLayer(className: string, c: Obj, name: string): LayerSpec | string {
  const bad = (what: string) => `${name} (${className}): ${what}`;
  switch (className) {
    case 'Dense': {
      const activation = activationOf(c.activation);
      if (!activation) return bad(`activation ${JSON.stringify(c.activation)}`);
      if (c.use_bias === false) return bad('no bias');
      return { type: 'dense', units: Number(c.units), activation };
    }
    case 'Conv2D': {
      const k = square(c.kernel_size);
      const s = square(c.strides ?? 1);
      const padding = paddingOf(c.padding);
      const activation = activationOf(c.activation);
      const dilation = square(c.dilation_rate ?? 1);
      if (k == null || s == null) return bad('a non-square kernel or stride');
      if (!padding || !activation || dilation !== 1) return bad('padding, activation or dilation');
      if (c.use_bias === false) return bad('no bias');
      return { type: 'conv2d', filters: Number(c.filters), kernelSize: k, strides: s, padding, activation };
    }
    case 'MaxPooling2D':
    case 'MaxPool2D':
    case 'AveragePooling2D':
    case 'AvgPool2D': {
      const p = square(c.pool_size ?? 2);
      const s = c.strides == null ? p : square(c.strides);
      const padding = paddingOf(c.padding);
      if (p == null || s == null || !padding) return bad('a non-square pool');
      return { type: className.startsWith('Max') ? 'maxPool2d' : 'avgPool2d', poolSize: p, strides: s, padding };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalAvgPool2D':
      return { type: 'globalAvgPool2d' };
    case 'Dropout':
    case 'SeededDropout':
      return { type: 'dropout', rate: Number(c.rate ?? 0) };
    case 'BatchNormalization':
      return { type: 'batchNorm' };
    case 'Flatten':
      return { type: 'flatten' };
    case 'Reshape':
      return Array.isArray(c.target_shape) ? { type: 'reshape', targetShape: c.target_shape.map(Number) } : bad('no target shape');
    case 'Activation': {
      const activation = activationOf(c.activation);
      return activation ? { type: 'activation', activation } : bad(`activation ${JSON.stringify(c.activation)}`);
    }
    case 'LSTM':
    case 'GRU':
      return { type: className === 'LSTM' ? 'lstm' : 'gru', units: Number(c.units), returnSequences: c.return_sequences === true };
    // Tensorscope's own ViT layers (tfjs writes their config keys in snake_case).
    case 'PatchEmbed': {
      const patchSize = Number(c.patch_size ?? c.patchSize);
      const dim = Number(c.dim);
      return Number.isInteger(patchSize) && Number.isInteger(dim) ? { type: 'patchEmbed', patchSize, dim } : bad('no patch size or dim');
    }
    case 'TransformerBlock': {
      const heads = Number(c.heads);
      const mlpDim = Number(c.mlp_dim ?? c.mlpDim);
      return Number.isInteger(heads) && Number.isInteger(mlpDim) ? { type: 'transformerBlock', heads, mlpDim } : bad('no heads or MLP width');
    }
    case 'TokenPool':
      return c.mode === 'cls' || c.mode === 'mean' ? { type: 'tokenPool', mode: c.mode } : bad(`pool mode ${JSON.stringify(c.mode)}`);
    default:
      return bad('not a layer Tensorscope builds');
  }
}

export function layersFromTopology(topology: unknown): TopologyLayers {
  const found = layerEntries(topology);
  if (!found) return { layers: null, unsupported: ['model.json has no layer list'] };
  const layers: LayerSpec[] = [];
  const unsupported: string[] = [];
  let previous: string | null = null;
  let targetScale = false;
  for (const entry of found.entries) {
    const className = String(entry.class_name ?? '');
    const config = isObj(entry.config) ? entry.config : {};
    const name = String(entry.name ?? config.name ?? className);
    if (className === 'InputLayer') {
      previous = name;
      continue;
    }
    if (found.functional) {
      const inbound = inboundNames(entry);
      // A chain reads exactly the layer before it; a branch or a merge is no sequential stack.
      if (!inbound || inbound.length !== 1 || (previous != null && inbound[0] !== previous)) unsupported.push(`${name} (${className}): not a plain chain of layers`);
    }
    previous = name;
    if (name === TARGET_SCALE_LAYER && entry === found.entries[found.entries.length - 1] && className === 'Dense') {
      targetScale = true;
      continue;
    }
    const mapped = mapLayer(className, config, name);
    if (typeof mapped === 'string') unsupported.push(mapped);
    else layers.push(mapped);
  }
  // The reshape buildModel inserts before a recurrent layer on an image comes back as an explicit Reshape: equivalent.
  if (unsupported.length || layers.length === 0) return { layers: null, unsupported: unsupported.length ? unsupported : ['the model has no layers'] };
  return { layers, unsupported: [], ...(targetScale ? { targetScale } : {}) };
}
