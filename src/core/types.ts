/** An image-classification dataset held as compact uint8 arrays (pixels and labels), as loaded from the bundle. */
export interface ImageDataset {
  /** Stable id, e.g. 'mnist-bundled'. */
  id: string;
  name: string;
  /** Pixel values 0..255, row-major, count × height × width × channels. */
  images: Uint8Array;
  /** Class index per example. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  classNames: string[];
  /** Short hex hash of pixels and labels, so results can be traced to the exact data. */
  fingerprint: string;
}

/** Which examples belong to which split, as indices into the dataset. */
export interface DatasetSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
