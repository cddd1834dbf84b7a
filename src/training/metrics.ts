/** Pure metric maths on host arrays; probabilities are row-major [n, numClasses]. */

export function argmaxRows(probs: Float32Array, numClasses: number): { predicted: Uint8Array; confidence: Float32Array } {
  const n = Math.floor(probs.length / numClasses);
  const predicted = new Uint8Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[i * numClasses + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    predicted[i] = best;
    confidence[i] = bestP;
  }
  return { predicted, confidence };
}

export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) ok++;
  return ok / predicted.length;
}

/** Mean sparse categorical cross-entropy of softmax outputs, clipped as Keras does (epsilon 1e-7). */
export function meanCrossEntropy(probs: Float32Array, labels: ArrayLike<number>, numClasses: number): number {
  if (labels.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = probs[i * numClasses + labels[i]];
    sum -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, p)));
  }
  return sum / labels.length;
}

/** confusion[true][predicted] counts. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < predicted.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

/** Remaining time from the average pace so far; null until there is a pace to go by. */
export function estimateEtaMs(doneBatches: number, totalBatches: number, elapsedMs: number): number | null {
  if (doneBatches <= 0 || elapsedMs <= 0) return null;
  return Math.max(0, ((totalBatches - doneBatches) * elapsedMs) / doneBatches);
}

export function formatDuration(ms: number): string {
  // Under a second (fast epochs on small data) in milliseconds: "420 ms", not "0s".
  if (ms < 999.5) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function meanSquaredError(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  if (target.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (pred[i] - target[i]) ** 2;
  return s / target.length;
}

export function meanAbsoluteError(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  if (target.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < target.length; i++) s += Math.abs(pred[i] - target[i]);
  return s / target.length;
}
