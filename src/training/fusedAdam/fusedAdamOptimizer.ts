import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from './adamStep';
import { FUSED_ADAM } from './kernelName';

/** AdamOptimizer's accumulator slots: private in tfjs's typings, the same objects getWeights/setWeights use. */
interface AdamSlots {
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * tfjs's Adam with its update fused into one kernel per weight tensor (TensorscopeFusedAdam, registered per
 * backend: a JS loop over the buffers on cpu and wasm, three packed shader passes on webgl, three compute passes on
 * webgpu). tfjs's own update is fourteen element-wise kernels and eight scalar uploads per weight tensor: on WebGPU
 * under SwiftShader ~25 ms of a Keras-MLP batch against 11 ms fused; on wasm the two cost about the same.
 *
 * Everything else is tfjs's AdamOptimizer: the same slots (named `<weight>/m` and `<weight>/v`, in the same order),
 * iterations, getWeights/setWeights (so checkpoints and resumed runs are interchangeable with tf.train.adam), and the
 * `learningRate` field that schedules write, and its class name (a saved config loads as tf.train.adam). The bias
 * corrections come from the iteration count on the host (1 − β^(t+1), as the parent's setWeights computes them), so
 * the parent's accBeta scalars are neither read nor advanced: two fewer kernels and uploads per step.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const slots = this as unknown as AdamSlots;
    const t = this.iterations + 1;
    const attrs: AdamAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      biasCorrection1: 1 - Math.pow(this.beta1, t),
      biasCorrection2: 1 - Math.pow(this.beta2, t),
    };
    tf.tidy(() => {
      list.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        slots.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        slots.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = slots.accumulatedFirstMoment[i]!.variable;
        const v = slots.accumulatedSecondMoment[i]!.variable;
        const [newW, newM, newV] = tf.engine().runKernel(FUSED_ADAM, { w: value, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newW);
      });
    });
    this.incrementIterations();
  }
}

/** Whether the active backend (or `backend`) has the fused kernel; where it has not, tf.train.adam is used. */
export function hasFusedAdam(backend: string = tf.getBackend()): boolean {
  return tf.getKernel(FUSED_ADAM, backend) != null;
}
