/**
 * The colour themes: the one source of truth for every colour the app paints. The CSS custom properties
 * (`--bg`, `--panel`, …) are generated from these tables at startup (installThemeTokens in ./theme.ts), and the
 * chart code that draws on canvases or computes colours reads the same tables (useChartColors), so CSS and canvas
 * cannot drift apart. themeTokens.test.ts checks WCAG contrast for every text/background pair the UI uses.
 *
 * Pure data and maths: no DOM here, so tests and Node can import it.
 */

export type ThemeName = 'light' | 'dark';

/** UI tokens, written out as `--<name>` custom properties. */
export interface UiTokens {
  /** Page background and the panels/cards on it. */
  bg: string;
  panel: string;
  /** A quieter surface inside a panel: code blocks, the input row of the layer list, table heads. */
  'surface-2': string;
  text: string;
  /** Secondary text; readable (≥ 4.5:1) on bg, panel and surface-2. */
  muted: string;
  /** Hairlines between things (decorative). */
  border: string;
  /** Outlines that identify a control (inputs, selects, buttons): ≥ 3:1 on the panel. */
  'control-border': string;
  'input-bg': string;
  /** Ordinary (secondary) buttons. */
  'button-bg': string;
  accent: string;
  /** Selected-row and info tints. */
  'accent-soft': string;
  /** Text on an accent-filled button. */
  'on-accent': string;
  /** Text-safe status colours (also used for borders). */
  good: string;
  bad: string;
  warn: string;
  /** Focus ring. */
  focus: string;
  'disabled-bg': string;
  'disabled-text': string;
  'disabled-border': string;
  /** Error boxes. */
  'alert-bg': string;
  'alert-text': string;
  /** Warning callouts (text uses --text). */
  'callout-bg': string;
  /** Success notices (text uses --text). */
  'notice-bg': string;
  /** Best row, differing row, current row tints (text uses --text). */
  'row-good-bg': string;
  'row-warn-bg': string;
  'row-current-bg': string;
  /** Progress and bar tracks. */
  track: string;
  /** The selection highlight (gallery, confusion cell): ≥ 3:1 on the panel. */
  highlight: string;
  'header-bg': string;
  /** Accent and focus ring on the header (the page accent is too dark on the light theme's navy header). */
  'header-accent': string;
  'header-text': string;
  'header-muted': string;
  'header-chip-bg': string;
  'header-border': string;
  /** Status colours on the header (both themes' headers are dark): fills take --header-bg text; bad is text. */
  'header-good': string;
  'header-warn': string;
  'header-bad': string;
  /** The current step's tint in the header. */
  'header-current-bg': string;
  /** Chips that flag trouble in the header (interrupted, failed, diverged runs). */
  'chip-warn-bg': string;
  'chip-bad-bg': string;
  'chip-purple-bg': string;
  /** Tooltips over charts. */
  'tooltip-bg': string;
  'tooltip-text': string;
  'tooltip-border': string;
  /** Dialog backdrop and drop-zone wash. */
  backdrop: string;
  'overlay-wash': string;
  shadow: string;
}

/** Chart colours, as `--chart-<name>` custom properties and for canvas code. */
export interface ChartTokens {
  /** Okabe–Ito, tuned per theme so lines reach ≥ 3:1 on the panel (yellow and sky are fills only in light). */
  blue: string;
  orange: string;
  sky: string;
  green: string;
  yellow: string;
  vermillion: string;
  purple: string;
  grey: string;
  /** Vermillion for text (notes, warnings in charts): ≥ 4.5:1 where the line colour only reaches 3:1. */
  'vermillion-text': string;
  /** Tick labels, axis captions and legend text (≥ 4.5:1 on the panel). */
  'axis-text': string;
  caption: string;
  'axis-line': string;
  grid: string;
  /** Whiskers, identity lines and other ink on the plot. */
  ink: string;
  /** The shaded band under the pointer. */
  'hover-shade': string;
  /** Confusion heat map: empty cell → full cell, and the two text colours a cell may take. */
  'heat-from': string;
  'heat-to': string;
  'heat-text-dark': string;
  'heat-text-light': string;
}

export interface Theme {
  ui: UiTokens;
  chart: ChartTokens;
}

