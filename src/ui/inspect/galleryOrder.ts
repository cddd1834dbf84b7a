/** Which test examples the gallery shows, in which order: pure, so it is tested without a browser. */
export type GallerySort = 'index' | 'loss' | 'confidence' | 'entropy' | 'spread';

export interface GalleryFilter {
  trueClass: number | null;
  predicted: number | null;
  correctness: 'all' | 'right' | 'wrong';
}

export interface GalleryInputs {
  labels: ArrayLike<number>;
  predicted: ArrayLike<number>;
  loss: ArrayLike<number>;
  confidence: ArrayLike<number>;
  entropy: ArrayLike<number>;
  spread: ArrayLike<number> | null;
}

/** Positions in the test split after filtering, sorted descending by the key (most interesting first); index sorts ascending. */
export function galleryOrder(d: GalleryInputs, filter: GalleryFilter, sort: GallerySort): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.labels.length; i++) {
    const right = d.labels[i] === d.predicted[i];
    if (filter.correctness === 'right' && !right) continue;
    if (filter.correctness === 'wrong' && right) continue;
    if (filter.trueClass != null && d.labels[i] !== filter.trueClass) continue;
    if (filter.predicted != null && d.predicted[i] !== filter.predicted) continue;
    out.push(i);
  }
  if (sort === 'index') return out;
  const key = sort === 'loss' ? d.loss : sort === 'confidence' ? d.confidence : sort === 'entropy' ? d.entropy : d.spread;
  if (!key) return out;
  // Confidence sorts ascending (least sure first); the others descending (worst first).
  const dir = sort === 'confidence' ? 1 : -1;
  return out.sort((a, b) => dir * (key[a] - key[b]) || a - b);
}
