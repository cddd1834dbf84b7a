import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../models/buildModel';
import type { LayerSpec } from '../../models/spec';
import { attentionMaps, hasAttention } from './attention';
import { headOverPatches, rollout, strongestPatches } from './attentionMath';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('attention maths', () => {
  // 1 head, 3 tokens (class token + 2 patches).
  const a = [
    0.2, 0.6, 0.2, //
    0.0, 1.0, 0.0,
    0.5, 0.0, 0.5,
  ];

  it("takes the class token's row over the patches, rescaled to sum to 1", () => {
    const m = headOverPatches(a, 3, 0, 'cls');
    expect(m[0]).toBeCloseTo(0.75, 6);
    expect(m[1]).toBeCloseTo(0.25, 6);
  });

  it('averages every query row for mean pooling', () => {
    // Patch columns summed over rows: 1.6 and 0.7.
    const m = Array.from(headOverPatches(a, 3, 0, 'mean'));
    expect(m[0]).toBeCloseTo(1.6 / 2.3, 6);
    expect(m[1]).toBeCloseTo(0.7 / 2.3, 6);
  });

  it('rollout of one block is ½A + ½I; of two blocks their product, rows still distributions', () => {
    const one = rollout([a], 3, 1);
    expect(one[0]).toBeCloseTo(0.6, 9);
    expect(one[1]).toBeCloseTo(0.3, 9);
    const two = rollout([a, a], 3, 1);
    // (½A + ½I)² row 0: [0.6,0.3,0.1]·rows → 0.6·[0.6,0.3,0.1] + 0.3·[0,1,0] + 0.1·[0.25,0,0.75]
    expect(two[0]).toBeCloseTo(0.385, 9);
    expect(two[1]).toBeCloseTo(0.48, 9);
    expect(two[2]).toBeCloseTo(0.135, 9);
    for (let r = 0; r < 3; r++) expect(two[r * 3] + two[r * 3 + 1] + two[r * 3 + 2]).toBeCloseTo(1, 9);
  });
});

describe('strongestPatches', () => {
  it('names the k strongest patches by row and column, strongest first, with their shares', () => {
    // A 2×3 grid: the strongest patch is row 2, column 1.
    expect(strongestPatches([0.1, 0.2, 0, 0.5, 0.15, 0.05], 3, 2)).toBe('row 2, column 1 (50 %); row 1, column 2 (20 %)');
  });
});

const VIT: LayerSpec[] = [
  { type: 'patchEmbed', patchSize: 7, dim: 16 },
  { type: 'transformerBlock', heads: 4, mlpDim: 32 },
  { type: 'transformerBlock', heads: 2, mlpDim: 32 },
  { type: 'tokenPool', mode: 'cls' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

describe('attentionMaps on a real ViT', () => {
  it('gives every block and head a 4×4 map over the patches, and a rollout; each sums to 1', async () => {
    const model = buildModel({ model: { layers: VIT }, seed: 3 }, [28, 28, 1]);
    expect(hasAttention(model)).toBe(true);
    const before = tf.memory().numTensors;
    const maps = (await attentionMaps(model, tf.randomUniform([28, 28, 1], 0, 1, 'float32', 1)))!;
    expect(tf.memory().numTensors).toBe(before + 1); // only the input made here
    expect([maps.gridRows, maps.gridCols, maps.patchSize, maps.query]).toEqual([4, 4, 7, 'cls']);
    expect(maps.blocks.map((b) => [b.name, b.heads.length])).toEqual([['transformerblock_1', 4], ['transformerblock_2', 2]]);
    for (const m of [...maps.blocks.flatMap((b) => b.heads), maps.rollout]) {
      expect(m).toHaveLength(16);
      expect(m.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }
  });

  it("matches the block's own attention on the tokens it reads", async () => {
    const model = buildModel({ model: { layers: VIT }, seed: 4 }, [28, 28, 1]);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 2);
    const maps = (await attentionMaps(model, x))!;
    const tokens = model.getLayer('patchembed_1').apply(x) as tf.Tensor;
    const block = model.getLayer('transformerblock_1') as unknown as { attention: (t: tf.Tensor) => tf.Tensor };
    const probs = block.attention(tokens).dataSync();
    expect(Array.from(maps.blocks[0].heads[2])).toEqual(Array.from(headOverPatches(probs, 17, 2, 'cls')));
  });

  it('is null for a model without attention', async () => {
    const model = buildModel({ model: { layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] }, seed: 1 }, [28, 28, 1]);
    expect(hasAttention(model)).toBe(false);
    expect(await attentionMaps(model, tf.zeros([28, 28, 1]))).toBeNull();
  });
});
