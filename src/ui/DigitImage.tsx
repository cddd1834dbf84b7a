import { memo, useMemo } from 'react';
import type { CSSProperties } from 'react';

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

let scratch: HTMLCanvasElement | null = null;

/**
 * Renders pixels to a PNG data URL on one shared scratch canvas. Galleries then hold <img> elements, not
 * hundreds of canvases: each canvas can become its own compositor layer, and with ~150 of them Chromium
 * spent 100–250 ms per frame painting and layerising (measured with a trace while training).
 */
function toDataUrl(pixels: Uint8Array | Float32Array, width: number, height: number, channels: number): string {
  if (typeof document === 'undefined') return '';
  scratch ??= document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  const ctx = scratch.getContext('2d');
  if (!ctx) return '';
  const img = ctx.createImageData(width, height);
  const d = img.data;
  const isFloat = pixels instanceof Float32Array;
  if (channels >= 3) {
    for (let i = 0, j = 0; i < width * height; i++, j += 4) {
      d[j] = pixels[i * channels];
      d[j + 1] = pixels[i * channels + 1];
      d[j + 2] = pixels[i * channels + 2];
      d[j + 3] = 255;
    }
  } else {
    const n = Math.min(width * height, pixels.length);
    for (let i = 0, j = 0; i < width * height; i++, j += 4) {
      let ink = 0;
      if (i < n) {
        const v = pixels[i];
        ink = isFloat ? (v > 0 ? (v < 1 ? v * 255 : 255) : 0) : v; // the comparisons also map NaN to no ink
      }
      const shade = 255 - ink; // Uint8ClampedArray rounds
      d[j] = shade;
      d[j + 1] = shade;
      d[j + 2] = shade;
      d[j + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return scratch.toDataURL('image/png');
}

/**
 * Encoded images by the memory they were read from: a dataset's examples are views into one buffer that never
 * changes, and galleries make a fresh view of the same bytes on every render (each epoch's evaluation re-renders
 * them); PNG-encoding them again cost 15–60 ms of main-thread time per update. Fresh buffers (a drawing, activations
 * from the worker) get their own entries, dropped with the buffer.
 */
const encoded = new WeakMap<ArrayBufferLike, Map<string, string>>();
const MAX_PER_BUFFER = 20_000;

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
