import { describe, expect, it } from 'vitest';
import { gridKeyTarget, tabKeyTarget } from './keyNav';

describe('tabKeyTarget', () => {
  it('moves right and left, wrapping at both ends', () => {
    expect(tabKeyTarget('ArrowRight', 0, 4)).toBe(1);
    expect(tabKeyTarget('ArrowRight', 3, 4)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 4)).toBe(3);
    expect(tabKeyTarget('ArrowLeft', 2, 4)).toBe(1);
  });
  it('Home and End go to the first and last tab', () => {
    expect(tabKeyTarget('Home', 2, 5)).toBe(0);
    expect(tabKeyTarget('End', 1, 5)).toBe(4);
  });
  it('ignores other keys and empty lists', () => {
    expect(tabKeyTarget('ArrowDown', 1, 4)).toBeNull();
    expect(tabKeyTarget('Enter', 1, 4)).toBeNull();
    expect(tabKeyTarget('ArrowRight', 0, 0)).toBeNull();
  });
});

describe('gridKeyTarget', () => {
  const at = { row: 1, col: 1 };
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(gridKeyTarget('ArrowRight', at, 3, 3)).toEqual({ row: 1, col: 2 });
    expect(gridKeyTarget('ArrowLeft', at, 3, 3)).toEqual({ row: 1, col: 0 });
    expect(gridKeyTarget('ArrowDown', at, 3, 3)).toEqual({ row: 2, col: 1 });
    expect(gridKeyTarget('ArrowUp', at, 3, 3)).toEqual({ row: 0, col: 1 });
    expect(gridKeyTarget('ArrowRight', { row: 0, col: 2 }, 3, 3)).toEqual({ row: 0, col: 2 });
    expect(gridKeyTarget('ArrowUp', { row: 0, col: 2 }, 3, 3)).toEqual({ row: 0, col: 2 });
  });
  it('Home/End stay in the row; with Ctrl they go to the corners; PageUp/PageDown to the column ends', () => {
    expect(gridKeyTarget('Home', at, 3, 4)).toEqual({ row: 1, col: 0 });
    expect(gridKeyTarget('End', at, 3, 4)).toEqual({ row: 1, col: 3 });
    expect(gridKeyTarget('Home', at, 3, 4, true)).toEqual({ row: 0, col: 0 });
    expect(gridKeyTarget('End', at, 3, 4, true)).toEqual({ row: 2, col: 3 });
    expect(gridKeyTarget('PageUp', at, 3, 4)).toEqual({ row: 0, col: 1 });
    expect(gridKeyTarget('PageDown', at, 3, 4)).toEqual({ row: 2, col: 1 });
  });
  it('clamps a position left over from a larger grid, and ignores other keys', () => {
    expect(gridKeyTarget('ArrowLeft', { row: 9, col: 9 }, 3, 3)).toEqual({ row: 2, col: 1 });
    expect(gridKeyTarget('Enter', at, 3, 3)).toBeNull();
    expect(gridKeyTarget('ArrowRight', at, 0, 0)).toBeNull();
  });
});