export const THEMES: Record<ThemeName, Theme> = {
  light: {
    ui: {
      bg: '#f4f6f9',
      panel: '#ffffff',
      'surface-2': '#f6f8fa',
      text: '#1f2937',
      muted: '#5b6574',
      border: '#e2e8f0',
      'control-border': '#8a94a3',
      'input-bg': '#ffffff',
      'button-bg': '#ffffff',
      accent: '#0072b2',
      'accent-soft': '#e6f1f8',
      'on-accent': '#ffffff',
      good: '#00704f',
      bad: '#b1440a',
      warn: '#8a5a00',
      focus: '#0072b2',
      'disabled-bg': '#eceff3',
      'disabled-text': '#58606c',
      'disabled-border': '#c9d0d9',
      'alert-bg': '#fdf1ea',
      'alert-text': '#7a2e00',
      'callout-bg': '#fff7e6',
      'notice-bg': '#e6f5f0',
      'row-good-bg': '#e8f6f1',
      'row-warn-bg': '#fcf1da',
      'row-current-bg': '#e0eef7',
      track: '#e3e9ef',
      highlight: '#b3478a',
      'header-bg': '#102a43',
      'header-accent': '#56b4e9',
      'header-text': '#f0f4f8',
      'header-muted': '#a9bccf',
      'header-chip-bg': '#243b53',
      'header-border': '#486581',
      'header-good': '#3ccf9f',
      'header-warn': '#f0b429',
      'header-bad': '#ffb38a',
      'header-current-bg': 'rgba(86, 180, 233, 0.16)',
      'chip-warn-bg': '#7a4e00',
      'chip-bad-bg': '#7a2a00',
      'chip-purple-bg': '#6b2a5a',
      'tooltip-bg': '#ffffff',
      'tooltip-text': '#111827',
      'tooltip-border': '#c9d0d9',
      backdrop: 'rgba(16, 42, 67, 0.45)',
      'overlay-wash': 'rgba(0, 114, 178, 0.12)',
      shadow: 'rgba(0, 0, 0, 0.15)',
    },
    chart: {
      blue: '#0072b2',
      orange: '#b87a00',
      sky: '#3a9bd5',
      green: '#009e73',
      yellow: '#f0e442',
      vermillion: '#d55e00',
      purple: '#b3478a',
      grey: '#6b7280',
      'vermillion-text': '#b1440a',
      'axis-text': '#5b6574',
      caption: '#374151',
      'axis-line': '#878f9c',
      grid: '#e5e7eb',
      ink: '#1f2937',
      'hover-shade': 'rgba(0, 0, 0, 0.05)',
      'heat-from': '#ffffff',
      'heat-to': '#0072b2',
      'heat-text-dark': '#000000',
      'heat-text-light': '#ffffff',
    },
  },
  dark: {
    ui: {
      bg: '#0e1217',
      panel: '#161b22',
      'surface-2': '#1d242d',
      text: '#e6edf3',
      muted: '#9ba8b6',
      border: '#2b333d',
      'control-border': '#6b7785',
      'input-bg': '#0e1217',
      'button-bg': '#232b35',
      accent: '#5cb8ee',
      'accent-soft': '#173247',
      'on-accent': '#0b1722',
      good: '#3ccf9f',
      bad: '#ff8f5a',
      warn: '#f0b429',
      focus: '#7cc7f2',
      'disabled-bg': '#222932',
      'disabled-text': '#a2adb9',
      'disabled-border': '#3a434e',
      'alert-bg': '#3a1d10',
      'alert-text': '#ffc7a8',
      'callout-bg': '#33270c',
      'notice-bg': '#0f3026',
      'row-good-bg': '#12332a',
      'row-warn-bg': '#3a2d0e',
      'row-current-bg': '#173247',
      track: '#2b333d',
      highlight: '#e08dbb',
      'header-bg': '#0a0d12',
      'header-accent': '#5cb8ee',
      'header-text': '#e6edf3',
      'header-muted': '#9ba8b6',
      'header-chip-bg': '#1d242d',
      'header-border': '#3a434e',
      'header-good': '#3ccf9f',
      'header-warn': '#f0b429',
      'header-bad': '#ffb38a',
      'header-current-bg': 'rgba(92, 184, 238, 0.16)',
      'chip-warn-bg': '#6b4500',
      'chip-bad-bg': '#74290a',
      'chip-purple-bg': '#5e2750',
      'tooltip-bg': '#1d242d',
      'tooltip-text': '#e6edf3',
      'tooltip-border': '#4a5563',
      backdrop: 'rgba(0, 0, 0, 0.6)',
      'overlay-wash': 'rgba(92, 184, 238, 0.14)',
      shadow: 'rgba(0, 0, 0, 0.5)',
    },
    chart: {
      blue: '#4ba3e3',
      orange: '#e69f00',
      sky: '#9ad3f5',
      green: '#1fb589',
      yellow: '#f0e442',
      vermillion: '#f07a32',
      purple: '#db8ab8',
      grey: '#8b95a3',
      'vermillion-text': '#ff8f5a',
      'axis-text': '#9ba8b6',
      caption: '#c3ccd6',
      'axis-line': '#5f6b78',
      grid: '#2b333d',
      ink: '#dfe6ee',
      'hover-shade': 'rgba(255, 255, 255, 0.06)',
      'heat-from': '#1d242d',
      'heat-to': '#2f8fd6',
      'heat-text-dark': '#000000',
      'heat-text-light': '#ffffff',
    },
  },
};

/** Series colours that mean the same thing in every chart: train blue, validation orange, test green. */
export function seriesColors(chart: ChartTokens): { train: string; validation: string; test: string } {
  return { train: chart.blue, validation: chart.orange, test: chart.green };
}

/** Distinct colours for categories (runs, classes), in Okabe–Ito order. */
export function categoricalColors(chart: ChartTokens): string[] {
  return [chart.blue, chart.orange, chart.green, chart.vermillion, chart.purple, chart.sky, chart.yellow, chart.grey];
}

function declarations(theme: Theme): string {
  const ui = Object.entries(theme.ui).map(([k, v]) => `--${k}: ${v};`);
  const chart = Object.entries(theme.chart).map(([k, v]) => `--chart-${k}: ${v};`);
  return [...ui, ...chart].join(' ');
}

/**
 * The stylesheet: light by default, dark when the system prefers it (unless the person chose light), and whichever
 * the person chose through `data-theme` on <html>.
 */
export function themeCss(): string {
  const light = `${declarations(THEMES.light)} color-scheme: light;`;
  const dark = `${declarations(THEMES.dark)} color-scheme: dark;`;
  return [
    `:root { ${light} }`,
    `@media (prefers-color-scheme: dark) { :root:not([data-theme='light']) { ${dark} } }`,
    `:root[data-theme='dark'] { ${dark} }`,
  ].join('\n');
}

// ---------------------------------------------------------------- WCAG contrast

type Rgb = [number, number, number];

/** '#rgb', '#rrggbb' → [r, g, b] (0–255). */
export function parseHex(hex: string): Rgb {
  const h = hex.trim().replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) throw new Error(`Not a hex colour: ${hex}`);
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of a hex colour. */
export function luminance(hex: string): number {
  const lin = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** WCAG 2 contrast ratio (1–21) of two hex colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
