import * as tf from '@tensorflow/tfjs';

/**
 * A gradient config of ours for one of tfjs's kernels, swapped in and out. Gradients are registered per kernel for
 * every backend at once (not per backend, as kernels are), so ours must give tfjs's result everywhere it does not
 * use its own draw; `restore` puts tfjs's own config back for a stock-tfjs reference (the benchmark's) and `stock`
 * returns it for falling back to.
 */
export function gradientSwap(ours: tf.GradConfig): { register(): void; restore(): void; stock(): tf.GradConfig | null } {
  let stockConfig: tf.GradConfig | null = null;
  return {
    register() {
      const current = tf.getGradient(ours.kernelName);
      if (current === ours) return;
      stockConfig = current ?? null;
      tf.registerGradient(ours);
    },
    restore() {
      if (stockConfig && tf.getGradient(ours.kernelName) === ours) tf.registerGradient(stockConfig);
    },
    stock: () => stockConfig,
  };
}
