/**
 * Synthetic training batches for the live chart benchmark (chartbench.html): a decaying, noisy loss like a real run's,
 * deterministic so every build and repeat draws the same series.
 */

/** A batch point with every field the live charts read, before and after the uPlot move (extra fields are harmless). */
export interface StreamPoint {
  step: number;
  loss: number;
  metric: number;
  epoch: number;
  timeMs: number;
}

/** Batches per epoch of the default MNIST run (10,000 examples, batch 32). */
const BATCHES_PER_EPOCH = 313;

/** A hash of the step in [0, 1): reproducible noise without state. */
function noise(step: number): number {
  const s = Math.sin(step * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
}

/** Batches `from`, from + 1, … (count of them). */
export function makePoints(from: number, count: number): StreamPoint[] {
  const out: StreamPoint[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const step = from + i;
    const loss = 0.08 + 2.2 * Math.exp(-step / 4000) + 0.3 * (noise(step) - 0.5) * Math.exp(-step / 20000);
    out[i] = { step, loss, metric: Math.min(1, Math.max(0, 1 - loss / 2.4)), epoch: Math.floor(step / BATCHES_PER_EPOCH), timeMs: step * 8 };
  }
  return out;
}
