import type { ModelDescription, PredictionResult } from '../client/protocol';

/** The engine's batch answer: [count, outputs] means and, with MC dropout, standard deviations. */
export interface BatchOutputs {
  mean: Float32Array;
  std: Float32Array | null;
  outputs: number;
}

const clip01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
/** Numbers in replies are plain doubles rounded to float32's precision (no 0.30000001192092896 noise). */
const round = (v: number) => Number(v.toPrecision(7));

/** One PredictionResult per example: class probabilities with σ and mean ± 2σ clipped to 0–1, or a value ± 2σ. */
export function predictionResults(d: Pick<ModelDescription, 'task' | 'classes'>, out: BatchOutputs, count: number): PredictionResult[] {
  const C = out.outputs;
  const results: PredictionResult[] = [];
  for (let i = 0; i < count; i++) {
    const mean = Array.from(out.mean.subarray(i * C, (i + 1) * C), round);
    const sigma = out.std ? Array.from(out.std.subarray(i * C, (i + 1) * C), round) : null;
    if (d.task === 'regression') {
      const value = mean[0];
      const s = sigma ? sigma[0] : null;
      results.push({ task: 'regression', value, sigma: s, interval: s != null ? [round(value - 2 * s), round(value + 2 * s)] : null });
      continue;
    }
    const classes = d.classes && d.classes.length === C ? d.classes : Array.from({ length: C }, (_, k) => String(k));
    let best = 0;
    for (let k = 1; k < C; k++) if (mean[k] > mean[best]) best = k;
    results.push({
      task: 'classification',
      label: classes[best],
      classes: classes.slice(),
      probs: mean,
      sigma,
      interval: sigma ? mean.map((m, k) => [round(clip01(m - 2 * sigma[k])), round(clip01(m + 2 * sigma[k]))] as [number, number]) : null,
    });
  }
  return results;
}
