import { memo, useEffect, useRef } from 'react';
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

/** Dark ink on white, like paper: drawn once per pixels change via putImageData, upscaled without smoothing. */
function DigitImageImpl({ pixels, width = 28, height = 28, scale = 2, className, title, channels = 1 }: DigitImageProps) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    const d = img.data;
    if (channels >= 3) {
      for (let i = 0, j = 0; i < width * height; i++, j += 4) {
        d[j] = pixels[i * channels];
        d[j + 1] = pixels[i * channels + 1];
        d[j + 2] = pixels[i * channels + 2];
        d[j + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      return;
    }
    const n = Math.min(width * height, pixels.length);
    const isFloat = pixels instanceof Float32Array;
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
    ctx.putImageData(img, 0, 0);
  }, [pixels, width, height, channels]);

  const style: CSSProperties = { width: width * scale, height: height * scale, imageRendering: 'pixelated' };
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={className ? `ts-draw-digit ${className}` : 'ts-draw-digit'}
      style={style}
      title={title}
      role={title ? 'img' : undefined}
      aria-label={title}
      aria-hidden={title ? undefined : true}
    />
  );
}

/**
 * Memoised (shallow props): in a gallery of 100, only images whose pixels array identity changes repaint.
 * Callers should pass stable typed arrays (e.g. subarray views created once), not fresh copies every render.
 */
export const DigitImage = memo(DigitImageImpl);
