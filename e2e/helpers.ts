import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const ARTIFACTS = 'e2e-artifacts';

export async function saveShot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Counts main-thread long tasks (>50 ms) from page start; read them with longTasks(page). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      /* longtask entries unsupported: the count stays empty */
    }
  });
}

export async function longTasks(page: Page, since = 0): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((e) => e.start >= t), since);
}

export async function openStudio(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('dataset-ready')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('engine-mode')).not.toHaveText(/starting/);
}

export async function chooseQuickRun(page: Page, opts: { backend: string; subset: number; epochs: number; preset?: string }): Promise<void> {
  if (opts.preset) await page.getByTestId('preset-select').selectOption(opts.preset);
  await page.getByTestId('backend-select').selectOption(opts.backend);
  await page.getByTestId('subset-select').selectOption(String(opts.subset));
  await page.getByTestId('epochs-input').fill(String(opts.epochs));
}

/** Draws a "1"-like vertical stroke and a "7"-like bar across the canvas with the mouse. */
export async function drawStroke(page: Page, points: [number, number][]): Promise<void> {
  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('draw canvas not visible');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

export function percentOf(text: string | null): number {
  const m = /([\d.]+)%/.exec(text ?? '');
  return m ? Number(m[1]) : NaN;
}
