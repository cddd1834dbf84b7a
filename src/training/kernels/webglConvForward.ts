import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGLBackend, type WebGLProgram } from '../fusedAdam/webglKernel';

/**
 * A stride-1 convolution on WebGL as one packed program that reads x's windows in place ("implicit GEMM"), for the
 * forward pass and, through conv2dBackpropFilter's rewrite as a forward convolution, the filter gradient.
 *
 * tfjs 4.22 runs these as im2col (a [N, kh·kw·Ci, Ho·Wo] copy of x, four values per fragment, each with its own
 * index arithmetic), a batched packed product, and a repacking reshape of the product when Wo is odd: on the CNN
 * preset's second layer 105 ms unsynced in SwiftShader, of which the product is 38. Here a fragment computes one
 * texel of the packed output — columns w, w + 1 (w even) × output channels co, co + 1 — and, for each window row and
 * pair of input channels, fetches the row's x texels once (⌈kw / 2⌉ + 1 of them cover the kw + 1 columns both output
 * columns need) and one filter texel per window column: for a 3 × 3 window 5 fetches per 24 multiply-adds, against
 * the product's 2 per 8 and im2col's on top.
 *
 * Fetches are texture() at coordinates stepped in the loops (in SwiftShader faster than texelFetch, than tfjs's
 * samplers, which recompute a flat index per fetch, and than stepping a flat index with wrap-around: 82 against 38 ms
 * on that layer), so the program needs the textures' layout: the packed
 * layout tfjs gives a 4-D (or squeezed) tensor whose outer axes fit one texture side — [⌈Ci / 2⌉ wide,
 * N·H·⌈W / 2⌉ tall] for x, [⌈Co / 2⌉, kh·kw·⌈Ci / 2⌉] for the filter. Each fragment checks its textures' sizes and
 * takes a path through tfjs's samplers (same arithmetic, slower) when they differ, so another layout (a very large
 * tensor squarified, a shared reshaped texture) stays correct. NHWC, float32, any padding.
 */

const half = (d: number) => Math.ceil(d / 2);

/** The window column b's two values (output columns w and w + 1) as texel index and half (xy or zw) from the first texel. */
function columnOf(p: number, b: number): { texel: number; lanes: 'xy' | 'zw' } {
  return { texel: (p + b) >> 1, lanes: (p + b) % 2 === 0 ? 'xy' : 'zw' };
}

/** The fields of tfjs's Conv2DInfo the program uses: a stride-1, undilated convolution. */
export type WindowConvInfo = Pick<
  tf.backend_util.Conv2DInfo,
  'batchSize' | 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'outChannels' | 'filterHeight' | 'filterWidth'
> & { padInfo: { top: number; left: number } };

/** What a fused convolution adds after the sum: a bias per output channel, then ReLU (tfjs's packed ReLU: NaN stays). */
export interface ConvEpilogue {
  bias: boolean;
  relu: boolean;
}

