// Node-only test fixture: the real MNIST digits from the `mnist` package, packed the way the app's bundle is.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { encodeBundle } from '../../scripts/bundle-format.mjs';
import { datasetFromBundle } from '../data/bundledMnist';
import type { Dataset } from '../core/types';

const require = createRequire(import.meta.url);

/** perClass digits of each class (the package holds ~1,000 per class), interleaved so any prefix is balanced. */
export function mnistBundleBytes(perClass: number): Uint8Array {
  const raw = Array.from({ length: 10 }, (_, d) => JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')).data as number[]);
  const count = perClass * 10;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < perClass; i++) {
    for (let d = 0; d < 10; d++) {
      const k = i * 10 + d;
      labels[k] = d;
      for (let p = 0; p < 784; p++) images[k * 784 + p] = Math.round(raw[d][i * 784 + p] * 255);
    }
  }
  return encodeBundle({ images, labels, count, height: 28, width: 28, channels: 1, numClasses: 10 });
}

export async function mnistFixture(perClass: number): Promise<Dataset> {
  return datasetFromBundle(mnistBundleBytes(perClass));
}
