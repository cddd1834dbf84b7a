import type { ImageArrays } from '../src/core/types';

export declare const BUNDLE_MAGIC: string;
export declare const BUNDLE_VERSION: number;
export declare const BUNDLE_HEADER_BYTES: number;
export declare function encodeBundle(d: ImageArrays): Uint8Array;
