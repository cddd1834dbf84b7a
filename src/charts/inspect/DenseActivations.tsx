import { useCallback, useMemo, useRef, useState } from 'react';
import { useThemeTokens } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { innerTicks, niceScale } from '../scale';
import { drawAxes, drawReadout, scales } from './canvasAxes';
import { formatCount } from '../format';
import { activationStats, formatValue, type Frame } from './inspectMath';
import { useCanvasDraw, useElementWidth } from './inspectParts';
import './inspect.css';

export interface DenseActivationsProps {
  /** Layer name shown in the header. */
  name: string;
  /** One activation per unit for one input. */
  values: Float32Array;
  height?: number;
}

const PAD = { left: 56, right: 12, top: 8, bottom: 36 };

/** Unit index under pixel column `px`, or -1 outside the bars. */
export function unitAt(frame: Frame, n: number, px: number): number {
  if (n <= 0 || px < frame.left || px > frame.right) return -1;
  return Math.min(n - 1, Math.floor(((px - frame.left) / (frame.right - frame.left)) * n));
}

/** A dense layer's activations for one input: one bar per unit, positive blue, negative orange. */
export function DenseActivations({ name, values, height = 180 }: DenseActivationsProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef);
  const [hover, setHover] = useState(-1);
  const theme = useThemeTokens();
  const stats = useMemo(() => activationStats(values), [values]);
  const n = values.length;
  const frame = useMemo<Frame>(() => ({ left: PAD.left, right: Math.max(PAD.left + 10, width - PAD.right), top: PAD.top, bottom: height - PAD.bottom }), [width, height]);
  const axes = useMemo(() => {
    const y = stats ? niceScale(Math.min(0, stats.min), Math.max(0, stats.max), 5) : niceScale(0, 1);
    // x is a continuous unit axis from 0 to n; bar i spans [i, i + 1].
    return { frame, x: { domain: [0, Math.max(1, n)] as [number, number], ticks: innerTicks(0, Math.max(1, n - 1), 6).filter(Number.isInteger) }, y, xLabel: 'unit', yLabel: 'activation', formatX: (v: number) => formatCount(v), formatY: formatValue, xGrid: false };
  }, [frame, stats, n]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D) => {
      const { sx, sy } = scales(axes);
      const tickXs = axes.x.ticks;
      const c = theme.chart;
      // Ticks sit at bar centres.
      drawAxes(ctx, axes, [], theme);
      const y0 = sy(0);
      const bw = (frame.right - frame.left) / Math.max(1, n);
      const gap = bw > 4 ? 1 : 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isFinite(v) || v === 0) continue;
        const y = sy(v);
        ctx.fillStyle = i === hover ? c.vermillion : v > 0 ? c.blue : c.orange;
        ctx.fillRect(sx(i) + gap / 2, Math.min(y, y0), Math.max(0.5, bw - gap), Math.abs(y - y0));
      }
      ctx.strokeStyle = c.caption;
      ctx.beginPath();
      ctx.moveTo(frame.left, Math.round(y0) + 0.5);
      ctx.lineTo(frame.right, Math.round(y0) + 0.5);
      ctx.stroke();
      ctx.fillStyle = c['axis-text'];
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (const t of tickXs) ctx.fillText(formatCount(t), sx(t + 0.5), frame.bottom + 6);
      if (hover >= 0 && hover < n) {
        drawReadout(ctx, frame, sx(hover + 0.5), sy(values[hover]), [`unit ${hover}`, `activation ${formatValue(values[hover])}`], theme);
      }
    },
    [axes, frame, n, values, hover, theme],
  );
  useCanvasDraw(canvasRef, width, height, draw);

  return (
    <div className="ts-insp" data-testid="dense-activations" data-layer={name} data-units={n} ref={wrapRef}>
      <div className="ts-insp-title">
        <span>
          {name} <span className="ts-insp-muted">{formatCount(n)} units</span>
        </span>
        {stats && (
          <span className="ts-insp-muted">
            {(stats.inactive * 100).toFixed(0)} % ≤ 0 · max {formatValue(stats.max)} (unit {stats.argmax}) · mean {formatValue(stats.mean)}
          </span>
        )}
      </div>
      {n === 0 || !stats ? (
        <ChartEmpty message={`No activations for ${name || 'this layer'} yet`} height={height} />
      ) : (
        <div style={{ width: '100%', height }}>
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`${name} activations, ${n} units`}
            style={{ width: '100%', height, display: 'block' }}
            onMouseMove={(e) => {
              const r = e.currentTarget.getBoundingClientRect();
              setHover(unitAt(frame, n, e.clientX - r.left));
            }}
            onMouseLeave={() => setHover(-1)}
          />
        </div>
      )}
    </div>
  );
}
