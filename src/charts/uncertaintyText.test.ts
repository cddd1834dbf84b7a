import { describe, expect, it } from 'vitest';
import { count, mcBandText, mcDropoutBarsText, residualBandText, wilsonCalibrationText, wilsonClassText } from './uncertaintyText';

const sentences = (s: string) => s.split(/(?<=\.)\s+/).filter(Boolean).length;

describe('uncertainty texts', () => {
  it('fills in the MC-dropout pass count', () => {
    const t = mcDropoutBarsText(20, true);
    expect(t.caption).toBe('Error bars: ±1σ over 20 MC-dropout passes; thin whiskers: 5–95 % range of the 20 passes.');
    expect(t.help).toContain('20 times');
    expect(t.help).toContain("If two classes' bars overlap, the model cannot tell them apart for this input.");
    expect(mcDropoutBarsText(1, false).caption).toBe('Error bars: ±1σ over 1 MC-dropout pass.');
  });

  it('names the Wilson interval with the real test count and what n each class uses', () => {
    expect(wilsonClassText('recall', 2000).caption).toBe("Whiskers: 95 % Wilson interval for each class's recall, on that class's test items (2,000 test items in all).");
    expect(wilsonClassText('precision', 52).caption).toContain('predicted as that class (52 test items in all)');
    expect(wilsonClassText('f1', 1).caption).toContain("each class's F1");
    expect(wilsonClassText('f1', 1).caption).toContain('(1 test item in all)');
    expect(wilsonClassText('recall', 2000).help).toContain('2,000 test items');
  });

  it('calibration whiskers carry the bin and item counts', () => {
    expect(wilsonCalibrationText(512, 10).caption).toBe("Whiskers: 95 % Wilson interval on each bin's accuracy (10 confidence bins, 512 test items in all).");
  });

  it('regression bands say what they are', () => {
    const r = residualBandText(1234, 14, 16);
    expect(r.caption).toContain('90 % prediction interval from residuals');
    expect(r.caption).toContain('14 of 16 bins with ≥ 3 items, 1,234 test items');
    expect(mcBandText(30).caption).toBe('Shaded band: mean ± 2σ over 30 MC-dropout passes at each x.');
  });

  it('keeps every help text to 2–3 plain sentences', () => {
    for (const t of [mcDropoutBarsText(20, true), wilsonClassText('recall', 10), wilsonClassText('f1', 10), wilsonCalibrationText(10, 10), residualBandText(10, 3, 16), mcBandText(20)]) {
      expect(sentences(t.help)).toBeGreaterThanOrEqual(2);
      expect(sentences(t.help)).toBeLessThanOrEqual(3);
      expect(t.caption).not.toMatch(/undefined|NaN/);
    }
  });

  it('formats counts with thousands separators', () => {
    expect(count(2000)).toBe('2,000');
    expect(count(19.6)).toBe('20');
  });
});
