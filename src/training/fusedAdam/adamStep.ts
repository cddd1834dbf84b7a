/**
 * One Adam update of a weight tensor, element by element, exactly as tfjs 4.22's AdamOptimizer computes it:
 *   m' = β1·m + (1 − β1)·g,   v' = β2·v + (1 − β2)·g²,
 *   w' = w − lr · (m' / c1) / (√(v' / c2) + ε),   with c1 = 1 − β1^t, c2 = 1 − β2^t.
 * The kernels of every backend compute this formula (the GPU ones in shader code, in tfjs's order of operations).
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
  // (m'/c1) / (√(v'/c2) + ε) · lr  =  m' · (lr/c1) / (√v' · (1/√c2) + ε): one division and one root per element
  // instead of three and one (divisions dominate this loop); equal up to rounding.
  const stepScale = a.learningRate / a.biasCorrection1;
  const rootScale = 1 / Math.sqrt(a.biasCorrection2);
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
