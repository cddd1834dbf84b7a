import { useEffect, useMemo, useRef, useState } from 'react';
import { drawPlot, legendItems, nearestIndex, plotFrame, type LegendItem, type PlotSpec } from './canvasPlot';
import { useElementWidth } from './useElementWidth';
import { useThemeTokens } from './useThemeColors';

/** A legend swatch: the series' line, dashed like the series. */
function Swatch({ item }: { item: LegendItem }) {
  return (
    <svg width={20} height={8} aria-hidden="true" focusable="false">
      <line x1={1} y1={4} x2={19} y2={4} stroke={item.color} strokeOpacity={item.alpha} strokeWidth={2.5} strokeDasharray={item.dash.length ? item.dash.join(' ') : undefined} />
    </svg>
  );
}

/** The plot's legend in HTML (it wraps on narrow cards): swatch, name, last value, min and max. */
export function PlotLegend({ spec }: { spec: PlotSpec }) {
  const items = useMemo(() => legendItems(spec), [spec]);
  if (items.length === 0) return null;
  return (
    <ul className="ts-plot-legend" data-testid="plot-legend">
      {items.map((it) => (
        <li key={it.name} data-series={it.name}>
          <Swatch item={it} />
          <strong>{it.name}</strong>
          {it.last && (
            <span>
              {it.last} · min {it.min} · max {it.max}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A canvas that draws a PlotSpec, sized to its container, sharp on high-DPI screens, with a hover readout.
 * React renders one element; the drawing happens in an effect, so updates cost no reconciliation.
 */
export function CanvasPlot({ spec, height, ariaLabel }: { spec: PlotSpec; height: number; ariaLabel: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef);
  const [hover, setHover] = useState<number | null>(null);
  const theme = useThemeTokens();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawPlot(ctx, spec, plotFrame(spec, width, height), hover, theme);
  }, [spec, width, height, hover, theme]);

  return (
    <>
    <PlotLegend spec={spec} />
    <div ref={wrapRef} style={{ width: '100%', height }}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={ariaLabel}
        style={{ width: '100%', height, display: 'block' }}
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          setHover(nearestIndex(plotFrame(spec, width, height), spec, e.clientX - rect.left));
        }}
        onMouseLeave={() => setHover(null)}
      />
    </div>
    </>
  );
}
