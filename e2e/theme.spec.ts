import { expect, test, type Page } from '@playwright/test';
import { THEMES } from '../src/app/themeTokens';
import { openStudio } from './helpers';

/** 'rgb(r, g, b)' of a hex colour, as getComputedStyle reports it. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function pageColours(page: Page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const root = getComputedStyle(document.documentElement);
    const panel = document.querySelector('.ts-panel');
    return {
      background: root.backgroundColor,
      text: body.color,
      panel: panel ? getComputedStyle(panel).backgroundColor : null,
      scheme: root.colorScheme,
      dataTheme: document.documentElement.dataset.theme ?? null,
    };
  });
}

test.describe('dark system preference', () => {
  test.use({ colorScheme: 'dark' });

  test('opens dark, switches to light and back, and the choice survives a reload', async ({ page }) => {
    // The token stylesheet is installed through the CSSOM: the production CSP (style-src 'self') must not object.
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await openStudio(page);
    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('role', 'group');
    await expect(toggle.getByRole('button', { name: 'Match system theme' })).toHaveAttribute('aria-pressed', 'true');

    // Following the system: dark.
    let c = await pageColours(page);
    expect(c.dataTheme).toBeNull();
    expect(c.background).toBe(rgb(THEMES.dark.ui.bg));
    expect(c.text).toBe(rgb(THEMES.dark.ui.text));
    expect(c.panel).toBe(rgb(THEMES.dark.ui.panel));
    expect(c.scheme).toBe('dark');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    // Light, chosen by keyboard; the colours really change.
    await toggle.getByRole('button', { name: 'Light theme' }).focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getByRole('button', { name: 'Light theme' })).toHaveAttribute('aria-pressed', 'true');
    c = await pageColours(page);
    expect(c.dataTheme).toBe('light');
    expect(c.background).toBe(rgb(THEMES.light.ui.bg));
    expect(c.text).toBe(rgb(THEMES.light.ui.text));
    expect(c.scheme).toBe('light');

    // It persists across a reload even though the system still prefers dark.
    await page.reload();
    await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('theme-toggle').getByRole('button', { name: 'Light theme' })).toHaveAttribute('aria-pressed', 'true');
    c = await pageColours(page);
    expect(c.background).toBe(rgb(THEMES.light.ui.bg));
    expect(await page.evaluate(() => localStorage.getItem('tensorscope:theme'))).toBe('light');

    // Back to following the system: dark again, nothing stored.
    await page.getByTestId('theme-toggle').getByRole('button', { name: 'Match system theme' }).click();
    c = await pageColours(page);
    expect(c.dataTheme).toBeNull();
    expect(c.background).toBe(rgb(THEMES.dark.ui.bg));
    expect(await page.evaluate(() => localStorage.getItem('tensorscope:theme'))).toBeNull();
  });
});

test.describe('light system preference', () => {
  test.use({ colorScheme: 'light' });

  test('a dark choice overrides it and disabled buttons stay readable', async ({ page }) => {
    await openStudio(page);
    expect((await pageColours(page)).background).toBe(rgb(THEMES.light.ui.bg));
    await page.getByTestId('theme-toggle').getByRole('button', { name: 'Dark theme' }).click();
    const c = await pageColours(page);
    expect(c.dataTheme).toBe('dark');
    expect(c.background).toBe(rgb(THEMES.dark.ui.bg));
    expect(c.text).toBe(rgb(THEMES.dark.ui.text));

    // A disabled button takes the disabled tokens (no opacity fade).
    const disabled = await page.evaluate(() => {
      // A plain button in a panel (the header, tabs and chart tools style theirs on purpose).
      const b = Array.from(document.querySelectorAll<HTMLButtonElement>('.ts-panel button')).find(
        (x) => x.disabled && x.offsetParent !== null && x.getAttribute('role') !== 'tab' && !/\bts-/.test(x.className),
      );
      if (!b) return null;
      const s = getComputedStyle(b);
      return { color: s.color, background: s.backgroundColor, opacity: s.opacity };
    });
    expect(disabled).not.toBeNull();
    expect(disabled?.opacity).toBe('1');
    expect(disabled?.color).toBe(rgb(THEMES.dark.ui['disabled-text']));
    expect(disabled?.background).toBe(rgb(THEMES.dark.ui['disabled-bg']));

    await page.reload();
    await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
    expect((await pageColours(page)).background).toBe(rgb(THEMES.dark.ui.bg));
  });
});
