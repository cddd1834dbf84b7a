import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../metrics';
import { confusedPairs, perClassStats } from './classStatsMath';

describe('perClassStats', () => {
  // labels    = [0, 0, 0, 1, 1, 2]
  // predicted = [0, 0, 1, 1, 1, 1]
  // confusion[true][pred] (4 classes; class 3 never appears):
  //   [2, 1, 0, 0]
  //   [0, 2, 0, 0]
  //   [0, 1, 0, 0]
  //   [0, 0, 0, 0]
  const labels = [0, 0, 0, 1, 1, 2];
  const predicted = [0, 0, 1, 1, 1, 1];
  const { classes, macro } = perClassStats(predicted, labels, 4);

  it('counts tp / fp / fn / support', () => {
    expect(classes.map(({ support, tp, fp, fn }) => [support, tp, fp, fn])).toEqual([
      [3, 2, 0, 1],
      [2, 2, 2, 0],
      [1, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
  });

  it('computes precision, recall and F1', () => {
    // class 0: P = 2/2 = 1, R = 2/3, F1 = 2 / (2 + (0 + 1)/2) = 0.8  (= 2·1·(2/3) / (1 + 2/3))
    expect(classes[0].precision).toBe(1);
    expect(classes[0].recall).toBeCloseTo(2 / 3, 10);
    expect(classes[0].f1).toBeCloseTo(0.8, 10);
    // class 1: P = 2/4 = 0.5, R = 2/2 = 1, F1 = 2 / (2 + (2 + 0)/2) = 2/3
    expect(classes[1].precision).toBe(0.5);
    expect(classes[1].recall).toBe(1);
    expect(classes[1].f1).toBeCloseTo(2 / 3, 10);
    // class 2: never predicted → P NaN; R = 0/1 = 0; F1 = 0 / (0 + 1/2) = 0
    expect(classes[2].precision).toBeNaN();
    expect(classes[2].recall).toBe(0);
    expect(classes[2].f1).toBe(0);
    // class 3: nothing at all
    expect(classes[3].precision).toBeNaN();
    expect(classes[3].recall).toBeNaN();
    expect(classes[3].f1).toBeNaN();
  });

  it('attaches Wilson intervals (z² = 3.841459)', () => {
    // class 0 precision = Wilson(2, 2): p = 1 → low = n / (n + z²) = 2 / 5.841459 = 0.342380, high = 1
    expect(classes[0].precisionCI[0]).toBeCloseTo(0.34238, 5);
    expect(classes[0].precisionCI[1]).toBe(1);
    // class 0 recall = Wilson(2, 3): denom = 1 + 1.280486 = 2.280486,
    // centre = (0.666667 + 0.640243) / 2.280486 = 0.573084,
    // half = (1.959964 / 2.280486) · sqrt(0.222222/3 + 3.841459/36) = 0.859450 · 0.425184 = 0.365424
    // → [0.207660, 0.938508]
    expect(classes[0].recallCI[0]).toBeCloseTo(0.20766, 5);
    expect(classes[0].recallCI[1]).toBeCloseTo(0.938508, 5);
    // class 0 F1 = Wilson(2, 2.5): p = 0.8, denom = 1 + 1.536584 = 2.536584,
    // centre = (0.8 + 0.768292) / 2.536584 = 0.618269,
    // half = (1.959964 / 2.536584) · sqrt(0.16/2.5 + 3.841459/25) = 0.772679 · 0.466539 = 0.360484
    // → [0.257785, 0.978754]
    expect(classes[0].f1CI[0]).toBeCloseTo(0.257785, 5);
    expect(classes[0].f1CI[1]).toBeCloseTo(0.978754, 5);
    // class 1 precision = Wilson(2, 4): p = 0.5 → centre 0.5, half = (1.959964/1.960365) · sqrt(0.0625 + 0.060023) = 0.999796 · 0.350032 = 0.349961
    expect(classes[1].precisionCI[0]).toBeCloseTo(0.150039, 5);
    expect(classes[1].precisionCI[1]).toBeCloseTo(0.849961, 5);
    // class 2: no predictions → precision CI is "no evidence" [0, 1];
    // recall = Wilson(0, 1): high = z² / (1 + z²) = 3.841459 / 4.841459 = 0.793451
    // F1 = Wilson(0, 0.5): high = z² / (0.5 + z²) = 3.841459 / 4.341459 = 0.884831
    expect(classes[2].precisionCI).toEqual([0, 1]);
    expect(classes[2].recallCI[0]).toBe(0);
    expect(classes[2].recallCI[1]).toBeCloseTo(0.793451, 5);
    expect(classes[2].f1CI[1]).toBeCloseTo(0.884831, 5);
    expect(classes[3].recallCI).toEqual([0, 1]);
    expect(classes[3].f1CI).toEqual([0, 1]);
  });

  it('macro-averages over the classes where each metric is defined', () => {
    // precision: classes 0, 1 → (1 + 0.5) / 2 = 0.75
    // recall:    classes 0, 1, 2 → (2/3 + 1 + 0) / 3 = 5/9
    // f1:        classes 0, 1, 2 → (0.8 + 2/3 + 0) / 3 = 0.488889
    expect(macro.precision).toBeCloseTo(0.75, 10);
    expect(macro.recall).toBeCloseTo(5 / 9, 10);
    expect(macro.f1).toBeCloseTo(0.488889, 5);
    expect([macro.precisionClasses, macro.recallClasses, macro.f1Classes]).toEqual([2, 3, 3]);
  });

  it('rejects mismatched lengths', () => {
    expect(() => perClassStats([0, 1], [0], 2)).toThrow(RangeError);
  });
});

describe('confusedPairs', () => {
  it('ranks off-diagonal cells by count, then rate of the true class', () => {
    // row sums: 8, 10, 6
    // (0→1) 3, 3/8 = 0.375; (1→2) 3, 3/10 = 0.3; (2→1) 2, 2/6 = 0.3333; (1→0) 1, 1/10 = 0.1
    const m = [
      [5, 3, 0],
      [1, 6, 3],
      [0, 2, 4],
    ];
    expect(confusedPairs(m, 3)).toEqual([
      { trueClass: 0, predicted: 1, count: 3, rateOfTrue: 0.375 },
      { trueClass: 1, predicted: 2, count: 3, rateOfTrue: 0.3 },
      { trueClass: 2, predicted: 1, count: 2, rateOfTrue: 2 / 6 },
    ]);
    expect(confusedPairs(m)).toHaveLength(4); // zero cells are never listed
  });

  it('breaks full ties by class index', () => {
    // (0→1) and (0→2) both count 1, rate 1/4 → predicted ascending
    const m = confusionMatrix([0, 0, 1, 2, 1], [0, 0, 0, 0, 1], 3);
    // m = [[2, 1, 1], [0, 1, 0], [0, 0, 0]]
    expect(confusedPairs(m).map((p) => [p.trueClass, p.predicted, p.count, p.rateOfTrue])).toEqual([
      [0, 1, 1, 0.25],
      [0, 2, 1, 0.25],
    ]);
    expect(confusedPairs(m, 0)).toEqual([]);
  });
});
