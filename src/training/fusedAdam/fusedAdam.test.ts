import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { startWasmAndCpu } from '../../test/kernelTestKit';
import { makeOptimizer } from '../optimizers';
import { FusedAdamOptimizer, hasFusedAdam } from './fusedAdamOptimizer';
import { FUSED_ADAM } from './kernelName';
import './register';

beforeAll(async () => {
  await startWasmAndCpu();
});

const SHAPES = [[7, 5], [5], [3, 3, 2, 4]];

/** Weights and a fixed sequence of gradients (varied magnitudes and signs), the same for every optimizer. */
function problem(seed: number) {
  const rng = createRng(seed);
  const rand = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
  const init = SHAPES.map((s) => rand(s.reduce((a, b) => a * b, 1), 1));
  const grads = Array.from({ length: 12 }, (_, step) => SHAPES.map((s) => rand(s.reduce((a, b) => a * b, 1), step % 3 === 0 ? 10 : 0.01)));
  return { init, grads };
}

/** Runs `steps` Adam steps (changing the rate half-way, as a schedule does) and returns the weights and the state. */
async function train(opt: tf.Optimizer, seed: number, steps = 12) {
  const { init, grads } = problem(seed);
  const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(init[i], s), true, `w${seed}_${i}_${Math.random().toString(36).slice(2)}`));
  for (let k = 0; k < steps; k++) {
    if (k === 6) (opt as unknown as { learningRate: number }).learningRate = 0.003;
    tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[k][i], SHAPES[i]) }))));
  }
  const weights = vars.map((v) => Array.from(v.dataSync()));
  const state = await opt.getWeights();
  const stateOut = { names: state.map((s) => s.name.replace(/^w\d+_\d+_[a-z0-9]+/, 'w')), values: state.map((s) => Array.from(s.tensor.dataSync())) };
  tf.dispose(vars);
  return { weights, state: stateOut };
}

function maxRelDiff(a: number[][], b: number[][]): number {
  let d = 0;
  a.forEach((row, i) => row.forEach((x, j) => (d = Math.max(d, Math.abs(x - b[i][j]) / Math.max(1e-3, Math.abs(b[i][j]))))));
  return d;
}

describe.each(['cpu', 'wasm'])('fused Adam on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('is registered, and makeOptimizer uses it for adam', () => {
    expect(hasFusedAdam()).toBe(true);
    const opt = makeOptimizer({ optimizer: 'adam', learningRate: 0.01, momentum: 0 });
    expect(opt).toBeInstanceOf(FusedAdamOptimizer);
    expect(opt.getClassName()).toBe('Adam');
    opt.dispose();
  });

  it('gives tfjs Adam’s weights and moments step for step (large and tiny gradients, a rate change)', async () => {
    const ours = await train(new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 1);
    const ref = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 1);
    expect(ours.state.names).toEqual(ref.state.names);
    expect(maxRelDiff(ours.weights, ref.weights)).toBeLessThan(1e-4);
    expect(maxRelDiff(ours.state.values, ref.state.values)).toBeLessThan(1e-4);
    // The weights really moved (the comparison is not between two untouched copies).
    expect(maxRelDiff(ours.weights, problem(1).init.map((a) => Array.from(a)))).toBeGreaterThan(0.01);
  });

  it('continues from tfjs Adam’s saved state as tfjs Adam itself does (checkpoints are interchangeable)', async () => {
    const { init, grads } = problem(2);
    const run = async (second: () => tf.Optimizer) => {
      const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(init[i], s), true, `c${i}_${Math.random().toString(36).slice(2)}`));
      const step = (opt: tf.Optimizer, k: number) => tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[k][i], SHAPES[i]) }))));
      const first = tf.train.adam(0.02, 0.9, 0.999, 1e-7);
      for (let k = 0; k < 5; k++) step(first, k);
      const saved = await first.getWeights();
      const opt = second();
      await opt.setWeights(saved);
      for (let k = 5; k < 10; k++) step(opt, k);
      const out = vars.map((v) => Array.from(v.dataSync()));
      tf.dispose(vars);
      first.dispose();
      opt.dispose();
      return out;
    };
    const fused = await run(() => new FusedAdamOptimizer(0.02, 0.9, 0.999, 1e-7));
    const plain = await run(() => tf.train.adam(0.02, 0.9, 0.999, 1e-7));
    expect(maxRelDiff(fused, plain)).toBeLessThan(1e-4);
  });

  it('runs one kernel per weight tensor and leaves no tensors behind', () => {
    const v = tf.variable(tf.ones([4, 4]), true, `k_${backend}`);
    const opt = new FusedAdamOptimizer(0.1, 0.9, 0.999, 1e-7);
    tf.tidy(() => opt.applyGradients([{ name: v.name, tensor: tf.ones([4, 4]) }])); // creates the slots
    const before = tf.memory().numTensors;
    const kernels: string[] = [];
    const original = tf.getKernel(FUSED_ADAM, backend)!.kernelFunc;
    const probe = tf.getKernel(FUSED_ADAM, backend) as { kernelFunc: tf.KernelFunc };
    probe.kernelFunc = (args) => {
      kernels.push(FUSED_ADAM);
      return original(args);
    };
    try {
      for (let k = 0; k < 3; k++) tf.tidy(() => opt.applyGradients([{ name: v.name, tensor: tf.ones([4, 4]) }]));
    } finally {
      probe.kernelFunc = original;
    }
    expect(kernels).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
    // Four steps of a constant gradient 1 move each weight by about 4 × lr.
    expect(v.dataSync()[0]).toBeCloseTo(1 - 4 * 0.1, 2);
    opt.dispose();
    v.dispose();
  });
});
