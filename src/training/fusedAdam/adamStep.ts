/**
 * One Adam update of a weight tensor, element by element, exactly as tfjs 4.22's AdamOptimizer computes it:
 *   m' = β1·m + (1 − β1)·g,   v' = β2·v + (1 − β2)·g²,
 *   w' = w − lr · (m' / c1) / (√(v' / c2) + ε),   with c1 = 1 − β1^t, c2 = 1 − β2^t.
 * The kernels of every backend compute this formula: cpu and wasm with adamStep below, webgl and webgpu with the
 * three passes of ADAM_PASSES.
 */
export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1^t for step t (1-based). */
  biasCorrection1: number;
  /** 1 − β2^t. */
  biasCorrection2: number;
}

/**
 * (m'/c1) / (√(v'/c2) + ε) · lr  =  m' · (lr/c1) / (√v' · (1/√c2) + ε): one division and one root per element instead
 * of three and one (divisions dominate the loop); equal up to rounding. Computed once per step, on the host.
 */
function stepScales(a: AdamAttrs): { stepScale: number; rootScale: number } {
  return { stepScale: a.learningRate / a.biasCorrection1, rootScale: 1 / Math.sqrt(a.biasCorrection2) };
}

/** Writes the updated weights and moments into the outputs (which may alias the inputs). */
export function adamStep(
  w: ArrayLike<number>,
  g: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  outW: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  a: AdamAttrs,
): void {
  const { beta1, beta2, epsilon } = a;
  const oneMinusB1 = 1 - beta1;
  const oneMinusB2 = 1 - beta2;
  const { stepScale, rootScale } = stepScales(a);
  const n = outW.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = m[i] * beta1 + gi * oneMinusB1;
    const vi = v[i] * beta2 + gi * gi * oneMinusB2;
    outM[i] = mi;
    outV[i] = vi;
    outW[i] = w[i] - (mi * stepScale) / (Math.sqrt(vi) * rootScale + epsilon);
  }
}

/**
 * The same update as three element-wise GPU passes, in a form both shader languages read: each pass names its output,
 * its inputs (the moment passes read the old moments; the weight pass reads their new values) and its float uniforms,
 * and gives the expression over them. webglKernel.ts and webgpuKernel.ts turn these into GLSL and WGSL.
 */
export interface AdamPass {
  out: 'M' | 'V' | 'W';
  inputs: readonly ('W' | 'G' | 'M' | 'V')[];
  uniforms: readonly string[];
  /** Inputs by their lower-case names, uniforms by their names. */
  expr: string;
  values(a: AdamAttrs): number[];
}

export const ADAM_PASSES: readonly AdamPass[] = [
  { out: 'M', inputs: ['M', 'G'], uniforms: ['beta', 'oneMinusBeta'], expr: 'm * beta + g * oneMinusBeta', values: (a) => [a.beta1, 1 - a.beta1] },
  { out: 'V', inputs: ['V', 'G'], uniforms: ['beta', 'oneMinusBeta'], expr: 'v * beta + g * g * oneMinusBeta', values: (a) => [a.beta2, 1 - a.beta2] },
  {
    out: 'W',
    inputs: ['W', 'M', 'V'],
    uniforms: ['stepScale', 'rootScale', 'eps'],
    expr: 'w - m * stepScale / (sqrt(v) * rootScale + eps)',
    values: (a) => {
      const { stepScale, rootScale } = stepScales(a);
      return [stepScale, rootScale, a.epsilon];
    },
  },
];

/**
 * Runs the passes with `runPass` (one GPU program each), feeding each pass's output to the passes after it; returns
 * the new weights and moments in the order the kernel returns them.
 */
export function runAdamPasses<T>(inputs: Record<'W' | 'G' | 'M' | 'V', T>, runPass: (pass: AdamPass, inputs: T[]) => T): [T, T, T] {
  const current = { ...inputs };
  for (const pass of ADAM_PASSES) current[pass.out] = runPass(pass, pass.inputs.map((n) => current[n]));
  return [current.W, current.M, current.V];
}
