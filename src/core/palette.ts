/** Okabe–Ito palette: distinguishable with the common forms of colour blindness. */
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

/** Train series are blue, validation series orange, across every chart. */
export const SERIES = { train: PALETTE.blue, validation: PALETTE.orange, test: PALETTE.green } as const;
