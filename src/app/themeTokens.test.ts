import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mixHex, readableTextOf } from '../charts/color';
import { categoricalColors, contrastRatio, THEMES, themeCss, type ChartTokens, type ThemeName, type UiTokens } from './themeTokens';

type Ui = keyof UiTokens;
type Chart = keyof ChartTokens;
type Ref = `ui.${Ui}` | `chart.${Chart}`;

/** Text (≥ 4.5:1) on the surfaces where the UI prints it. */
const TEXT_PAIRS: [fg: Ref, bg: Ref, where: string][] = [
  ['ui.text', 'ui.bg', 'body text on the page'],
  ['ui.text', 'ui.panel', 'text on a panel'],
  ['ui.text', 'ui.surface-2', 'text in code blocks and table heads'],
  ['ui.text', 'ui.input-bg', 'typed text in inputs'],
  ['ui.text', 'ui.button-bg', 'button labels'],
  ['ui.text', 'ui.accent-soft', 'text on the accent tint'],
  ['ui.text', 'ui.callout-bg', 'warning callouts'],
  ['ui.text', 'ui.notice-bg', 'success notices'],
  ['ui.text', 'ui.row-good-bg', 'the best run row'],
  ['ui.text', 'ui.row-warn-bg', 'a differing row in the run comparison'],
  ['ui.text', 'ui.row-current-bg', 'the current run row'],
  ['ui.text', 'ui.disabled-bg', 'anything on a disabled surface'],
  ['ui.muted', 'ui.bg', 'muted text on the page'],
  ['ui.muted', 'ui.panel', 'muted text on a panel'],
  ['ui.muted', 'ui.surface-2', 'muted text in the layer list input row'],
  ['ui.muted', 'ui.input-bg', 'placeholders'],
  ['ui.accent', 'ui.panel', 'links, active tabs'],
  ['ui.accent', 'ui.bg', 'links on the page'],
  ['ui.accent', 'ui.surface-2', 'links in quiet boxes'],
  ['ui.on-accent', 'ui.accent', 'text on a primary button'],
  ['ui.good', 'ui.panel', 'success text'],
  ['ui.bad', 'ui.panel', 'error text'],
  ['ui.bad', 'ui.alert-bg', 'error text on an error tint (wrong gallery cells)'],
  ['ui.bad', 'ui.input-bg', 'invalid inputs'],
  ['ui.warn', 'ui.panel', 'warning text'],
  ['ui.disabled-text', 'ui.disabled-bg', 'a disabled button'],
  ['ui.alert-text', 'ui.alert-bg', 'error boxes'],
  ['ui.header-text', 'ui.header-bg', 'the header'],
  ['ui.header-muted', 'ui.header-bg', 'the tagline and header labels'],
  ['ui.header-text', 'ui.header-chip-bg', 'header chips'],
  ['ui.header-muted', 'ui.header-chip-bg', 'muted header chips'],
  ['ui.header-bg', 'ui.header-accent', 'the chosen theme segment'],
  ['ui.header-bg', 'ui.header-good', 'a done step number'],
  ['ui.header-bg', 'ui.header-warn', 'a step that needs attention'],
  ['ui.header-bad', 'ui.header-bg', 'errors shown in the header'],
  ['ui.header-accent', 'ui.header-bg', 'the current step number'],
  ['ui.header-text', 'ui.header-bg', 'a hovered theme segment'],
  ['ui.header-text', 'ui.chip-warn-bg', 'interrupted chip'],
  ['ui.header-text', 'ui.chip-bad-bg', 'failed chip'],
  ['ui.header-text', 'ui.chip-purple-bg', 'diverged chip'],
  ['ui.tooltip-text', 'ui.tooltip-bg', 'chart tooltips'],
  ['chart.axis-text', 'ui.panel', 'chart tick labels'],
  ['chart.axis-text', 'ui.tooltip-bg', 'muted tooltip lines'],
  ['chart.caption', 'ui.panel', 'chart captions and legends'],
  ['chart.ink', 'ui.panel', 'chart annotations in ink'],
  ['chart.vermillion-text', 'ui.panel', 'low-support notes printed in vermillion'],
  ['chart.purple', 'ui.panel', 'learning-rate marker labels'],
  ['chart.blue', 'ui.panel', 'the top class label in probability bars'],
];

/** Lines, outlines and marks (≥ 3:1, WCAG 1.4.11). */
const NON_TEXT_PAIRS: [fg: Ref, bg: Ref, where: string][] = [
  ['ui.focus', 'ui.panel', 'focus ring on a panel'],
  ['ui.focus', 'ui.bg', 'focus ring on the page'],
  ['ui.header-accent', 'ui.header-bg', 'focus ring in the header'],
  ['ui.control-border', 'ui.panel', 'input and button outlines'],
  ['ui.control-border', 'ui.input-bg', 'input outlines against their fill'],
  ['ui.highlight', 'ui.panel', 'selection outline'],
  ['ui.accent', 'ui.track', 'progress fill on its track'],
  ['ui.header-accent', 'ui.header-bg', 'the active view underline in the header'],
  ['chart.sky', 'ui.panel', 'throughput line'],
  ['chart.blue', 'ui.panel', 'train series'],
  ['chart.orange', 'ui.panel', 'validation series'],
  ['chart.green', 'ui.panel', 'test series'],
  ['chart.vermillion', 'ui.panel', 'error marks'],
  ['chart.purple', 'ui.panel', 'marker lines'],
  ['chart.grey', 'ui.panel', 'other-class bars'],
  ['chart.axis-line', 'ui.panel', 'axis lines'],
];

