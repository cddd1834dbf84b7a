import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { gridKeyTarget, type GridPos } from '../ui/keyNav';
import { className, confusionCells } from './confusion';
import { useChartColors } from './useThemeColors';
import './charts.css';

export interface ConfusionMatrixProps {
  /** matrix[trueClass][predictedClass] = count. */
  matrix: readonly (readonly number[])[];
  classNames: readonly string[];
  /** Shade and label by row fraction instead of raw count. */
  normalize?: boolean;
  /** When given, a "counts | row %" toggle is shown. */
  onNormalizeChange?: (v: boolean) => void;
  /** Clicking a cell (true class, predicted class) shows its examples. */
  onCellClick?: (trueClass: number, predicted: number) => void;
  selected?: { trueClass: number; predicted: number } | null;
}

/**
 * Heat-map table: rows are the true class, columns the predicted class. With onCellClick it is a WAI-ARIA grid: one tab
 * stop (roving tabindex), the arrow keys (and Home/End, Ctrl+Home/End, PageUp/PageDown) move between cells, Enter or
 * Space opens a cell like a click does.
 */
export function ConfusionMatrix({ matrix, classNames, normalize = false, onNormalizeChange, onCellClick, selected }: ConfusionMatrixProps) {
  const colors = useChartColors();
  const cells = useMemo(() => confusionCells(matrix, classNames, normalize, colors), [matrix, classNames, normalize, colors]);
  const cols = cells[0]?.length ?? 0;
  const rows = cells.length;
  const [active, setActive] = useState<GridPos>({ row: 0, col: 0 });
  const tableRef = useRef<HTMLTableElement>(null);
  // A smaller matrix than the last one: keep the tab stop on a cell that exists.
  const at: GridPos = { row: Math.min(active.row, Math.max(0, rows - 1)), col: Math.min(active.col, Math.max(0, cols - 1)) };
  const interactive = onCellClick !== undefined;
  const onKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, row: number, col: number) => {
    if (!onCellClick) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onCellClick(row, col);
      return;
    }
    const next = gridKeyTarget(e.key, { row, col }, rows, cols, e.ctrlKey || e.metaKey);
    if (!next) return;
    e.preventDefault();
    setActive(next);
    tableRef.current?.querySelector<HTMLElement>(`[data-testid="cm-cell-${next.row}-${next.col}"]`)?.focus();
  };
  return (
    <div className="ts-chart-cm" data-testid="confusion-matrix">
      {onNormalizeChange !== undefined && (
        <div className="ts-chart-toggle" role="group" aria-label="Confusion matrix values">
          <button type="button" aria-pressed={!normalize} onClick={() => onNormalizeChange(false)}>
            counts
          </button>
          <button type="button" aria-pressed={normalize} onClick={() => onNormalizeChange(true)}>
            row %
          </button>
        </div>
      )}
      {cells.length === 0 || cols === 0 ? (
        <div className="ts-chart-empty" style={{ height: 160 }}>
          No confusion matrix yet — evaluate the model
        </div>
      ) : (
        <div className="ts-chart-cm-layout">
          <div className="ts-chart-cm-caption-x">predicted class</div>
          <div className="ts-chart-cm-caption-y">true class</div>
          <table
            className="ts-chart-cm-table"
            ref={tableRef}
            role={interactive ? 'grid' : undefined}
            aria-label={interactive ? 'Confusion matrix: rows are the true class, columns the predicted class; Enter shows a cell’s examples' : 'Confusion matrix: rows are the true class, columns the predicted class'}
          >
            <thead>
              <tr>
                <th aria-hidden="true" />
                {Array.from({ length: cols }, (_, j) => (
                  <th key={j} scope="col">
                    {className(classNames, j)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cells.map((row, i) => (
                <tr key={i}>
                  <th scope="row">{className(classNames, i)}</th>
                  {row.map((cell) => (
                    <td
                      key={cell.predIndex}
                      className={`ts-chart-cm-cell${cell.diagonal ? ' ts-chart-cm-diagonal' : ''}${selected && selected.trueClass === i && selected.predicted === cell.predIndex ? ' ts-chart-cm-selected' : ''}${onCellClick ? ' ts-chart-cm-clickable' : ''}`}
                      style={{ background: cell.background, color: cell.color }}
                      title={cell.title}
                      data-testid={`cm-cell-${i}-${cell.predIndex}`}
                      role={interactive ? 'gridcell' : undefined}
                      tabIndex={interactive ? (at.row === i && at.col === cell.predIndex ? 0 : -1) : undefined}
                      aria-selected={interactive ? !!selected && selected.trueClass === i && selected.predicted === cell.predIndex : undefined}
                      aria-label={cell.name}
                      onClick={
                        onCellClick
                          ? () => {
                              setActive({ row: i, col: cell.predIndex });
                              onCellClick(i, cell.predIndex);
                            }
                          : undefined
                      }
                      onKeyDown={interactive ? (e) => onKeyDown(e, i, cell.predIndex) : undefined}
                    >
                      {cell.label}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
