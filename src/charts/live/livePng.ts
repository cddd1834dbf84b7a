/** PNG of a live chart: its title and legend drawn above the uPlot canvas, on the panel colour (browser only). */
import type { ChartTokens } from '../../app/themeTokens';
import { formatY, type LivePlot } from './liveData';
import { withAlpha } from './liveOptions';

export function livePngBlob(source: HTMLCanvasElement, plot: LivePlot, palette: ChartTokens, title: string, background: string): Promise<Blob> {
  const scale = source.width / Math.max(1, source.getBoundingClientRect().width || source.width);
  const cssW = source.width / scale;
  const header = 26 + plot.series.length * 16;
  const out = document.createElement('canvas');
  out.width = Math.round(cssW * scale);
  out.height = Math.round((header + source.height / scale) * scale);
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('No 2-D canvas context'));
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, cssW, out.height / scale);
  ctx.fillStyle = palette['axis-text'];
  ctx.textBaseline = 'middle';
  ctx.font = '600 13px system-ui, sans-serif';
  ctx.fillText(title, 8, 12);
  ctx.font = '11px system-ui, sans-serif';
  plot.series.forEach((s, i) => {
    const y = 30 + i * 16;
    ctx.strokeStyle = withAlpha(s.color, s.alpha);
    ctx.lineWidth = 2.5;
    ctx.setLineDash(s.dash);
    ctx.beginPath();
    ctx.moveTo(8, y);
    ctx.lineTo(26, y);
    ctx.stroke();
    ctx.setLineDash([]);
    const st = s.stats;
    const stats = st.last === null ? '' : ` — last ${formatY(st.last, plot.yKind)} · min ${formatY(st.min ?? NaN, plot.yKind)} · max ${formatY(st.max ?? NaN, plot.yKind)}`;
    ctx.fillText(s.label + stats, 32, y);
  });
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(source, 0, Math.round(header * scale));
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('Canvas could not be encoded'))), 'image/png'));
}
