import { describe, expect, it } from 'vitest';
import { predictionCaption, probabilityRows, topClass } from './probability';

describe('probability helpers', () => {
  const names = ['0', '1', '2'];

  it('finds the top class, first wins ties, ignores NaN', () => {
    expect(topClass([0.1, 0.7, 0.2])).toEqual({ index: 1, probability: 0.7 });
    expect(topClass([0.5, 0.5])).toEqual({ index: 0, probability: 0.5 });
    expect(topClass([NaN, 0.2])).toEqual({ index: 1, probability: 0.2 });
    expect(topClass([])).toBeNull();
  });

  it('writes the caption', () => {
    expect(predictionCaption([0.01, 0.931, 0.059], names)).toBe('Prediction: 1 (93.1%)');
    expect(predictionCaption([], names)).toBeNull();
  });

  it('builds percent rows with the winner flagged', () => {
    expect(probabilityRows([0.25, 0.75], ['a', 'b'])).toEqual([
      { name: 'a', percent: 25, isTop: false },
      { name: 'b', percent: 75, isTop: true },
    ]);
  });
});
