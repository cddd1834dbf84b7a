import type { ImageDataset } from '../core/types';
import { decodeBundle, maybeGunzip } from './bundleFormat';
import { fetchWithProgress, type ProgressFn } from './fetchWithProgress';
import { fingerprintArrays } from './fingerprint';

export const BUNDLED_MNIST_ID = 'mnist-bundled';
export const BUNDLED_MNIST_PATH = 'data/mnist-10k.tsds.gz';

/** Turns bundle bytes (gzipped or raw) into the app's dataset object. */
export async function datasetFromBundle(bytes: Uint8Array): Promise<ImageDataset> {
  const d = decodeBundle(await maybeGunzip(bytes), 'MNIST bundle');
  return {
    id: BUNDLED_MNIST_ID,
    name: 'MNIST (10,000 digits, bundled)',
    ...d,
    classNames: Array.from({ length: d.numClasses }, (_, i) => String(i)),
    fingerprint: fingerprintArrays(d.images, d.labels),
  };
}

/** Fetches the bundled MNIST asset relative to the page, so it works from any sub-path. */
export async function loadBundledMnist(onProgress: ProgressFn, baseUrl: string, signal?: AbortSignal): Promise<ImageDataset> {
  const url = new URL(BUNDLED_MNIST_PATH, baseUrl).toString();
  return datasetFromBundle(await fetchWithProgress(url, onProgress, signal));
}
