import { useCallback, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import { ChartEmpty } from '../ChartEmpty';
import { ChartExportMenu } from '../inspect/ChartExportMenu';
import { pageBackground } from '../inspect/exportChart';
import { useChartColors } from '../useThemeColors';
import { formatY, type LivePlot, type LiveSeries } from './liveData';
import { plotSvg } from './liveExport';
import { livePngBlob } from './livePng';
import { resetZoom, UPlotChart, type Hover } from './UPlotChart';
import '../charts.css';
import '../chartButton.css';
import './live.css';

export interface LiveChartProps {
  testId: string;
  /** Short id for the controls' test ids ("loss", "metric", "epoch-loss"…). */
  chartId: string;
  /** What the chart shows, for accessible names and file names: "training loss per batch". */
  name: string;
  title?: string;
  plot: LivePlot | null;
  height: number;
  syncKey: string | null;
  emptyMessage: string;
  /** Every number behind the chart as CSV; called at click time. */
  csv: () => string;
  dataAttrs?: Record<`data-${string}`, string | number>;
  /** The log-y toggle; null where a log axis makes no sense (accuracy in %). */
  logY?: { on: boolean; set: (on: boolean) => void } | null;
  /** Extra controls before the built-in ones (the batch charts' x axis choice). */
  controls?: ReactNode;
}

function Swatch({ s }: { s: LiveSeries }) {
  return (
    <svg width={20} height={8} aria-hidden="true" focusable="false">
      <line x1={1} y1={4} x2={19} y2={4} stroke={s.color} strokeOpacity={s.alpha} strokeWidth={2.5} strokeDasharray={s.dash.length ? s.dash.join(' ') : undefined} />
    </svg>
  );
}

/** Swatch, name and last · min · max of each series over every point (HTML, so it wraps on narrow cards). */
function LiveLegend({ plot }: { plot: LivePlot }) {
  const f = (v: number | null) => (v === null ? '' : formatY(v, plot.yKind));
  return (
    <ul className="ts-plot-legend" data-testid="plot-legend">
      {plot.series.map((s) => (
        <li key={s.label} data-series={s.label}>
          <Swatch s={s} />
          <strong>{s.label}</strong>
          {s.stats.last !== null && (
            <span>
              {f(s.stats.last)} · min {f(s.stats.min)} · max {f(s.stats.max)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The values of every series at the hovered x, next to the cursor (flips left past the middle). */
function Readout({ plot, hover }: { plot: LivePlot; hover: Hover }) {
  if (hover.idx >= plot.x.length) return null;
  const right = hover.left > hover.width / 2;
  const style = right ? { right: hover.width - hover.left + 10, top: 4 } : { left: hover.left + 10, top: 4 };
  return (
    <div className="ts-live-readout" data-testid="chart-readout" style={style}>
      <div className="ts-live-readout-x">
        {plot.xLabel} {plot.formatX(plot.x[hover.idx])}
      </div>
      {plot.series.map((s, i) => {
        const v = plot.ys[i][hover.idx];
        return (
          <div key={s.label} data-series={s.label}>
            <Swatch s={s} /> {s.label.replace(/ \(.*\)$/, '')}: <strong>{v === null || v === undefined ? '—' : formatY(v, plot.yKind)}</strong>
          </div>
        );
      })}
    </div>
  );
}

/**
 * A live time-series chart on uPlot with its toolbar (log y, reset zoom, PNG / SVG / CSV), legend and hover
 * read-out. Drag across the plot zooms into an x range; a double-click (or Reset zoom) shows everything again.
 */
export function LiveChart(p: LiveChartProps) {
  const { plot, chartId } = p;
  const palette = useChartColors();
  const instance = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const onZoom = useCallback((r: [number, number] | null) => setZoom(r), []);
  const title = p.title ?? p.name[0].toUpperCase() + p.name.slice(1);

  // Read at click time: the picture and numbers as they are then.
  const png = async () => {
    const u = instance.current;
    if (!u || !plot) throw new Error('Nothing drawn to export yet');
    return livePngBlob(u.ctx.canvas, plot, palette, title, pageBackground());
  };
  const svg = () => {
    const u = instance.current;
    if (!u || !plot) throw new Error('Nothing drawn to export yet');
    return plotSvg(plot, palette, { title, width: u.width, height: u.height + 30 + plot.series.length * 15, background: pageBackground(), xRange: zoom });
  };

  return (
    <div className="ts-chart ts-live" data-testid={p.testId} {...p.dataAttrs}>
      {p.title !== undefined && <div className="ts-chart-title">{p.title}</div>}
      {plot ? (
        <>
          <div className="ts-live-toolbar" role="group" aria-label={`${p.name} chart controls`}>
            {p.controls}
            {p.logY && (
              <button type="button" className="ts-chart-button" aria-pressed={p.logY.on} data-testid={`log-y-${chartId}`} aria-label={`Log y: a logarithmic y axis on the ${p.name} chart`} onClick={() => p.logY?.set(!p.logY.on)}>
                Log y
              </button>
            )}
            {zoom && (
              <button type="button" className="ts-chart-button ts-live-reset" data-testid={`reset-zoom-${chartId}`} onClick={() => instance.current && resetZoom(instance.current)} title="Or double-click the chart">
                Reset zoom
              </button>
            )}
            <ChartExportMenu target={() => null} csv={p.csv} png={png} svg={svg} fileName={p.name} chartName={p.name} testIdPrefix={`export-${chartId}`} />
          </div>
          <LiveLegend plot={plot} />
          <div className="ts-live-area" onMouseLeave={() => setHover(null)}>
            <UPlotChart plot={plot} height={p.height} syncKey={p.syncKey} ariaLabel={`${p.name}, ${plot.total} points${zoom ? ', zoomed' : ''}`} onHover={setHover} onZoom={onZoom} instance={instance} />
            {hover && <Readout plot={plot} hover={hover} />}
          </div>
        </>
      ) : (
        <ChartEmpty message={p.emptyMessage} height={p.height} />
      )}
    </div>
  );
}
