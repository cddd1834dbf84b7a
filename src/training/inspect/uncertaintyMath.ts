/** Per-example entropy/confidence/loss and Monte-Carlo dropout summaries from softmax outputs. */
import { argmaxRows } from '../metrics';
import { quantile } from './regressionMath';

/** Same clipping as metrics.meanCrossEntropy (Keras epsilon), so mean(rowStats.loss) equals it. */
const EPS = 1e-7;

/** Shannon entropy in nats of probs[offset .. offset + C); 0 * log 0 is taken as 0. */
function entropyAt(probs: ArrayLike<number>, offset: number, C: number): number {
  let h = 0;
  for (let c = 0; c < C; c++) {
    const p = probs[offset + c];
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Shannon entropy in nats of one probability row (assumed to sum to 1; not renormalised).
 * Non-positive entries contribute 0, so 0 * log 0 = 0. Maximum is log C for a uniform row.
 */
export function entropy(row: ArrayLike<number>): number {
  return entropyAt(row, 0, row.length);
}

export interface RowStats {
  /** argmax class (Uint8Array, as metrics.argmaxRows: C must be <= 256). */
  predicted: Uint8Array;
  /** Top-class probability. */
  confidence: Float32Array;
  /** Entropy of the row, nats. */
  entropy: Float32Array;
  /** -log p(true class), p clipped to [1e-7, 1 - 1e-7]. */
  loss: Float32Array;
}

/** Per-example predicted class, confidence, entropy and cross-entropy loss for probs [n, C]. */
export function rowStats(probs: Float32Array, labels: ArrayLike<number>, C: number): RowStats {
  const { predicted, confidence } = argmaxRows(probs, C);
  const n = predicted.length;
  if (labels.length !== n) throw new RangeError(`rowStats: ${n} probability rows vs ${labels.length} labels`);
  const ent = new Float32Array(n);
  const loss = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ent[i] = entropyAt(probs, i * C, C);
    const p = probs[i * C + labels[i]];
    loss[i] = -Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
  }
  return { predicted, confidence, entropy: ent, loss };
}

export interface McSummary {
  /** Mean probability over the T passes, [n, C]. */
  mean: Float32Array;
  /** Population standard deviation (divide by T) over the passes, [n, C]. */
  std: Float32Array;
  /** Per-class 5% / 95% quantiles over the T passes (type 7 interpolation), [n, C]. */
  q05: Float32Array;
  q95: Float32Array;
  /** argmax of the mean, [n]. */
  predicted: Uint8Array;
  /** Mean probability of that class, [n]. */
  confidence: Float32Array;
  /** Entropy of the mean prediction (total uncertainty), nats, [n]. */
  predictiveEntropy: Float32Array;
  /** Mean of the per-pass entropies (aleatoric part), nats, [n]. */
  expectedEntropy: Float32Array;
  /** predictive - expected (epistemic part, BALD); >= 0 by Jensen, rounding negatives clamped to 0, [n]. */
  mutualInformation: Float32Array;
  /** std of the predicted class's probability over the passes, [n]. */
  spread: Float32Array;
}

/**
 * Summaries of T stochastic forward passes (MC dropout).
 * samples is [T, n, C]: pass t, example i, class c lives at ((t * n) + i) * C + c.
 * Accumulation is in float64; results are stored as float32 to match the rest of the pipeline.
 */
export function mcSummary(samples: Float32Array, T: number, n: number, C: number): McSummary {
  if (!(T >= 1) || samples.length !== T * n * C) {
    throw new RangeError(`mcSummary: ${samples.length} values is not T=${T} x n=${n} x C=${C}`);
  }
  const nc = n * C;
  const mean = new Float32Array(nc);
  const std = new Float32Array(nc);
  const q05 = new Float32Array(nc);
  const q95 = new Float32Array(nc);
  const predictiveEntropy = new Float32Array(n);
  const expectedEntropy = new Float32Array(n);
  const mutualInformation = new Float32Array(n);
  const spread = new Float32Array(n);
  const values = new Float64Array(T);
  const meanRow = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let t = 0; t < T; t++) {
        const v = samples[(t * n + i) * C + c];
        values[t] = v;
        s += v;
      }
      const m = s / T;
      // Two-pass variance: deviations from the mean avoid the cancellation of E[x^2] - E[x]^2.
      let ss = 0;
      for (let t = 0; t < T; t++) ss += (values[t] - m) ** 2;
      values.sort();
      meanRow[c] = m;
      mean[i * C + c] = m;
      std[i * C + c] = Math.sqrt(ss / T);
      q05[i * C + c] = quantile(values, 0.05);
      q95[i * C + c] = quantile(values, 0.95);
    }
    const hPred = entropyAt(meanRow, 0, C);
    let hSum = 0;
    for (let t = 0; t < T; t++) hSum += entropyAt(samples, (t * n + i) * C, C);
    const hExp = hSum / T;
    predictiveEntropy[i] = hPred;
    expectedEntropy[i] = hExp;
    mutualInformation[i] = Math.max(0, hPred - hExp);
  }
  const { predicted, confidence } = argmaxRows(mean, C);
  for (let i = 0; i < n; i++) spread[i] = std[i * C + predicted[i]];
  return {
    mean,
    std,
    q05,
    q95,
    predicted,
    confidence,
    predictiveEntropy,
    expectedEntropy,
    mutualInformation,
    spread,
  };
}
