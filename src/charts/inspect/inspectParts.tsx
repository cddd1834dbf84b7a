/** Pieces shared by the inspection charts: measuring, the in-SVG legend, tooltips, pixel canvases. */
import { useEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { legendLayout, type LegendItem, type PlacedLegendItem } from './inspectMath';
import { useChartColors } from '../useThemeColors';

export { useElementWidth } from '../useElementWidth';

let measureCtx: CanvasRenderingContext2D | null | undefined;

/** Width of 11 px legend text, measured on a canvas when there is a document. */
function measureLegendText(text: string): number {
  if (measureCtx === undefined) {
    measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (measureCtx) measureCtx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  }
  return measureCtx ? measureCtx.measureText(text).width : text.length * 6.1;
}

/** Legend rows for a chart `width` px wide, starting at the plot's left edge. */
export function useLegend(items: readonly LegendItem[], width: number, left: number) {
  return useMemo(() => legendLayout(items, width, left, measureLegendText), [items, width, left]);
}

function Swatch({ item }: { item: PlacedLegendItem }) {
  const { x, y, color } = item;
  switch (item.kind) {
    case 'line':
      return <line x1={x} x2={x + 14} y1={y} y2={y} stroke={color} strokeWidth={2} />;
    case 'dashed':
      return <line x1={x} x2={x + 14} y1={y} y2={y} stroke={color} strokeWidth={1.5} strokeDasharray="4 2" />;
    case 'dot':
      return <circle cx={x + 7} cy={y} r={3} fill={color} />;
    case 'whisker':
      return (
        <path d={`M${x + 7},${y - 5}V${y + 5}M${x + 4},${y - 5}H${x + 10}M${x + 4},${y + 5}H${x + 10}`} stroke={color} strokeWidth={1.5} fill="none" />
      );
    case 'thin-whisker':
      return (
        <path d={`M${x + 7},${y - 5}V${y + 5}M${x + 5.5},${y - 5}H${x + 8.5}M${x + 5.5},${y + 5}H${x + 8.5}`} stroke={color} strokeWidth={1} fill="none" />
      );
    case 'outline':
      return <rect x={x + 1} y={y - 5} width={12} height={10} fill="none" stroke={color} strokeWidth={2} />;
    case 'pale-box':
      return <rect x={x + 1} y={y - 5} width={12} height={10} fill={color} fillOpacity={0.3} stroke={color} />;
    case 'band':
      return <rect x={x} y={y - 5} width={14} height={10} fill={color} fillOpacity={0.25} />;
    default:
      return <rect x={x + 1} y={y - 5} width={12} height={10} fill={color} />;
  }
}

/**
 * The legend, drawn inside the chart's SVG (top left) so PNG/SVG exports keep it. Render it as a
 * child of a recharts chart whose top margin is the layout's height.
 */
export function SvgLegend({ items }: { items: readonly PlacedLegendItem[] }) {
  const c = useChartColors();
  return (
    <g className="ts-insp-svg-legend" fontSize={11}>
      {items.map((item) => (
        <g key={item.label}>
          <Swatch item={item} />
          <text x={item.x + 18} y={item.y} dominantBaseline="central" fill={c.caption}>
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Tooltip body shared by the inspection charts. */
export function TipBox({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="ts-insp-tip">
      <div className="ts-insp-tip-title">{title}</div>
      {children}
    </div>
  );
}

export function TipLine({ label, value, color }: { label: string; value: ReactNode; color?: string }) {
  return (
    <div className="ts-insp-tip-line">
      {color !== undefined && <span className="ts-insp-tip-swatch" style={{ background: color }} />}
      <span>{label}</span>
      <span className="ts-insp-tip-value">{value}</span>
    </div>
  );
}

/**
 * A small image drawn from an RGBA buffer, scaled up with crisp pixels. Reports the data pixel
 * under the pointer (row, col) so parents can show a hover readout.
 */
export function PixelCanvas({
  rgba,
  width,
  height,
  cssWidth,
  cssHeight,
  label,
  onHover,
}: {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  cssWidth: number;
  cssHeight: number;
  label: string;
  onHover?: (pixel: { row: number; col: number } | null) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rgba.length < width * height * 4) return;
    const image = ctx.createImageData(width, height);
    image.data.set(rgba.subarray(0, width * height * 4));
    ctx.putImageData(image, 0, 0);
  }, [rgba, width, height]);
  return (
    <canvas
      ref={ref}
      className="ts-insp-pixels"
      width={width}
      height={height}
      role="img"
      aria-label={label}
      title={label}
      style={{ width: cssWidth, height: cssHeight }}
      onMouseMove={
        onHover
          ? (e) => {
              const r = e.currentTarget.getBoundingClientRect();
              const col = Math.min(width - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * width)));
              const row = Math.min(height - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * height)));
              onHover({ row, col });
            }
          : undefined
      }
      onMouseLeave={onHover ? () => onHover(null) : undefined}
    />
  );
}

/** A canvas filling its container's width, redrawn by `draw` at device resolution whenever inputs change. */
export function useCanvasDraw(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  width: number,
  height: number,
  draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
): void {
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    draw(ctx, width, height);
  }, [canvasRef, width, height, draw]);
}
