import type * as tf from '@tensorflow/tfjs';

/**
 * Identity for the wasm backend that shares the input's buffer (reference-counted, as wasm's own Reshape does and as
 * the cpu and webgl backends' Identity do) instead of copying it. tfjs clones every tensor a gradient needs through
 * Identity: about 38 copies per training step of the Keras MLP, the first Dense layer's 400 KB kernel among them.
 * No wasm kernel writes into its inputs, so a shared buffer is never changed under a clone. Strings keep wasm's own.
 */
export function wasmIdentity(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string') return original(args);
    (args.backend as unknown as { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}
