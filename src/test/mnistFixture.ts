// Node-only test fixture: the real MNIST digits from the `mnist` package, packed the way the app's bundle is.
import { encodeBundle } from '../../scripts/bundle-format.mjs';
import { datasetFromBundle } from '../data/bundledMnist';
import type { Dataset } from '../core/types';
import { mnistDigits } from './mnistDigits';

export function mnistBundleBytes(perClass: number): Uint8Array {
  const d = mnistDigits(perClass);
  return encodeBundle({ ...d, height: 28, width: 28, channels: 1, numClasses: 10 });
}

export async function mnistFixture(perClass: number): Promise<Dataset> {
  return datasetFromBundle(mnistBundleBytes(perClass));
}
