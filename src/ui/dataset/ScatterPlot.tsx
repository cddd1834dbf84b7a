import { useEffect, useRef } from 'react';
import { categoricalColors } from '../../app/themeTokens';
import { useChartColors } from '../../charts/useThemeColors';

/**
 * Points on a canvas: 2-D features coloured by class, or x against a numeric target. Canvas because
 * synthetic sets hold up to 200,000 points.
 */
export function ScatterPlot({ xs, ys, classes, xLabel, yLabel, size = 260 }: { xs: ArrayLike<number>; ys: ArrayLike<number>; classes: ArrayLike<number> | null; xLabel: string; yLabel: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const c = useChartColors();
  useEffect(() => {
    const CLASS_COLORS = categoricalColors(c);
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = size * dpr;
    canvas.height = size * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      x0 = Math.min(x0, xs[i]);
      x1 = Math.max(x1, xs[i]);
      y0 = Math.min(y0, ys[i]);
      y1 = Math.max(y1, ys[i]);
    }
    const pad = 24;
    const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (size - pad - 6);
    const sy = (v: number) => size - pad - ((v - y0) / (y1 - y0 || 1)) * (size - pad - 6);
    ctx.strokeStyle = c['axis-line'];
    ctx.strokeRect(pad + 0.5, 5.5, size - pad - 6, size - pad - 6);
    const step = Math.max(1, Math.floor(xs.length / 20000));
    ctx.globalAlpha = xs.length > 2000 ? 0.5 : 0.8;
    for (let i = 0; i < xs.length; i += step) {
      ctx.fillStyle = classes ? CLASS_COLORS[classes[i] % CLASS_COLORS.length] : c.blue;
      ctx.fillRect(sx(xs[i]) - 1.5, sy(ys[i]) - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = c['axis-text'];
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(xLabel, size / 2, size - 6);
    ctx.save();
    ctx.translate(10, size / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }, [xs, ys, classes, xLabel, yLabel, size, c]);
  return <canvas ref={ref} style={{ width: size, height: size }} role="img" aria-label={`scatter plot of ${yLabel} against ${xLabel}`} data-testid="scatter-plot" />;
}
