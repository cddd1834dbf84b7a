/**
 * Okabe–Ito palette: distinguishable with the common forms of colour blindness. These are the raw values, for colour
 * maps painted into images (signed weights, non-finite pixels); the UI and the charts take their per-theme colours
 * (the same hues, tuned for contrast on light and dark panels) from src/app/themeTokens.ts.
 */
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#6b7280',
} as const;