export function forwardConvProgram(info: WindowConvInfo, epilogue: ConvEpilogue = { bias: false, relu: false }): WebGLProgram {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw, padInfo } = info;
  const cT = half(ci);
  const wT = half(w);
  const coT = half(co);
  const left = padInfo.left;
  const p = left % 2;
  // Texels a fragment reads per window row: columns w − left − p … w − left + kw (both output columns' windows).
  const texels = ((p + kw) >> 1) + 1;
  const xSize = `ivec2(${cT}, ${n * h * wT})`;
  const fSize = `ivec2(${coT}, ${kh * kw * cT})`;
  const oddC = ci % 2 === 1;
  const fetchX = (via: 'fast' | 'slow') =>
    Array.from({ length: texels }, (_, j) =>
      via === 'fast'
        ? `vec4 t${j} = mix(vec4(0.0), texture(X, vec2(xu, (y0 + ${j}.0) * xInv.y)), ok${j});`
        : `vec4 t${j} = mix(vec4(0.0), getX(n, ih, clamp(first + ${2 * j}, 0, ${w - 1}), c), ok${j});`,
    ).join('\n          ');
  const dropOddChannel = oddC
    ? `if (c2 == ${cT - 1}) { ${Array.from({ length: texels }, (_, j) => `t${j}.yw = vec2(0.0);`).join(' ')} }`
    : '';
  const columns = (via: 'fast' | 'slow') =>
    Array.from({ length: kw }, (_, b) => {
      const x0 = columnOf(p, b);
      const x1 = columnOf(p, b + 1);
      const f = via === 'fast' ? `texture(F, vec2(fu, (fRow + ${b * cT}.0 + float(c2)) * fInv.y))` : `getF(a, ${b}, c, o.w)`;
      return `{
            vec4 f = ${f};
            ${oddC ? `if (c2 == ${cT - 1}) f.zw = vec2(0.0);` : ''}
            vec2 x0 = t${x0.texel}.${x0.lanes};
            vec2 x1 = t${x1.texel}.${x1.lanes};
            acc.xy += x0.x * f.xy + x0.y * f.zw;
            acc.zw += x1.x * f.xy + x1.y * f.zw;
          }`;
    }).join('\n          ');
  const masks = Array.from(
    { length: texels },
    (_, j) => `bool a${j} = first + ${2 * j} >= 0 && first + ${2 * j} < ${w};
      bool b${j} = first + ${2 * j + 1} >= 0 && first + ${2 * j + 1} < ${w};
      bvec4 ok${j} = bvec4(a${j}, a${j}, b${j}, b${j});`,
  ).join('\n      ');
  return packedProgram(epilogue.bias ? ['X', 'F', 'Bias'] : ['X', 'F'], [n, info.outHeight, info.outWidth, co], `
    void main() {
      ivec4 o = getOutputCoords();
      int n = o.x;
      int h = o.y;
      // The first x column the fragment reads (even: a texel's first column).
      int first = o.z - ${left + p};
      ${masks}
      vec4 acc = vec4(0.0);
      ivec2 xs = textureSize(X, 0);
      ivec2 fs = textureSize(F, 0);
      if (xs == ${xSize} && fs == ${fSize}) {
        vec2 xInv = 1.0 / vec2(xs);
        vec2 fInv = 1.0 / vec2(fs);
        float fu = (float(o.w / 2) + 0.5) * fInv.x;
        for (int a = 0; a < ${kh}; a++) {
          int ih = h + a - ${padInfo.top};
          if (ih < 0 || ih >= ${h}) continue;
          float y0 = float((n * ${h} + ih) * ${wT}) + float(first / 2) + 0.5;
          float fRow = float(a * ${kw * cT}) + 0.5;
          for (int c2 = 0; c2 < ${cT}; c2++) {
            float xu = (float(c2) + 0.5) * xInv.x;
            ${fetchX('fast')}
            ${dropOddChannel}
            ${columns('fast')}
          }
        }
      } else {
        for (int a = 0; a < ${kh}; a++) {
          int ih = h + a - ${padInfo.top};
          if (ih < 0 || ih >= ${h}) continue;
          for (int c2 = 0; c2 < ${cT}; c2++) {
            int c = 2 * c2;
            ${fetchX('slow')}
            ${dropOddChannel}
            ${columns('slow')}
          }
        }
      }
      ${epilogue.bias ? 'acc += getBiasAtOutCoords();' : ''}
      ${epilogue.relu ? 'acc = mix(acc * vec4(greaterThanEqual(acc, vec4(0.0))), acc, isnan(acc));' : ''}
      setOutput(acc);
    }
  `);
}

/**
 * Whether tfjs 4.22 lays a packed 4-D tensor of this shape out as the program reads it (getTextureShapeFromLogicalShape:
 * the outer axes and the even-rounded width down, the even-rounded channels across, when both fit a texture side twice
 * over; squeezing unit outer axes gives the same layout). Channels above 2 keep it out of the "narrow texture" case
 * (with fewer the program gains nothing anyway: one channel, batch 16, 11.4 against tfjs's 11.0 ms).
 * Not imported from tfjs-backend-webgl: this module loads with every backend's kernels, the WebGL package only with
 * WebGL. The shader checks the real sizes as well.
 */
export function standardLayout(shape: readonly number[]): boolean {
  const limit = 2 * tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  const [a, b, c, d] = shape;
  const even = (v: number) => v + (v % 2);
  return even(d) > 2 && a * b * even(c) <= limit && even(d) <= limit;
}

/** The window program's convolution info for a stride-1, undilated NHWC float32 convolution it can read, or null. */
function windowConv(x: tf.TensorInfo, filter: tf.TensorInfo, attrs: tf.Conv2DAttrs): tf.backend_util.Conv2DInfo | null {
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  const nhwc = dataFormat === undefined || dataFormat === 'NHWC';
  if (!nhwc || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4) return null;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, false, 'channelsLast');
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  if (info.outHeight <= 0 || info.outWidth <= 0 || info.outChannels === 0) return null;
  return standardLayout(x.shape) && standardLayout(filter.shape) ? info : null;
}

/** Conv2D on WebGL: the window program for stride 1, no dilation, NHWC float32; everything else to tfjs's own. */
export function webglConv2D(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const info = windowConv(x, filter, args.attrs as unknown as tf.Conv2DAttrs);
    if (!info) return original(args);
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(forwardConvProgram(info), [x, filter], 'float32');
  };
}

/**
 * FusedConv2D on WebGL (evaluation and prediction run every conv layer through it: bias and activation fused): the
 * window program with a per-channel bias and ReLU or no activation; other activations, PReLU weights and other bias
 * shapes to tfjs's own. On the CNN preset's test evaluation it is what makes WebGL's epochs not mostly evaluation.
 */
export function webglFusedConv2D(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    const activation = attrs.activation ?? 'linear';
    const info = windowConv(x, filter, attrs);
    const channelBias = bias == null || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]);
    if (!info || preluActivationWeights != null || !channelBias || (activation !== 'linear' && activation !== 'relu')) return original(args);
    const program = forwardConvProgram(info, { bias: bias != null, relu: activation === 'relu' });
    return (args.backend as unknown as WebGLBackend).runWebGLProgram(program, bias ? [x, filter, bias] : [x, filter], 'float32');
  };
}
