import { memo, useMemo } from 'react';
import type { CSSProperties } from 'react';
import { colourBmpDataUrl, greyBmpDataUrl } from './bmpDataUrl';

export interface DigitImageProps {
  /** Grayscale ink, row-major: Uint8Array 0..255 or Float32Array 0..1 (0 = background). */
  pixels: Uint8Array | Float32Array;
  /** Image size in pixels; default 28×28. */
  width?: number;
  height?: number;
  /** CSS pixels per image pixel; default 2. */
  scale?: number;
  /** 1: grey ink drawn dark on white; 3: RGB colour photos drawn as they are. */
  channels?: number;
  className?: string;
  /** Tooltip and accessible name; without it the image is treated as decorative (aria-hidden). */
  title?: string;
}

/**
 * Pixels as a data URL (see bmpDataUrl.ts: built in JS, no canvas). Galleries hold <img> elements, not hundreds of
 * canvases: each canvas can become its own compositor layer, and with ~150 of them Chromium spent 100–250 ms per
 * frame painting and layerising (measured with a trace while training).
 */
function toDataUrl(pixels: Uint8Array | Float32Array, width: number, height: number, channels: number): string {
  return channels >= 3 ? colourBmpDataUrl(pixels, width, height, channels) : greyBmpDataUrl(pixels, width, height);
}

/**
 * Encoded images by the memory they were read from: a dataset's examples are views into one buffer that never
 * changes, and galleries make a fresh view of the same bytes on every render (each epoch's evaluation re-renders
 * them); encoding them again (as PNGs, before bmpDataUrl.ts) cost 15–60 ms of main-thread time per update. Fresh buffers (a drawing, activations
 * from the worker) get their own entries, dropped with the buffer.
 */
const encoded = new WeakMap<ArrayBufferLike, Map<string, string>>();
// A grey 28×28 digit is ~2.5 KB as a BMP data URL: at most ~25 MB per dataset buffer.
const MAX_PER_BUFFER = 10_000;

function cachedDataUrl(pixels: Uint8Array | Float32Array, width: number, height: number, channels: number): string {
  const key = `${pixels.constructor.name}:${pixels.byteOffset}:${pixels.length}:${width}x${height}x${channels}`;
  let byView = encoded.get(pixels.buffer);
  const hit = byView?.get(key);
  if (hit !== undefined) return hit;
  const url = toDataUrl(pixels, width, height, channels);
  if (!byView) encoded.set(pixels.buffer, (byView = new Map()));
  if (byView.size >= MAX_PER_BUFFER) byView.clear();
  byView.set(key, url);
  return url;
}

/** Dark ink on white, like paper (grey images); colour images as they are; upscaled without smoothing. */
function DigitImageImpl({ pixels, width = 28, height = 28, scale = 2, className, title, channels = 1 }: DigitImageProps) {
  const src = useMemo(() => cachedDataUrl(pixels, width, height, channels), [pixels, width, height, channels]);
  const style: CSSProperties = { width: width * scale, height: height * scale, imageRendering: 'pixelated' };
  return (
    <img
      src={src}
      width={width * scale}
      height={height * scale}
      className={className ? `ts-draw-digit ${className}` : 'ts-draw-digit'}
      style={style}
      title={title}
      alt={title ?? ''}
      aria-hidden={title ? undefined : true}
      draggable={false}
    />
  );
}

/** Two views of the same bytes are the same image: a fresh subarray of a dataset does not re-render. */
function samePixels(a: Uint8Array | Float32Array, b: Uint8Array | Float32Array): boolean {
  return a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length && a.constructor === b.constructor);
}

/**
 * Memoised: in a gallery of 100, only images whose pixels (memory, not view identity) or size change re-render.
 * Views of an unchanging buffer (dataset examples) are encoded once; see cachedDataUrl.
 */
export const DigitImage = memo(DigitImageImpl, (a, b) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DigitImageProps>;
  for (const k of keys) if (k === 'pixels' ? !samePixels(a.pixels, b.pixels) : a[k] !== b[k]) return false;
  return true;
});
