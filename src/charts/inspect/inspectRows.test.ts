import { describe, expect, it } from 'vitest';
import { activationsCsv, convFiltersCsv, featureMapsCsv, metricHistoryCsv, perClassCsv, probabilityCsv, reliabilityCsv, scatterCsv } from './inspectCsv';
import {
  bandRows,
  confidenceRows,
  formatEce,
  nearestRow,
  overconfidenceNote,
  perClassRows,
  probabilityCaption,
  probabilityErrorRows,
  reliabilityRows,
  type ClassStat,
  type MetricEpoch,
} from './inspectRows';

const stat = (p: number, support: number, ci: [number, number] = [p - 0.1, p + 0.05]): ClassStat => ({
  precision: p,
  recall: p,
  f1: p,
  precisionCI: ci,
  recallCI: ci,
  f1CI: ci,
  support,
});

describe('per-class rows', () => {
  it('converts to percent with ErrorBar offsets and flags low support', () => {
    const rows = perClassRows(['cat', 'dog'], [stat(0.9, 120), { ...stat(Number.NaN, 3), recall: 0.5, recallCI: [0.1, 0.9] }], 'recall');
    expect(rows[0]).toMatchObject({ name: 'cat', support: 120, lowSupport: false });
    expect(rows[0].value).toBeCloseTo(90);
    expect(rows[0].err?.[0]).toBeCloseTo(10);
    expect(rows[0].err?.[1]).toBeCloseTo(5);
    expect(rows[1]).toMatchObject({ name: 'dog', value: 50, lo: 10, hi: 90, err: [40, 40], lowSupport: true });
    const precision = perClassRows(['cat', 'dog'], [stat(0.9, 120), stat(Number.NaN, 3)], 'precision');
    expect(precision[1].value).toBeNull();
    expect(precision[1].err).toBeNull();
  });

  it('names classes without a name by index', () => {
    expect(perClassRows([], [stat(0.5, 50)], 'f1')[0].name).toBe('0');
  });
});

describe('reliability rows', () => {
  const bins = [
    { lo: 0, hi: 0.5, count: 0, meanConfidence: Number.NaN, accuracy: Number.NaN, ci: [0, 1] as [number, number] },
    { lo: 0.5, hi: 0.75, count: 40, meanConfidence: 0.62, accuracy: 0.7, ci: [0.55, 0.82] as [number, number] },
    { lo: 0.75, hi: 1, count: 900, meanConfidence: 0.97, accuracy: 0.9, ci: [0.88, 0.92] as [number, number] },
  ];

  it('classifies bins by the sign of accuracy − confidence', () => {
    const rows = reliabilityRows(bins);
    expect(rows.map((r) => r.kind)).toEqual(['empty', 'under', 'over']);
    expect(rows[0]).toMatchObject({ accuracy: null, gap: null, count: 0, lo: 0, hi: 50, mid: 25 });
    expect(rows[1].gap).toBeCloseTo(8);
    expect(rows[2].gap).toBeCloseTo(-7);
    expect(rows[2].ciLo).toBeCloseTo(88);
  });

  it('prints the ECE', () => {
    expect(formatEce(0.0321)).toBe('ECE 3.2 %');
    expect(formatEce(Number.NaN)).toBe('ECE –');
  });
});

describe('confidence rows', () => {
  it('bins correct and wrong counts in percent', () => {
    expect(confidenceRows([0, 0.5, 1], [3, 9], [2])).toEqual([
      { lo: 0, hi: 50, mid: 25, correct: 3, wrong: 2 },
      { lo: 50, hi: 100, mid: 75, correct: 9, wrong: 0 },
    ]);
  });
});

describe('probabilities with uncertainty', () => {
  const names = Array.from({ length: 10 }, (_, i) => String(i));
  const mean = names.map((_, i) => (i === 7 ? 0.931 : 0.069 / 9));
  const std = names.map((_, i) => (i === 7 ? 0.024 : 0.01));

  it('captions the prediction with spread and entropy', () => {
    expect(probabilityCaption(names, mean, std, 0.3111)).toBe('Prediction: 7 (93.1 % ± 2.4) · entropy 0.31 nats');
    expect(probabilityCaption(names, mean)).toBe('Prediction: 7 (93.1 %)');
    expect(probabilityCaption(names, mean, undefined, null, 3)).toBe('Prediction: 7 (93.1 %) · true 3 ✗');
    expect(probabilityCaption(names, mean, undefined, null, 7)).toBe('Prediction: 7 (93.1 %) · true 7 ✓');
    expect(probabilityCaption(names, [])).toBeNull();
  });

  it('builds rows with clipped std offsets and quantile ranges', () => {
    const rows = probabilityErrorRows(names, new Float32Array(mean), new Float32Array(std), mean.map((m) => m * 0.5), mean.map((m) => Math.min(1, m * 1.05)), 3);
    expect(rows[7].isTop).toBe(true);
    expect(rows[3].isTrue).toBe(true);
    expect(rows[7].stdErr?.[0]).toBeCloseTo(2.4, 4);
    // Mean 0.77 %, std 1 %: the lower offset stops at 0 %.
    expect(rows[0].stdErr?.[0]).toBeCloseTo(rows[0].mean, 4);
    expect(rows[7].rangeErr?.[0]).toBeCloseTo(93.1 / 2, 3);
    const plain = probabilityErrorRows(names, mean);
    expect(plain[0].stdErr).toBeNull();
    expect(plain[0].rangeErr).toBeNull();
    expect(plain.some((r) => r.isTrue)).toBe(false);
  });
});

