import { useState } from 'react';
import { chartPngBlob, chartSvgMarkup, downloadBlob, safeFileName } from './exportChart';
import '../chartButton.css';

export interface ChartExportMenuProps {
  /** The element holding the chart (its first <svg>, or its canvases). Called at click time. */
  target: () => HTMLElement | null;
  /** The chart's data as CSV text (see toCsv and the *Csv helpers in inspectCsv). Called at click time. */
  csv: () => string;
  /** Base name without extension; ".png", ".svg" or ".csv" is appended. */
  fileName: string;
  /** Charts that draw their own pictures (the live uPlot charts) pass these; others are read from `target()`. */
  png?: () => Promise<Blob>;
  svg?: () => Promise<string> | string;
  /** What the chart shows, for the buttons' names ("Save the training loss per batch chart as PNG image"). */
  chartName?: string;
  /** Test ids `${testIdPrefix}-png` etc. */
  testIdPrefix?: string;
}

type Format = 'png' | 'svg' | 'csv';

/** Three small buttons that save the chart in `target()` as PNG (2×), standalone SVG, or its data as CSV. */
export function ChartExportMenu({ target, csv, fileName, png, svg, chartName, testIdPrefix }: ChartExportMenuProps) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = safeFileName(fileName);

  async function save(format: Format) {
    setError(null);
    setBusy(format);
    try {
      if (format === 'csv') {
        // The BOM makes Excel read UTF-8 (σ, class names) correctly.
        downloadBlob(new Blob(['\uFEFF', csv()], { type: 'text/csv;charset=utf-8' }), `${base}.csv`);
        return;
      }
      if (format === 'png' && png) return downloadBlob(await png(), `${base}.png`);
      if (format === 'svg' && svg) return downloadBlob(new Blob([await svg()], { type: 'image/svg+xml;charset=utf-8' }), `${base}.svg`);
      const root = target();
      if (!root) throw new Error('The chart is not on screen');
      if (format === 'png') downloadBlob(await chartPngBlob(root), `${base}.png`);
      else downloadBlob(new Blob([await chartSvgMarkup(root)], { type: 'image/svg+xml;charset=utf-8' }), `${base}.svg`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const button = (format: Format, label: string, title: string) => (
    <button
      type="button"
      className="ts-chart-button"
      title={title}
      aria-label={chartName ? `Save the ${chartName} chart as ${title.replace(/^Save (the data )?as /, '')}` : `${title} (${base}.${format})`}
      data-testid={testIdPrefix ? `${testIdPrefix}-${format}` : undefined}
      disabled={busy !== null}
      onClick={() => void save(format)}
    >
      {label}
    </button>
  );

  return (
    <div className="ts-insp-export" role="group" aria-label="Save chart" data-testid="chart-export-menu">
      {button('png', 'PNG', 'Save as PNG image')}
      {button('svg', 'SVG', 'Save as SVG vector image')}
      {button('csv', 'CSV', 'Save the data as CSV')}
      {error !== null && (
        <span className="ts-insp-export-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
