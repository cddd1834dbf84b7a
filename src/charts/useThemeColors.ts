import { useSyncExternalStore } from 'react';
import { resolvedTheme, subscribeTheme } from '../app/theme';
import { THEMES, type ChartTokens, type Theme, type ThemeName } from '../app/themeTokens';

/** The theme showing now ('light' on the server and in tests); re-renders the caller when it changes. */
export function useResolvedTheme(): ThemeName {
  return useSyncExternalStore(subscribeTheme, resolvedTheme, () => 'light');
}

/**
 * The chart colours of the theme showing now, as hex strings: canvases cannot read CSS variables, and colour
 * arithmetic (heat-map ramps, alpha fills, exports) needs real values. Same table as the CSS (themeTokens.ts).
 */
export function useChartColors(): ChartTokens {
  return THEMES[useResolvedTheme()].chart;
}

/** Both token tables (UI and chart) of the theme showing now, for canvas code that also paints tooltips. */
export function useThemeTokens(): Theme {
  return THEMES[useResolvedTheme()];
}
