import * as tf from '@tensorflow/tfjs';
import type { WebGLBackend, WebGLProgram } from '../fusedAdam/webglKernel';

/**
 * A batch of images as the model reads it, in one WebGL draw: rows `indices` of the dataset's integer pixels, each
 * value mapped to (x − shift) × scale. The same values as Gather, Cast, Sub and Mul (the float32 operations in the
 * same order), which are four draws plus two packed reshapes per batch on WebGL: under SwiftShader they took ~10 ms of
 * a ~94 ms profiled batch of the Keras MLP (tf.profile, npm run bench -- --profile). The output is an unpacked
 * texture, so reshaping it to the model's input shape, and the MLP's Flatten back, moves no data.
 * Only webgl has it; other backends compose the four ops (gatherInputs in deviceData.ts).
 */
export const GATHER_NORMALIZE = 'TensorscopeGatherNormalize';

export interface GatherNormalizeAttrs {
  shift: number;
  scale: number;
}

function program(rows: number, features: number): WebGLProgram {
  return {
    variableNames: ['X', 'Idx'],
    outputShape: [rows, features],
    packedInputs: false,
    packedOutput: false,
    customUniforms: [
      { name: 'shift', type: 'float' },
      { name: 'scale', type: 'float' },
    ],
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords();
        int row = int(getIdx(rc.x));
        setOutput((getX(row, rc.y) - shift) * scale);
      }
    `,
  };
}

const webglGatherNormalize: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { shift, scale } = attrs as unknown as GatherNormalizeAttrs;
  return (backend as unknown as WebGLBackend).runWebGLProgram(program(indices.shape[0], x.shape[1]), [x, indices], 'float32', [[shift], [scale]]);
};

// Needs nothing of the webgl package: registered with this module, like the fused Adam kernels.
if (!tf.getKernel(GATHER_NORMALIZE, 'webgl')) tf.registerKernel({ kernelName: GATHER_NORMALIZE, backendName: 'webgl', kernelFunc: webglGatherNormalize });

/** Whether the active backend has the fused kernel (webgl). */
export const hasGatherNormalize = (): boolean => tf.getKernel(GATHER_NORMALIZE, tf.getBackend()) != null;

/** The batch through the fused kernel, or null where the active backend has none (then the ops are composed). */
export function gatherNormalize(x: tf.Tensor2D, indices: tf.Tensor1D, attrs: GatherNormalizeAttrs): tf.Tensor2D | null {
  if (!hasGatherNormalize()) return null;
  return tf.engine().runKernel(GATHER_NORMALIZE, { x, indices }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