function resolve(theme: ThemeName, ref: Ref): string {
  const [group, key] = ref.split('.') as ['ui' | 'chart', string];
  return group === 'ui' ? THEMES[theme].ui[key as Ui] : THEMES[theme].chart[key as Chart];
}

const themes: ThemeName[] = ['light', 'dark'];
const report: Record<string, { text: number; nonText: number; heat: number }> = {};

describe.each(themes)('%s theme contrast', (theme) => {
  it('prints every text colour at ≥ 4.5:1 on the surfaces it sits on', () => {
    const ratios = TEXT_PAIRS.map(([fg, bg, where]) => ({ where, fg, bg, ratio: contrastRatio(resolve(theme, fg), resolve(theme, bg)) }));
    for (const r of ratios) expect(r.ratio, `${theme}: ${r.fg} on ${r.bg} (${r.where})`).toBeGreaterThanOrEqual(4.5);
    report[theme] = { ...report[theme], text: Math.min(...ratios.map((r) => r.ratio)) };
  });

  it('draws lines, outlines and the focus ring at ≥ 3:1', () => {
    const ratios = NON_TEXT_PAIRS.map(([fg, bg, where]) => ({ where, fg, bg, ratio: contrastRatio(resolve(theme, fg), resolve(theme, bg)) }));
    for (const r of ratios) expect(r.ratio, `${theme}: ${r.fg} on ${r.bg} (${r.where})`).toBeGreaterThanOrEqual(3);
    report[theme] = { ...report[theme], nonText: Math.min(...ratios.map((r) => r.ratio)) };
  });

  it('keeps the confusion heat map readable: every shade gets a text colour at ≥ 4.5:1', () => {
    const c = THEMES[theme].chart;
    let worst = Infinity;
    for (let i = 0; i <= 100; i++) {
      const cell = mixHex(c['heat-from'], c['heat-to'], i / 100);
      const text = readableTextOf(cell, c['heat-text-dark'], c['heat-text-light']);
      worst = Math.min(worst, contrastRatio(text, cell));
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
    report[theme] = { ...report[theme], heat: worst };
  });

  it('keeps the categorical colours distinct', () => {
    const colors = categoricalColors(THEMES[theme].chart);
    expect(new Set(colors).size).toBe(colors.length);
  });
});

/** Colours that stay literal on purpose: the model's input is white on black in both themes; the logo is the brand. */
const LITERAL_OK: Record<string, string[]> = {
  'src/ui/draw.css': ['#000'],
  'src/app/layout.css': ['#56b4e9', '#0072b2'],
};

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : []));
}

describe('stylesheets', () => {
  it('take every colour from the theme tokens (no hard-coded colours outside var() fallbacks)', () => {
    for (const file of cssFiles('src')) {
      const css = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        // A fallback inside var(--token, #abc) is only used before the tokens are installed.
        .replace(/var\(--[\w-]+,[^()]*(\([^()]*\))?[^()]*\)/g, 'var()');
      const found = css.match(/#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|hsla?\([^)]*\)/g) ?? [];
      const allowed = LITERAL_OK[file.replaceAll('\\', '/')] ?? [];
      expect(found.filter((c) => !allowed.includes(c.toLowerCase())), `${file}: use a token from src/app/themeTokens.ts`).toEqual([]);
    }
  });
});

describe('the generated stylesheet', () => {
  it('declares every token for both themes, light by default and dark by preference or choice', () => {
    const css = themeCss();
    for (const key of Object.keys(THEMES.light.ui)) expect(css).toContain(`--${key}: ${THEMES.light.ui[key as Ui]};`);
    for (const key of Object.keys(THEMES.dark.chart)) expect(css).toContain(`--chart-${key}: ${THEMES.dark.chart[key as Chart]};`);
    expect(css).toContain("@media (prefers-color-scheme: dark) { :root:not([data-theme='light'])");
    expect(css).toContain(":root[data-theme='dark']");
    expect(css.match(/ color-scheme: dark;/g)).toHaveLength(2);
  });
  it('gives both themes the same tokens', () => {
    expect(Object.keys(THEMES.dark.ui).sort()).toEqual(Object.keys(THEMES.light.ui).sort());
    expect(Object.keys(THEMES.dark.chart).sort()).toEqual(Object.keys(THEMES.light.chart).sort());
  });
  it('reports the minimum ratios', () => {
    // Printed for the record (docs and reviews quote these).
    console.info(`theme contrast minima: ${JSON.stringify(report, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
  });
});
