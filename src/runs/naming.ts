/**
 * Default run names like W&B's: "<dataset>-<model>-#<n>", e.g. "mnist-keras-mlp-#3", where n counts the runs of
 * that dataset and model already stored, and no two stored runs share a name.
 */
import type { RunRecord } from './types';

/** Lower-case words joined by '-': "Keras MLP" → "keras-mlp"; a parenthesised remark is dropped. */
export function slug(text: string): string {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** "mnist-keras-mlp": what runs of one dataset and model share. */
export function runNameStem(datasetName: string, modelName: string, datasetId = ''): string {
  const data = slug(datasetName) || slug(datasetId) || 'data';
  const model = slug(modelName) || 'model';
  return `${data}-${model}`;
}

type Named = Pick<RunRecord, 'name' | 'datasetName'> & { spec: { name: string; dataset: { id: string } } };

/** The stem of a stored run (from its dataset and model, whatever it was renamed to). */
export function stemOf(r: Named): string {
  return runNameStem(r.datasetName, r.spec.name, r.spec.dataset.id);
}

/**
 * The next free default name: n is one more than the stored runs of that dataset and model, raised past any name
 * already taken (a deleted run's number is not reused while a later one exists).
 */
export function nextRunName(stored: readonly Named[], datasetName: string, modelName: string, datasetId = ''): string {
  const stem = runNameStem(datasetName, modelName, datasetId);
  const taken = new Set(stored.map((r) => r.name.trim().toLowerCase()));
  let n = stored.filter((r) => stemOf(r) === stem).length + 1;
  while (taken.has(`${stem}-#${n}`)) n++;
  return `${stem}-#${n}`;
}

/** Trims and checks a name a person typed; returns the problem in words, or null when it may be used. */
export function nameProblem(name: string, id: string, stored: readonly Pick<RunRecord, 'id' | 'name'>[]): string | null {
  const clean = name.trim();
  if (!clean) return 'A run needs a name.';
  if (clean.length > 80) return 'Keep the name under 80 characters.';
  const other = stored.find((r) => r.id !== id && r.name.trim().toLowerCase() === clean.toLowerCase());
  return other ? `Another run is already named "${other.name}".` : null;
}

/** Tags as typed ("baseline, lr sweep ,baseline") → unique, trimmed, at most 32 characters each: ["baseline", "lr sweep"]. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim().replace(/\s+/g, ' ').slice(0, 32);
    if (t && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  return out;
}

/** `tags` with `more` added (case-insensitively unique, in order). */
export function addTags(tags: readonly string[], more: readonly string[]): string[] {
  return parseTags([...tags, ...more].join(','));
}
