import { expect, test } from '@playwright/test';

type Check = { ok: true; backend: string; maxRelDiff: number; values: number; tensorsLeft: number } | { ok: false; error: string };

// The fused Adam kernel's GPU versions (WebGL shaders, WebGPU compute) can only run in a browser: each is checked
// against tfjs's own Adam on the same backend, through the benchmark page's worker (SwiftShader here).
for (const backend of ['webgl', 'webgpu'] as const) {
  test(`fused Adam on ${backend} gives tfjs Adam's weights and moments`, async ({ page }) => {
    await page.goto('./bench.html');
    await page.waitForFunction(() => (window as unknown as { tsBench?: { ready: boolean } }).tsBench?.ready === true);
    const result = await page.evaluate((b) => (window as unknown as { tsBench: { check(b: string): Promise<Check> } }).tsBench.check(b), backend);
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    if (!result.ok) return;
    expect(result.backend).toBe(backend);
    // Weights of 7 + 15 + 1,280 + 90 values, and their first and second moments.
    expect(result.values).toBe(3 * 1392);
    expect(result.maxRelDiff).toBeLessThan(1e-3);
    expect(result.tensorsLeft).toBe(0);
  });
}
