/** Colour arithmetic for heat-map cells: panel → accent ramps and readable text on top. */
import { contrastRatio } from '../app/themeTokens';

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Linear blend in sRGB; t is clamped to [0, 1]. */
export function mixHex(from: string, to: string, t: number): string {
  const k = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : 0;
  const a = parseHex(from);
  const b = parseHex(to);
  return toHex([a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k]);
}

export const DARK_TEXT = '#1f2937';
export const LIGHT_TEXT = '#ffffff';

/** Whichever of `dark` and `light` contrasts more with the background (WCAG ratio, see themeTokens). */
export function readableTextOf(background: string, dark: string, light: string): string {
  return contrastRatio(background, dark) >= contrastRatio(background, light) ? dark : light;
}

/** Picks whichever of dark or white text contrasts more with the background. */
export function readableText(background: string): string {
  return readableTextOf(background, DARK_TEXT, LIGHT_TEXT);
}
