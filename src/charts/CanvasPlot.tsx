import { useEffect, useRef, useState } from 'react';
import { drawPlot, nearestIndex, plotFrame, type PlotSpec } from './canvasPlot';
import { useElementWidth } from './useElementWidth';
import { useThemeTokens } from './useThemeColors';

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
  );
}
