/**
 * Saving a chart as PNG, SVG or CSV. The string helpers (CSV, style declarations, namespaces,
 * file names) are pure and unit-tested; the DOM parts (serialising, rasterising, downloading)
 * run in the browser only.
 */
import { csvCell, csvLine } from '../../core/csvCell';

// ---------------------------------------------------------------- CSV

/** Up to 6 significant digits, no trailing zeros, no exponent noise: 0.1234567 → "0.123457". Non-finite → "". */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  const n = Number(v.toPrecision(6));
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * One field, through the shared csvCell (core/csvCell.ts): RFC 4180 quoting, and text that a spreadsheet would run
 * as a formula (= + - @ tab CR first) gets a leading ' (CSV injection). Numbers stay numbers (csvNumber).
 */
export function csvField(value: string | number | null | undefined): string {
  return csvCell(value, csvNumber);
}

/** Header line then one line per row, CRLF-separated and CRLF-terminated (RFC 4180). null → empty field. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((r) => csvLine(r, csvNumber));
  return lines.map((l) => `${l}\r\n`).join('');
}

// ---------------------------------------------------------------- file names

/** "Reliability: test set" → "Reliability-test-set"; the extension is added by the caller. */
export function safeFileName(name: string, fallback = 'chart'): string {
  const base = name
    .trim()
    .replace(/\.(png|svg|csv)$/i, '')
    .replace(/[\\/:*?"<>|\s]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return base.length > 0 ? base : fallback;
}

// ---------------------------------------------------------------- SVG styles

/**
 * The presentation properties copied from computed styles into `style` attributes, so an SVG
 * drawn with CSS classes (recharts axis text, our theme rules, CSS variables) renders the same
 * when opened on its own. Listed with the value that needs no declaration.
 */
export const SVG_STYLE_PROPERTIES: readonly (readonly [name: string, skipValue: string | null])[] = [
  ['fill', null],
  ['fill-opacity', '1'],
  ['stroke', null],
  ['stroke-width', null],
  ['stroke-opacity', '1'],
  ['stroke-dasharray', 'none'],
  ['stroke-linecap', 'butt'],
  ['stroke-linejoin', 'miter'],
  ['opacity', '1'],
  ['font-family', null],
  ['font-size', null],
  ['font-weight', '400'],
  ['font-style', 'normal'],
  ['text-anchor', 'start'],
  ['dominant-baseline', 'auto'],
  ['visibility', 'visible'],
  ['display', null],
];

/** Only what a CSSStyleDeclaration offers here, so tests can pass a plain object. */
export interface StyleSource {
  getPropertyValue(name: string): string;
}

/** "fill: #000; stroke: none" from a computed style, skipping empty and default values. */
export function styleDeclarations(style: StyleSource, props = SVG_STYLE_PROPERTIES): string {
  const out: string[] = [];
  for (const [name, skip] of props) {
    const value = style.getPropertyValue(name).trim();
    if (value === '' || value === skip) continue;
    // display: inline is the SVG default; "none" must survive so hidden parts stay hidden.
    if (name === 'display' && value !== 'none') continue;
    out.push(`${name}: ${value}`);
  }
  return out.join('; ');
}

/** The part of an Element that style inlining walks; plain objects in tests. */
export interface StylableNode {
  readonly children: ArrayLike<StylableNode>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  /** An element's CSSOM declaration; absent on the plain objects of the tests. */
  readonly style?: { cssText: string };
}

/**
 * Sets a node's inline style through the CSSOM when it has one: the built app's Content-Security-Policy has no
 * 'unsafe-inline' for styles, which blocks style attributes set with setAttribute, not the CSSOM.
 */
function setInlineStyle(node: StylableNode, value: string): void {
  if (node.style) node.style.cssText = value;
  else node.setAttribute('style', value);
}

/**
 * Walks `source` (the live, styled element) and `clone` (its deep copy) in step and writes each
 * source node's computed presentation styles onto the clone's `style` attribute, keeping any
 * inline style the clone already has after them (inline wins, as in the page).
 */
export function inlineStyles(source: StylableNode, clone: StylableNode, getStyle: (node: StylableNode) => StyleSource): void {
  const decl = styleDeclarations(getStyle(source));
  const own = clone.getAttribute('style');
  const merged = [decl, own?.trim().replace(/;$/, '')].filter((s) => s !== undefined && s !== '').join('; ');
  if (merged !== '') setInlineStyle(clone, merged);
  const n = Math.min(source.children.length, clone.children.length);
  for (let i = 0; i < n; i++) inlineStyles(source.children[i], clone.children[i], getStyle);
}

/** A style attribute without the named properties: "width: 100%; fill: red" less width → "fill: red". */
export function dropStyleProperties(style: string, names: readonly string[]): string {
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !names.includes(d.slice(0, d.indexOf(':')).trim().toLowerCase()))
    .join('; ');
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Adds xmlns (and xmlns:xlink where xlink: is used) to the root <svg> tag, plus an XML prolog. */
export function withSvgNamespaces(markup: string): string {
  const body = markup.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  const m = /<svg\b[^>]*>/.exec(body);
  if (!m) return body;
  let tag = m[0];
  if (!/\sxmlns=/.test(tag)) tag = tag.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
  if (/\bxlink:/.test(body) && !/\sxmlns:xlink=/.test(tag)) tag = tag.replace(/^<svg/, `<svg xmlns:xlink="${XLINK_NS}"`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.slice(0, m.index)}${tag}${body.slice(m.index + m[0].length)}`;
}

// ---------------------------------------------------------------- DOM: finding, serialising, rasterising

function isChartSvg(s: SVGSVGElement): boolean {
  // Legend icons and tooltip decorations are not part of the chart; nested <svg>s come with their parent.
  return !s.closest('.recharts-legend-wrapper, .recharts-tooltip-wrapper') && !(s.parentElement && s.parentElement.closest('svg'));
}

/** The chart's SVG: the first <svg> that is not a legend icon or tooltip decoration. */
export function findChartSvg(root: HTMLElement): SVGSVGElement | null {
  return findChartSvgs(root)[0] ?? null;
}

/** Every top-level chart <svg> in `root`, in document order (a chart with a strip below, small multiples). */
export function findChartSvgs(root: HTMLElement | SVGSVGElement): SVGSVGElement[] {
  if (root instanceof SVGSVGElement) return [root];
  return Array.from(root.querySelectorAll('svg')).filter((s) => isChartSvg(s) && s.getBoundingClientRect().width > 0);
}

export function findCanvases(root: HTMLElement): HTMLCanvasElement[] {
  if (root instanceof HTMLCanvasElement) return [root];
  return Array.from(root.querySelectorAll('canvas')).filter((c) => c.width > 0 && c.height > 0);
}

/** A deep copy of `svg` with computed styles inlined and its on-screen size fixed. */
function standaloneClone(svg: SVGSVGElement): { clone: SVGSVGElement; width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width || Number(svg.getAttribute('width')) || 300));
  const height = Math.max(1, Math.round(rect.height || Number(svg.getAttribute('height')) || 150));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, (node) => getComputedStyle(node as Element));
  // recharts sizes its surface with style="width: 100%"; that would stretch a nested copy.
  setInlineStyle(clone, dropStyleProperties(clone.getAttribute('style') ?? '', ['width', 'height']));
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // Interaction-only layers (tooltip cursor, hover dots) are dropped; the data stays.
  clone.querySelectorAll('.recharts-tooltip-cursor, .recharts-active-dot').forEach((n) => n.remove());
  return { clone, width, height };
}

/**
 * The panel colour of the theme showing (so a chart saved in the dark theme keeps its light text readable), white
 * where there is no theme (tests, a detached document).
 */
export function pageBackground(): string {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return '#ffffff';
  return getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#ffffff';
}

function backgroundRect(fill: string): SVGRectElement {
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', fill);
  return bg;
}

/**
 * Standalone SVG markup of the given chart SVGs: computed styles inlined, sizes fixed, the panel colour
 * background, namespaces. One SVG is serialised as is; several (a plot with a strip below,
 * small multiples) are nested in one SVG at their on-screen positions.
 */
export function serializeSvgs(svgs: readonly SVGSVGElement[], background = pageBackground()): { markup: string; width: number; height: number } {
  if (svgs.length === 1) {
    const { clone, width, height } = standaloneClone(svgs[0]);
    clone.insertBefore(backgroundRect(background), clone.firstChild);
    return { markup: withSvgNamespaces(new XMLSerializer().serializeToString(clone)), width, height };
  }
  const rects = svgs.map((s) => s.getBoundingClientRect());
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const width = Math.max(1, Math.round(Math.max(...rects.map((r) => r.right)) - left));
  const height = Math.max(1, Math.round(Math.max(...rects.map((r) => r.bottom)) - top));
  const outer = document.createElementNS(SVG_NS, 'svg');
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height));
  outer.setAttribute('viewBox', `0 0 ${width} ${height}`);
  outer.appendChild(backgroundRect(background));
  svgs.forEach((svg, i) => {
    const { clone } = standaloneClone(svg);
    clone.setAttribute('x', String(Math.round(rects[i].left - left)));
    clone.setAttribute('y', String(Math.round(rects[i].top - top)));
    outer.appendChild(clone);
  });
  return { markup: withSvgNamespaces(new XMLSerializer().serializeToString(outer)), width, height };
}

/** Standalone SVG markup of one chart SVG. */
export function serializeSvg(svg: SVGSVGElement, background = pageBackground()): { markup: string; width: number; height: number } {
  return serializeSvgs([svg], background);
}

/** Every canvas in `root` composited at its on-screen position onto one canvas (the panel colour behind), at `scale`×. */
export function compositeCanvases(root: HTMLElement, canvases: readonly HTMLCanvasElement[], scale = 2, background = pageBackground()): HTMLCanvasElement {
  const base = root.getBoundingClientRect();
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(base.width * scale));
  out.height = Math.max(1, Math.round(base.height * scale));
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('No 2-D canvas context');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const c of canvases) {
    const r = c.getBoundingClientRect();
    // Small images (feature maps, filters) are shown pixelated; keep them so.
    ctx.imageSmoothingEnabled = c.width >= r.width;
    ctx.drawImage(c, (r.left - base.left) * scale, (r.top - base.top) * scale, r.width * scale, r.height * scale);
  }
  return out;
}

function canvasToBlob(canvas: HTMLCanvasElement, type = 'image/png'): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Canvas could not be encoded'))), type);
  });
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('SVG could not be rasterised'));
    img.src = src;
  });
}

/** Rasterises standalone SVG markup at `scale`× on the panel colour. */
export async function svgToPngBlob(markup: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2-D canvas context');
  ctx.fillStyle = pageBackground();
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvasToBlob(canvas);
}

/** Saves a Blob under `name` through a temporary <a download>. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ChartExportError extends Error {}

/** PNG of the chart in `root`: its SVG(s) at 2×, or else its canvases composited at 2×. */
export async function chartPngBlob(root: HTMLElement): Promise<Blob> {
  const svgs = findChartSvgs(root);
  if (svgs.length > 0) {
    const { markup, width, height } = serializeSvgs(svgs);
    return svgToPngBlob(markup, width, height, 2);
  }
  const canvases = findCanvases(root);
  if (canvases.length === 0) throw new ChartExportError('Nothing drawn to export yet');
  if (canvases.length === 1 && root.contains(canvases[0]) && canvases[0].getBoundingClientRect().width > 0) {
    // A single plot canvas is already drawn at device resolution: composite it alone on the panel colour.
    const only = canvases[0];
    return canvasToBlob(compositeCanvases(only, [only], Math.max(1, only.width / Math.max(1, only.getBoundingClientRect().width))));
  }
  return canvasToBlob(compositeCanvases(root, canvases, 2));
}

/** SVG of the chart in `root`; a canvas chart becomes an SVG holding its pixels as an <image>. */
export async function chartSvgMarkup(root: HTMLElement): Promise<string> {
  const svgs = findChartSvgs(root);
  if (svgs.length > 0) return serializeSvgs(svgs).markup;
  const canvases = findCanvases(root);
  if (canvases.length === 0) throw new ChartExportError('Nothing drawn to export yet');
  const r = root.getBoundingClientRect();
  const w = Math.max(1, Math.round(r.width));
  const h = Math.max(1, Math.round(r.height));
  const png = compositeCanvases(root, canvases, 2).toDataURL('image/png');
  return withSvgNamespaces(
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><image width="${w}" height="${h}" href="${png}" style="image-rendering: pixelated"/></svg>`,
  );
}
