import { useCallback, useMemo, useRef, useState } from 'react';
import type { ChartTokens } from '../../app/themeTokens';
import { useThemeTokens } from '../useThemeColors';
import { ChartEmpty } from '../ChartEmpty';
import { niceScale, type NiceScale } from '../scale';
import { drawAxes, drawReadout, scales, FONT } from './canvasAxes';
import { formatCount } from '../format';
import { finiteExtent, finitePairs, formatValue, nearestPoint, regressionSummary, rgba, type Frame, type LegendItem } from './inspectMath';
import { useCanvasDraw, useElementWidth } from './inspectParts';
import './inspect.css';

export interface RegressionScatterProps {
  actual: ArrayLike<number>;
  predicted: ArrayLike<number>;
  /** Name (and unit) of the target, e.g. "price (k$)"; used in the axis captions. */
  targetName: string;
  height?: number;
}

const Y_WIDTH = 56;
function legendOf(c: ChartTokens): LegendItem[] {
  return [
    { label: 'samples', color: c.blue, kind: 'dot' },
    { label: 'y = x (perfect prediction)', color: c.caption, kind: 'dashed' },
  ];
}

/** Point opacity that keeps dense clouds readable. */
function pointAlpha(n: number): number {
  return n <= 500 ? 0.7 : n <= 2000 ? 0.45 : n <= 20_000 ? 0.25 : 0.12;
}

const PAD = { left: Y_WIDTH + 8, right: 16, top: 24, bottom: 36 };

function CanvasScatter({ xs, ys, scale, targetName, height }: { xs: Float64Array; ys: Float64Array; scale: NiceScale; targetName: string; height: number }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef);
  const [hover, setHover] = useState<number>(-1);
  const theme = useThemeTokens();
  const frame = useMemo<Frame>(() => ({ left: PAD.left, right: Math.max(PAD.left + 10, width - PAD.right), top: PAD.top, bottom: height - PAD.bottom }), [width, height]);
  const axes = useMemo(
    () => ({ frame, x: scale, y: scale, xLabel: `actual ${targetName}`, yLabel: `predicted ${targetName}`, formatX: formatValue, formatY: formatValue }),
    [frame, scale, targetName],
  );
  // Pixel positions, recomputed on resize only; hover search runs over these.
  const px = useMemo(() => {
    const { sx, sy } = scales(axes);
    return { x: xs.map(sx), y: ys.map(sy) };
  }, [axes, xs, ys]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D) => {
      const c = theme.chart;
      const [POINT, IDENTITY] = [c.blue, c.caption];
      drawAxes(ctx, axes, undefined, theme);
      const { left, right, top, bottom } = frame;
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, right - left, bottom - top);
      ctx.clip();
      ctx.fillStyle = rgba(POINT, pointAlpha(xs.length));
      const r = xs.length > 20_000 ? 1.2 : 1.8;
      for (let i = 0; i < px.x.length; i++) {
        ctx.beginPath();
        ctx.arc(px.x[i], px.y[i], r, 0, Math.PI * 2);
        ctx.fill();
      }
      const { sx, sy } = scales(axes);
      const [lo, hi] = scale.domain;
      ctx.strokeStyle = IDENTITY;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(sx(lo), sy(lo));
      ctx.lineTo(sx(hi), sy(hi));
      ctx.stroke();
      ctx.setLineDash([]);
      if (hover >= 0) {
        ctx.fillStyle = c.vermillion;
        ctx.beginPath();
        ctx.arc(px.x[hover], px.y[hover], 4, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.restore();
      // Legend, top left.
      ctx.font = FONT;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      let lx = left;
      for (const item of legendOf(c)) {
        if (item.kind === 'dot') {
          ctx.fillStyle = item.color;
          ctx.beginPath();
          ctx.arc(lx + 7, 10, 3, 0, Math.PI * 2);
          ctx.fill();
        } else {
          ctx.strokeStyle = item.color;
          ctx.setLineDash([4, 2]);
          ctx.beginPath();
          ctx.moveTo(lx, 10.5);
          ctx.lineTo(lx + 14, 10.5);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        ctx.fillStyle = c.caption;
        ctx.fillText(item.label, lx + 18, 10);
        lx += 32 + ctx.measureText(item.label).width;
      }
      if (hover >= 0) {
        drawReadout(ctx, frame, px.x[hover], px.y[hover], [
          `actual ${formatValue(xs[hover])}`,
          `predicted ${formatValue(ys[hover])}`,
          `residual ${formatValue(ys[hover] - xs[hover])}`,
        ], theme);
      }
    },
    [axes, frame, px, xs, ys, scale, hover, theme],
  );
  useCanvasDraw(canvasRef, width, height, draw);

  return (
    <div ref={wrapRef} style={{ width: '100%', height }}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`predicted vs actual ${targetName}, ${formatCount(xs.length)} samples`}
        style={{ width: '100%', height, display: 'block' }}
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setHover(nearestPoint(px.x, px.y, e.clientX - r.left, e.clientY - r.top, 12));
        }}
        onMouseLeave={() => setHover(-1)}
      />
    </div>
  );
}

/**
 * Predicted against actual values with the identity line; both axes share one range so the line runs at 45°. Drawn
 * on a canvas whatever the number of points: it re-renders after every epoch while training.
 */
export function RegressionScatter({ actual, predicted, targetName, height = 320 }: RegressionScatterProps) {
  const { xs, ys } = useMemo(() => finitePairs(actual, predicted), [actual, predicted]);
  const scale = useMemo(() => {
    const ext = finiteExtent(xs, ys);
    return ext ? niceScale(ext[0], ext[1], 8) : niceScale(0, 1);
  }, [xs, ys]);
  const summary = useMemo(() => regressionSummary(xs, ys), [xs, ys]);
  // Plot area about square: width = plot height + the y axis and margins.
  const maxWidth = height - 36 - 28 + Y_WIDTH + 24;
  return (
    <div className="ts-chart ts-insp" data-testid="regression-scatter" data-points={xs.length}>
      <div className="ts-insp-note">
        {summary ? (
          <>
            n = {formatCount(summary.n)} · RMSE {formatValue(summary.rmse)} · MAE {formatValue(summary.mae)}
            {Number.isFinite(summary.r2) && <> · R² {summary.r2.toFixed(3)}</>}
          </>
        ) : (
          '\u00a0'
        )}
      </div>
      {xs.length === 0 ? (
        <ChartEmpty message="No predictions yet — evaluate the model" height={height} />
      ) : (
        <>
          <div className="ts-insp-square" style={{ maxWidth, margin: '0 auto' }}>
            <CanvasScatter xs={xs} ys={ys} scale={scale} targetName={targetName} height={height} />
          </div>
        </>
      )}
    </div>
  );
}
