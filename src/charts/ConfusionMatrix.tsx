import { useMemo } from 'react';
import { className, confusionCells } from './confusion';
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

/** Heat-map table: rows are the true class, columns the predicted class. */
export function ConfusionMatrix({ matrix, classNames, normalize = false, onNormalizeChange, onCellClick, selected }: ConfusionMatrixProps) {
  const cells = useMemo(() => confusionCells(matrix, classNames, normalize), [matrix, classNames, normalize]);
  const cols = cells[0]?.length ?? 0;
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
          <table className="ts-chart-cm-table">
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
                      onClick={onCellClick ? () => onCellClick(i, cell.predIndex) : undefined}
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
