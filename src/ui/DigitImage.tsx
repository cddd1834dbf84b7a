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

/** Dark ink on white, like paper (grey images); colour images as they are; upscaled without smoothing. */
function DigitImageImpl({ pixels, width = 28, height = 28, scale = 2, className, title, channels = 1 }: DigitImageProps) {
  const src = useMemo(() => toDataUrl(pixels, width, height, channels), [pixels, width, height, channels]);
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

/**
 * Memoised (shallow props): in a gallery of 100, only images whose pixels array identity changes repaint.
 * Callers should pass stable typed arrays (e.g. subarray views created once), not fresh copies every render.
 */
export const DigitImage = memo(DigitImageImpl);
