import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useElementWidth } from '../useElementWidth';
import { useChartColors } from '../useThemeColors';
import type { LivePlot } from './liveData';
import { liveOptions, shapeKey } from './liveOptions';
import './live.css';
import { oneChartPerTask } from './oneChartPerTask';

export interface Hover {
  idx: number;
  /** Cursor position in CSS px from the chart's top-left corner, and the chart's width. */
  left: number;
  top: number;
  width: number;
}

export interface UPlotChartProps {
  plot: LivePlot;
  height: number;
  /** Charts with the same key move their cursors together (uPlot cursor.sync). */
  syncKey: string | null;
  ariaLabel: string;
  onHover: (h: Hover | null) => void;
  /** The zoomed x range, or null when the whole series shows. */
  onZoom: (range: [number, number] | null) => void;
  /** The live instance, for exports and the reset button. */
  instance: RefObject<uPlot | null>;
}

function alignedData(plot: LivePlot): uPlot.AlignedData {
  return [plot.x, ...plot.ys] as uPlot.AlignedData;
}

/** Shows the whole x range again (what a double-click on the chart does). */
export function resetZoom(u: uPlot): void {
  const xs = u.data[0];
  if (xs.length) u.setScale('x', { min: xs[0], max: xs[xs.length - 1] });
}

/**
 * One uPlot instance per chart: created when the chart's shape (series, scales, theme) changes, fed with setData on
 * every update and setSize on resize, destroyed on unmount. A zoomed view stays zoomed while new batches arrive.
 */
export function UPlotChart({ plot, height, syncKey, ariaLabel, onHover, onZoom, instance }: UPlotChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(hostRef);
  const palette = useChartColors();
  const plotRef = useRef(plot);
  plotRef.current = plot;
  const zoomRef = useRef<[number, number] | null>(null);
  const callbacks = useRef({ onHover, onZoom, ariaLabel });
  callbacks.current = { onHover, onZoom, ariaLabel };
  const key = shapeKey(plot, palette, `${syncKey}/${height}`);
  const hasWidth = width > 0;

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !hasWidth) return;
    const onScale = (u: uPlot) => {
      const { min, max } = u.scales.x;
      const xs = u.data[0];
      if (min == null || max == null) return;
      host.dataset.xMin = String(min);
      host.dataset.xMax = String(max);
      const zoomed = xs.length > 1 && (min > xs[0] + 1e-9 || max < xs[xs.length - 1] - 1e-9);
      const next: [number, number] | null = zoomed ? [min, max] : null;
      const prev = zoomRef.current;
      zoomRef.current = next;
      host.dataset.zoomed = String(zoomed);
      if ((prev === null) !== (next === null) || (prev && next && (prev[0] !== next[0] || prev[1] !== next[1]))) callbacks.current.onZoom(next);
    };
    const onCursor = (u: uPlot) => {
      const { idx, left, top } = u.cursor;
      if (idx == null || left == null || left < 0 || top == null) callbacks.current.onHover(null);
      else callbacks.current.onHover({ idx, left: left + u.bbox.left / uPlot.pxRatio, top: top + u.bbox.top / uPlot.pxRatio, width: u.width });
    };
    let u: uPlot | null = null;
    // In a task of its own (see oneChartPerTask), with the data and label of that moment.
    const cancel = oneChartPerTask(() => {
      const opts = liveOptions(plotRef.current, palette, { width: host.clientWidth, height, syncKey, pxRatio: uPlot.pxRatio }, { plot: () => plotRef.current, onCursor, onScale });
      u = new uPlot(opts, alignedData(plotRef.current), host);
      const canvas = u.root.querySelector('canvas');
      canvas?.setAttribute('role', 'img');
      canvas?.setAttribute('aria-label', callbacks.current.ariaLabel);
      instance.current = u;
    });
    return () => {
      cancel();
      (u as uPlot | null)?.destroy();
      instance.current = null;
      if (zoomRef.current) callbacks.current.onZoom(null);
      zoomRef.current = null;
      callbacks.current.onHover(null);
    };
    // The key stands for everything the options are built from; plot and palette are read through it.
  }, [key, hasWidth]);

  useEffect(() => {
    const u = instance.current;
    if (!u) return;
    const zoom = zoomRef.current;
    if (zoom) {
      // Keep the person's zoom; setScale re-ranges y over the window with the new points.
      u.setData(alignedData(plot), false);
      u.setScale('x', { min: zoom[0], max: zoom[1] });
    } else {
      u.setData(alignedData(plot));
    }
    u.root.querySelector('canvas')?.setAttribute('aria-label', ariaLabel);
  }, [plot, ariaLabel, instance]);

  useEffect(() => {
    const u = instance.current;
    if (u && width > 0 && (u.width !== width || u.height !== height)) u.setSize({ width, height });
  }, [width, height, instance]);

  return <div ref={hostRef} className="ts-live-plot" style={{ height }} title="Drag across the chart to zoom; double-click to show everything" />;
}
