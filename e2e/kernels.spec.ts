import { expect, test } from '@playwright/test';

type Check =
  | { ok: true; backend: string; maxRelDiff: number; values: number; tensorsLeft: number; heads: { maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; fused: boolean; accuracy: number[]; lossIsNaN: boolean }; conv: { maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; overridden: string[] }; dense: { maxRelDiff: number; values: number; refMaxAbs: number; swapped: boolean; oursMs: number; stockMs: number }; gather: { fused: boolean; maxAbsDiff: number; values: number; tensorsLeft: number } }
  | { ok: false; error: string };

// The engine's GPU kernels can only run in a browser: the fused Adam (WebGL shaders, WebGPU compute) against tfjs's
// own Adam, and the composed convolution gradients against tfjs's own kernels, on the same backend, through the
// benchmark page's worker (SwiftShader here).
for (const backend of ['webgl', 'webgpu'] as const) {
  test(`fused Adam and the convolution gradients on ${backend} give tfjs's results`, async ({ page }) => {
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
    // WebGL's stride-1 forward convolution (packed, reading x's windows in place; fused with a bias and ReLU for
    // evaluation), filter gradient (a forward
    // convolution), stride-1 input gradient (the same window program on dy) and 2 × 2 max pool and its gradient
    // (packed) are the engine's own; on a software adapter (as here) WebGPU's
    // forward convolutions and input gradients are (4 × 4 output blocks reading the windows in place), and its filter
    // gradients of stride 1 over 4k channels (im2col and grouped products).
    expect(result.conv.overridden).toEqual(backend === 'webgl' ? ['Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPool', 'MaxPoolGrad'] : ['Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    expect(result.conv.swapped).toBe(true);
    // Filter gradients of 72 + 1,152 + 120 + 288 + 18 + 420 values, input gradients of 3,136 + 5,408 + 1,350 + 3,456 +
    // 210 + 630, outputs of 21,632 + 7,744 + 300 + 6,912 + 420 + 882, with bias and ReLU and without; max pools of 5,408 + 375 values
    // and their input gradients of 21,632 + 1,815, and ReLU's gradient at 105 values.
    expect(result.conv.values).toBe(1650 + 420 + 13560 + 630 + 2 * (37008 + 882) + 5783 + 23447 + 105);
    expect(result.conv.maxRelDiff).toBeLessThan(1e-3);
    // Real values came back (the inputs are in [-1, 1); a read-back of zeros on both sides would compare as equal).
    expect(result.conv.refMaxAbs).toBeGreaterThan(0.5);
    // Dense products, leading-axis sums and row broadcasts (bias adds): WebGPU on a software adapter (SwiftShader, as
    // here) has the engine's own, WebGL its own sum over an image tensor's batch, height and width (conv bias gradients).
    expect(result.dense.swapped).toBe(true);
    // Outputs of 4,096 + 100,352 + 4,096 + 42 + 90 + 20 (products), 128 + 8 + 21 + 5 + 1 + 4 + 5 (sums) and
    // 21,632 + 15 + 400 (adds), each after its shape (25 + 8 numbers).
    expect(result.dense.values).toBe(108863 + 5 + 22047 + 25 + 8);
    expect(result.dense.maxRelDiff).toBeLessThan(1e-3);
    expect(result.dense.refMaxAbs).toBeGreaterThan(0.5);
    // Classifier heads (softmax, the batch's cross-entropy and accuracy, their gradients to the logits): WebGL runs
    // them in fused draws of its own. Softmax, loss and accuracy, and two gradients of 32 × 10, 7 × 3 and 1 × 5 values.
    expect(result.heads.swapped).toBe(backend === 'webgl');
    expect(result.heads.fused).toBe(backend === 'webgl');
    expect(result.heads.values).toBe(3 * (320 + 21 + 5) + 3 * 2);
    expect(result.heads.maxRelDiff).toBeLessThan(1e-3);
    expect(result.heads.refMaxAbs).toBeGreaterThan(0.5);
    // A hit is a hit: the accuracies agree exactly (a tie goes to the first column on both sides).
    expect(result.heads.accuracy).toEqual([0, 0, 0]);
    expect(result.heads.lossIsNaN).toBe(true);
    // A batch of 7 images (a repeated row, the first and the last) standardised and scaled to 0–1: WebGL gathers and
    // normalises in one draw of its own, with the same float32 operations as the composed ops, so the same values.
    expect(result.gather.fused).toBe(backend === 'webgl');
    expect(result.gather.values).toBe(2 * 7 * 784);
    expect(result.gather.maxAbsDiff).toBe(0);
    expect(result.gather.tensorsLeft).toBe(0);
  });
}