describe('prediction band rows', () => {
  it('sorts by x, orders each band and drops non-finite parts', () => {
    expect(bandRows([2, 1, Number.NaN], [20, 10, 0], [25, 5, 0], [15, 15, 0])).toEqual([
      { x: 1, mean: 10, band: [5, 15] },
      { x: 2, mean: 20, band: [15, 25] },
    ]);
    expect(bandRows([0], [Number.NaN], [Number.NaN], [1])).toEqual([{ x: 0, mean: null, band: null }]);
  });
});

describe('over-confidence note', () => {
  const e = (epoch: number, accuracy: number, ece: number, meanEntropy: number): MetricEpoch => ({ epoch, accuracy, ece, meanEntropy });

  it('flags rising ECE with flat accuracy and falling entropy', () => {
    const note = overconfidenceNote([e(1, 0.95, 0.03, 0.3), e(2, 0.97, 0.015, 0.2), e(3, 0.971, 0.03, 0.1), e(4, 0.97, 0.045, 0.05)]);
    expect(note).toContain('Since epoch 2');
    expect(note).toContain('1.5 %');
    expect(note).toContain('4.5 %');
  });

  it('stays quiet while the model is improving or calibrated', () => {
    expect(overconfidenceNote([e(1, 0.8, 0.05, 0.5), e(2, 0.9, 0.03, 0.3), e(3, 0.95, 0.02, 0.2)])).toBeNull();
    // ECE rose, but accuracy rose too.
    expect(overconfidenceNote([e(1, 0.8, 0.01, 0.5), e(2, 0.9, 0.03, 0.3), e(3, 0.95, 0.04, 0.2)])).toBeNull();
    expect(overconfidenceNote([e(1, 0.9, 0.01, 0.5)])).toBeNull();
  });
});

describe('CSV builders', () => {
  it('writes per-class statistics', () => {
    const csv = perClassCsv(['a,b'], [stat(0.5, 10, [0.25, 0.75])]);
    expect(csv.split('\r\n')[1]).toBe('"a,b",10,0.5,0.25,0.75,0.5,0.25,0.75,0.5,0.25,0.75');
  });

  it('writes reliability bins with the ECE last', () => {
    const csv = reliabilityCsv([{ lo: 0, hi: 1, count: 5, meanConfidence: 0.8, accuracy: 0.6, ci: [0.2, 0.9] }], 0.2);
    expect(csv).toBe('bin_low,bin_high,count,mean_confidence,accuracy,accuracy_ci_low,accuracy_ci_high\r\n0,1,5,0.8,0.6,0.2,0.9\r\nECE,,,,0.2,,\r\n');
  });

  it('writes probabilities, scatter, metric history and activations', () => {
    expect(probabilityCsv(['x', 'y'], [0.25, 0.75], undefined, undefined, undefined, 1)).toBe('class,mean,std,q05,q95,is_true_class\r\nx,0.25,,,,0\r\ny,0.75,,,,1\r\n');
    expect(scatterCsv([1, 2], [1.5, Number.NaN])).toBe('actual,predicted,residual\r\n1,1.5,0.5\r\n2,,\r\n');
    expect(metricHistoryCsv([{ epoch: 1, accuracy: 0.9, ece: null, meanEntropy: 0.3 }])).toBe('epoch,accuracy,ece,mean_entropy_nats,val_loss\r\n1,0.9,,0.3,\r\n');
    expect(activationsCsv(new Float32Array([0.5, -1]))).toBe('unit,activation\r\n0,0.5\r\n1,-1\r\n');
  });

  it('writes feature maps and conv filters in index order', () => {
    expect(featureMapsCsv([1, 2, 2], new Float32Array([1, 2, 3, 4])).split('\r\n').slice(1, 5)).toEqual(['0,0,0,1', '0,0,1,3', '1,0,0,2', '1,0,1,4']);
    expect(convFiltersCsv(new Float32Array([-1, 0, 1, 0.5]), [1, 2, 1, 2]).split('\r\n').slice(1, 5)).toEqual(['0,0,0,0,-1', '0,0,0,1,1', '1,0,0,0,0', '1,0,0,1,0.5']);
  });
});

describe('nearestRow', () => {
  it('finds the row nearest an x', () => {
    const rows = [{ x: 0 }, { x: 1 }, { x: 3 }];
    expect(nearestRow(rows, 1.9)).toEqual({ x: 1 });
    expect(nearestRow(rows, 2.1)).toEqual({ x: 3 });
    expect(nearestRow(rows, -5)).toEqual({ x: 0 });
    expect(nearestRow([], 1)).toBeNull();
  });
});
