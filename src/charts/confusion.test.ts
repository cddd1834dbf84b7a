import { describe, expect, it } from 'vitest';
import { DARK_TEXT, LIGHT_TEXT, mixHex, readableText } from './color';
import { confusionCells } from './confusion';
import { contrastRatio, THEMES } from '../app/themeTokens';

describe('color', () => {
  it('mixes white to accent blue', () => {
    expect(mixHex('#ffffff', '#0072B2', 0)).toBe('#ffffff');
    expect(mixHex('#ffffff', '#0072B2', 1)).toBe('#0072b2');
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixHex('#ffffff', '#0072B2', 7)).toBe('#0072b2');
  });

  it('puts dark text on light cells and white text on dark ones', () => {
    expect(readableText('#ffffff')).toBe(DARK_TEXT);
    expect(readableText('#e6f1f8')).toBe(DARK_TEXT);
    expect(readableText('#0072b2')).toBe(LIGHT_TEXT);
  });
});

describe('confusionCells', () => {
  const matrix = [
    [8, 2],
    [0, 0],
  ];
  const names = ['cat', 'dog'];

  it('shades by count / max count and labels counts', () => {
    const cells = confusionCells(matrix, names, false);
    expect(cells[0][0].intensity).toBe(1);
    expect(cells[0][1].intensity).toBe(0.25);
    expect(cells[0][1].label).toBe('2');
    expect(cells[0][0].diagonal).toBe(true);
    expect(cells[0][1].diagonal).toBe(false);
    expect(cells[0][0].background).toBe('#0072b2');
    expect(cells[0][0].color).toBe(THEMES.light.chart['heat-text-light']);
    expect(cells[1][0].color).toBe(THEMES.light.chart['heat-text-dark']);
  });

  it('shades from the dark panel in the dark theme, text still readable on every cell', () => {
    const dark = THEMES.dark.chart;
    const cells = confusionCells([[8, 4, 2, 1, 0]], names, false, dark);
    expect(cells[0][4].background).toBe(dark['heat-from']);
    expect(cells[0][0].background).toBe(dark['heat-to']);
    for (const cell of cells[0]) expect(contrastRatio(cell.color, cell.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('shades by row fraction when normalised and labels whole percents', () => {
    const cells = confusionCells([[1, 2], [0, 3]], names, true);
    expect(cells[0][1].intensity).toBeCloseTo(2 / 3, 12);
    expect(cells[0][1].label).toBe('67%');
    expect(cells[1][1].label).toBe('100%');
  });

  it('writes hover titles with class names and row share', () => {
    const cells = confusionCells(matrix, names, false);
    expect(cells[0][1].title).toBe('true cat → predicted dog: 2 (20.0% of row)');
    // An empty row has no share to divide by; it reads 0 %, not NaN.
    expect(cells[1][0].title).toBe('true dog → predicted cat: 0 (0.0% of row)');
  });

  it('names each cell for screen readers: true class, predicted class and how many items', () => {
    const cells = confusionCells([[1, 2], [0, 3]], names, false);
    expect(cells[0][1].name).toBe('true cat, predicted dog: 2 items (66.7% of row)');
    expect(cells[0][0].name).toBe('true cat, predicted cat: 1 item (33.3% of row)');
    expect(cells[1][0].name).toBe('true dog, predicted cat: 0 items (0.0% of row)');
  });

  it('falls back to indices for missing names and pads ragged rows', () => {
    const cells = confusionCells([[1], [2, 3]], [], false);
    expect(cells[0]).toHaveLength(2);
    expect(cells[0][1].count).toBe(0);
    expect(cells[1][0].title.startsWith('true 1 → predicted 0: 2')).toBe(true);
  });

  it('handles an all-zero and an empty matrix', () => {
    const zero = confusionCells([[0, 0], [0, 0]], names, false);
    expect(zero.flat().every((c) => c.intensity === 0)).toBe(true);
    expect(confusionCells([], names, true)).toEqual([]);
  });
});
