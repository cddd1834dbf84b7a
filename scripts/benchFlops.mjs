// Training FLOPs per example of the bench's models, from the project's own cost model (src/models/cost.ts), loaded
// through Vite's module runner so the TypeScript sources are used as they are (no copy of the arithmetic here).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Forward + backward ≈ 3 × forward (the backward pass computes two products per forward one: input and weight gradients). */
export const TRAINING_FLOPS_PER_FORWARD = 3;

/**
 * { [presetId]: { forward, training, params } } per example, for MNIST-shaped input (28×28×1, 10 classes);
 * null when the sources cannot be loaded (the report then leaves the FLOP/s columns empty).
 */
export async function trainingFlops(presetIds) {
  try {
    const { runnerImport } = await import('vite');
    const load = async (rel) => (await runnerImport(path.join(root, rel), { root, configFile: false, logLevel: 'silent' })).module;
    const [presets, shapes, cost] = await Promise.all(['src/models/presets.ts', 'src/models/shapes.ts', 'src/models/cost.ts'].map(load));
    const out = {};
    for (const id of presetIds) {
      const spec = presets.specFromPreset(id);
      const summary = shapes.inferShapes(spec.model.layers, [28, 28, 1]);
      const forward = cost.estimateCost(summary, spec.model.layers, 1).flopsPerSample;
      out[id] = { forward, training: TRAINING_FLOPS_PER_FORWARD * forward, params: summary.totalParams };
    }
    return out;
  } catch (err) {
    console.warn(`bench: could not load the cost model for FLOP counts: ${err?.message ?? err}`);
    return null;
  }
}
