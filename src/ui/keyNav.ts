/**
 * Keyboard movement for composite widgets (WAI-ARIA Authoring Practices), kept pure so it is unit-tested without a DOM:
 * a tab list (one row, wrapping) and a grid (rows × columns, no wrapping).
 */

/** The tab to move to (and select) for a key pressed on tab `index` of `count`, or null when the key is not ours. */
export function tabKeyTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export interface GridPos {
  row: number;
  col: number;
}

/**
 * The cell to move to in a rows × cols grid, or null when the key is not a movement key. Arrows stop at the edges;
 * Home/End go to the row's first/last cell, and with Ctrl to the grid's first/last cell; PageUp/PageDown to the
 * column's first/last cell.
 */
export function gridKeyTarget(key: string, at: GridPos, rows: number, cols: number, ctrl = false): GridPos | null {
  if (rows <= 0 || cols <= 0) return null;
  const clamp = (row: number, col: number): GridPos => ({ row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) });
  // A position left over from a larger grid moves from the nearest cell that exists.
  at = clamp(at.row, at.col);
  switch (key) {
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : clamp(at.row, 0);
    case 'End':
      return ctrl ? { row: rows - 1, col: cols - 1 } : clamp(at.row, cols - 1);
    case 'PageUp':
      return clamp(0, at.col);
    case 'PageDown':
      return clamp(rows - 1, at.col);
    default:
      return null;
  }
}
