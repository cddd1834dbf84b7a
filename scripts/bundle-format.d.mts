export declare const BUNDLE_MAGIC: string;
export declare const BUNDLE_VERSION: number;
export declare const BUNDLE_HEADER_BYTES: number;
export declare function encodeBundle(d: {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}): Uint8Array;
