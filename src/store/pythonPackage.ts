import { describeError } from '../core/errors';
import { normalizationParams } from '../data/normalize';
import { splitFor } from '../data/split';
import { splitConfigOf } from '../models/spec';
import type { StoreCore } from './slices/core';
import { isBusy } from './runLifecycle';

/** What the Run in Python button reports: the file it downloaded, or why there is none. */
export type PythonPackageResult = { ok: true; fileName: string; bytes: number; withWeights: boolean } | { ok: false; error: string };

/** Whether the engine holds a trained model now (not while a run trains): its weights then go into the package. */
function hasTrainedModel(core: StoreCore): boolean {
  const r = core.get().run;
  // A finished epoch is enough: the engine keeps the model after the run, even before the final evaluation lands.
  return !isBusy(r.status) && r.status !== 'diverged' && (r.evaluation != null || r.epochs.length > 0);
}

/**
 * The "Run in Python" zip: train.py, data.npz (the browser's own split of the loaded data, with the engine's
 * normalization), weights.npz (when a model is trained), spec.json, requirements.txt and README.md. The split is
 * the one the model trained on (run.split), else the one Train would use now.
 */
export async function downloadPythonPackage(core: StoreCore): Promise<PythonPackageResult> {
  const s = core.get();
  const ds = s.dataset.data;
  if (!ds) return { ok: false, error: 'Load a dataset first: the package carries its examples.' };
  try {
    const [{ pythonPackageZip, cappedTrain }, { safeFileName }] = await Promise.all([import('../share/pythonPackage'), import('../share/metricsExport')]);
    const split = s.run.split ?? splitFor(ds, splitConfigOf(s.spec));
    let norm = normalizationParams(ds, cappedTrain(split, s.spec), s.spec.dataset.normalization);
    let weights = null;
    if (hasTrainedModel(core)) {
      await core.run.engineReady;
      const { id, answer } = core.requests.open('weights');
      core.send({ type: 'getWeights', requestId: id });
      const w = await answer;
      weights = w.weights;
      // The engine's own normalization: the one the trained weights expect.
      norm = w.norm;
    }
    const fileName = safeFileName(`${s.spec.name}-python`, 'zip');
    const folder = fileName.slice(0, -'.zip'.length);
    const zip = pythonPackageZip(
      { spec: s.spec, dataset: ds, split, norm, weights, browserTestMetric: weights ? (s.run.evaluation?.metric ?? null) : null },
      folder,
    );
    core.deps.share?.download(fileName, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    return { ok: true, fileName, bytes: zip.byteLength, withWeights: weights != null };
  } catch (err) {
    return { ok: false, error: `No Python package: ${describeError(err)}` };
  }
}
