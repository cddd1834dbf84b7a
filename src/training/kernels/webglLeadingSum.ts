import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';
import { runKernel, withIntermediates, type Backend } from './compose';

/**
 * The sum of an NHWC tensor over its batch, height and width — a convolution's bias gradient — on WebGL, as two
 * packed draws reading texels in place: the tensor's texel rows (one per image row and pair of columns, the channels'
 * texels along it) summed in chunks, then the chunks. tfjs 4.22 transposes the tensor to put the channels first and
 * reduces it in unpacked passes: the CNN preset's first layer ([32, 26, 26, 32]) took 24 ms unsynced in SwiftShader
 * (ours 1.7), its second 7.6 (ours 1.3).
 */

/** Texel rows a fragment of the first draw sums: short loops, and chunks / 2 × channels / 2 fragments to share out. */
const ROWS_PER_CHUNK = 128;

/**
 * Output [chunks, channels]: fragment (r, c) (r even) sums texel rows [r·size, (r + 1)·size) and the next chunk's of
 * channels c, c + 1, where a texel row is one image row's pair of columns (or, for the second draw's 2-D input, a pair
 * of chunks) and holds ⌈channels / 2⌉ texels. A texel holds two columns: the second is padding in each row's last
 * texel when the width is odd. Texels are found by their flat index, row-major in the texture whatever its width —
 * tfjs's packed layout, also when a large tensor's texture is squarified (the CNN preset's first layer's is).
 */
function chunkSumProgram(input: { rows: number; channels: number; rowTexels: number; oddWidth: boolean }, chunks: number, size: number): WebGLProgram {
  const { rows, channels, rowTexels, oddWidth } = input;
  const cT = Math.ceil(channels / 2);
  const chunk = (k: number) => `
      {
        int start = (o.x + ${k}) * ${size};
        int col = start - (start / ${rowTexels}) * ${rowTexels};
        int t = start * ${cT} + o.y / 2;
        ivec2 pos = ivec2(t - (t / width) * width, t / width);
        for (int i = 0; i < ${size}; i++) {
          if (start + i >= ${rows}) break;
          vec4 v = texture(X, (vec2(pos) + 0.5) * inv);
          ${oddWidth ? `sum${k} += col == ${rowTexels - 1} ? v.xy : v.xy + v.zw;` : `sum${k} += v.xy + v.zw;`}
          ${oddWidth ? `col = col == ${rowTexels - 1} ? 0 : col + 1;` : ''}
          pos.x += ${cT};
          while (pos.x >= width) {
            pos.x -= width;
            pos.y += 1;
          }
        }
      }`;
  return packedProgram(['X'], [chunks, channels], `
    void main() {
      ivec2 o = getOutputCoords();
      int width = textureSize(X, 0).x;
      vec2 inv = 1.0 / vec2(textureSize(X, 0));
      vec2 sum0 = vec2(0.0);
      vec2 sum1 = vec2(0.0);
      ${chunk(0)}
      ${chunk(1)}
      setOutput(vec4(sum0, sum1));
    }
  `);
}

/** Sum over axes [0, 1, 2] of a rank-4 float32 tensor of at least two chunks; everything else (small ones too) to tfjs's. */
export function webglLeadingSum(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const leading = x.shape.length === 4 && axes.length === 3 && [0, 1, 2].every((a) => axes.includes(a));
    if (!leading || x.dtype !== 'float32') return original(args);
    const [n, h, w, c] = x.shape;
    const rowTexels = Math.ceil(w / 2);
    const rows = n * h * rowTexels;
    if (rows < 2 * ROWS_PER_CHUNK) return original(args);
    const backend = args.backend as unknown as WebGLBackend & Backend;
    return withIntermediates(backend, (keep) => {
      const chunks = Math.ceil(rows / ROWS_PER_CHUNK);
      const first = chunkSumProgram({ rows, channels: c, rowTexels, oddWidth: w % 2 === 1 }, chunks + (chunks % 2), ROWS_PER_CHUNK);
      const partial = keep(backend.runWebGLProgram(first, [x], 'float32'));
      // The partial sums [chunks, c] the same way: a texel row is a pair of chunks.
      const half = partial.shape[0] / 2;
      const second = chunkSumProgram({ rows: half, channels: c, rowTexels: 1, oddWidth: false }, 1, half);
      const total = keep(backend.runWebGLProgram(second, [partial], 'float32'));
      return runKernel(backend, 'Reshape', { x: total }, { shape: keepDims ? [1, 1, 1, c] : [c] });
    });
  };
}
