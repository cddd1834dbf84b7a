import type { Shape } from '../models/shapes';
import type { LayerSpec } from '../models/spec';

/**
 * The Keras side of Tensorscope's Vision Transformer layers (src/models/layers): Python classes built on
 * keras.layers.Conv2D, MultiHeadAttention, LayerNormalization and Dense with the same maths, weight shapes and
 * parameter counts as the TensorFlow.js layers, and the lines that put them in build_model(). The generator
 * (kerasScript.ts) calls vitLayerLines for patchEmbed / transformerBlock / tokenPool layers and puts
 * PYTHON_VIT_LAYERS before build_model when usesVitLayers(spec layers) is true.
 */

type VitLayer = Extract<LayerSpec, { type: 'patchEmbed' | 'transformerBlock' | 'tokenPool' }>;

export function isVitLayer(layer: LayerSpec): layer is VitLayer {
  return layer.type === 'patchEmbed' || layer.type === 'transformerBlock' || layer.type === 'tokenPool';
}

export function usesVitLayers(layers: readonly LayerSpec[]): boolean {
  return layers.some(isVitLayer);
}

/** How the generator writes literals (its pyString/pyNumber), passed in so names and numbers are escaped one way. */
export interface PyLiterals {
  pyString: (value: string) => string;
  pyNumber: (value: number | boolean) => string;
}

/**
 * The build_model() lines of one ViT layer on the running tensor `x` (inShape without the batch dimension);
 * `reg` is the script's L1/L2 regulariser (or None), applied to every kernel as the browser's penalty is.
 */
export function vitLayerLines(layer: VitLayer, name: string, inShape: Shape, py: PyLiterals): string[] {
  const n = py.pyString(name);
  const num = py.pyNumber;
  switch (layer.type) {
    case 'patchEmbed':
      return [`x = PatchEmbed(patch_size=${num(layer.patchSize)}, dim=${num(layer.dim)}, kernel_regularizer=reg, name=${n})(x)`];
    case 'transformerBlock':
      return [`x = TransformerBlock(dim=${num(inShape[inShape.length - 1])}, heads=${num(layer.heads)}, mlp_dim=${num(layer.mlpDim)}, kernel_regularizer=reg, name=${n})(x)`];
    case 'tokenPool':
      return [`x = TokenPool(mode=${py.pyString(layer.mode)}, name=${n})(x)`];
  }
}

/** The Python classes (module level, after `layers = tf.keras.layers`). Works with Keras 2 (tf.keras) and Keras 3. */
export const PYTHON_VIT_LAYERS: readonly string[] = String.raw`# ---------------------------------------------------------------------------------------------------------------
# Vision Transformer layers, as Tensorscope's TensorFlow.js layers compute them (layer norms with epsilon 1e-6, GELU
# in its tanh form, pre-norm blocks)
# ---------------------------------------------------------------------------------------------------------------
LAYER_NORM_EPSILON = 1e-6


class PatchEmbed(layers.Layer):
    """[h, w, c] image -> (h/p)(w/p) patch tokens of dim values (a Conv2D with kernel = stride = p), a learned class
    token put first, and a learned position embedding added to all 1 + n tokens."""

    def __init__(self, patch_size, dim, kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.patch_size = patch_size
        self.dim = dim
        self.proj = layers.Conv2D(dim, patch_size, strides=patch_size, padding="valid", kernel_initializer="glorot_uniform",
                                  kernel_regularizer=kernel_regularizer, name="proj")

    def build(self, input_shape):
        tokens = 1 + (input_shape[1] // self.patch_size) * (input_shape[2] // self.patch_size)
        self.proj.build(input_shape)
        init = tf.keras.initializers.TruncatedNormal(stddev=0.02)
        self.class_token = self.add_weight(name="class_token", shape=(1, 1, self.dim), initializer=init)
        self.position = self.add_weight(name="position_embedding", shape=(1, tokens, self.dim), initializer=init)
        super().build(input_shape)

    def call(self, x):
        patches = self.proj(x)
        batch = tf.shape(patches)[0]
        tokens = tf.reshape(patches, (batch, -1, self.dim))
        return tf.concat([tf.tile(self.class_token, (batch, 1, 1)), tokens], axis=1) + self.position

    def get_config(self):
        return {**super().get_config(), "patch_size": self.patch_size, "dim": self.dim}


class TransformerBlock(layers.Layer):
    """Pre-norm encoder block: x + MultiHeadAttention(LN(x)), then + MLP(LN(.)) with a GELU hidden layer."""

    def __init__(self, dim, heads, mlp_dim, kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.dim, self.heads, self.mlp_dim = dim, heads, mlp_dim
        self.norm1 = layers.LayerNormalization(epsilon=LAYER_NORM_EPSILON, name="norm1")
        self.attention = layers.MultiHeadAttention(num_heads=heads, key_dim=dim // heads, kernel_regularizer=kernel_regularizer, name="attention")
        self.norm2 = layers.LayerNormalization(epsilon=LAYER_NORM_EPSILON, name="norm2")
        self.mlp1 = layers.Dense(mlp_dim, kernel_regularizer=kernel_regularizer, name="mlp_1")
        self.mlp2 = layers.Dense(dim, kernel_regularizer=kernel_regularizer, name="mlp_2")

    def build(self, input_shape):
        self.norm1.build(input_shape)
        self.attention.build(input_shape, input_shape)
        self.norm2.build(input_shape)
        self.mlp1.build(input_shape)
        self.mlp2.build(tuple(input_shape[:-1]) + (self.mlp_dim,))
        super().build(input_shape)

    def call(self, x, training=None):
        h = self.norm1(x)
        x = x + self.attention(h, h, training=training)
        h = tf.nn.gelu(self.mlp1(self.norm2(x)), approximate=True)
        return x + self.mlp2(h)

    def attention_scores(self, x):
        """Each head's attention [batch, heads, tokens, tokens], as Tensorscope's attention maps read it."""
        h = self.norm1(x)
        _, scores = self.attention(h, h, return_attention_scores=True)
        return scores

    def get_config(self):
        return {**super().get_config(), "dim": self.dim, "heads": self.heads, "mlp_dim": self.mlp_dim}


class TokenPool(layers.Layer):
    """The final layer norm, then the class token ("cls") or the mean of all tokens ("mean"): [t, d] -> [d]."""

    def __init__(self, mode="cls", **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
        self.norm = layers.LayerNormalization(epsilon=LAYER_NORM_EPSILON, name="norm")

    def build(self, input_shape):
        self.norm.build(input_shape)
        super().build(input_shape)

    def call(self, x):
        h = self.norm(x)
        return tf.reduce_mean(h, axis=1) if self.mode == "mean" else h[:, 0, :]

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}


`.split('\n');
