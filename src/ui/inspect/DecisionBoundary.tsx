import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Dataset } from '../../core/types';
import { categoricalColors } from '../../app/themeTokens';
import { drawBoundary, planeAt, unsureShare, type BoundaryPoints } from '../../charts/boundary';
import { useElementWidth } from '../../charts/useElementWidth';
import { useThemeTokens } from '../../charts/useThemeColors';
import { useStudio } from '../../store/context';
import { boundaryDims, cellAt, defaultFeatures, type BoundaryGrid } from '../../training/boundaryGrid';
import { Panel } from '../Panel';
import './boundary.css';

/**
 * Data with two or more numeric inputs (the synthetic sets, a table): the model's prediction over a plane of two
 * features as a heat map under the training points, redrawn whenever the engine sends a new grid (throttled there),
 * with the model's uncertainty (entropy) as a hatched layer that can be switched off. Wider tables pick the two
 * features; the engine holds the others at their means.
 */
export function DecisionBoundary() {
  const ds = useStudio((s) => s.dataset.data);
  if (!ds || !boundaryDims(ds)) return null;
  return (
    <Panel title="Decision boundary" testId="boundary-panel">
      <BoundaryView key={ds.fingerprint} ds={ds} />
    </Panel>
  );
}

/** Two selects (across, up) over the table's features; picking the other axis's feature swaps them. */
function FeaturePicker({ names, value, onChange }: { names: readonly string[]; value: [number, number]; onChange: (v: [number, number]) => void }) {
  const pick = (axis: 0 | 1, f: number) => {
    const next: [number, number] = [...value];
    if (next[1 - axis] === f) next[1 - axis] = next[axis];
    next[axis] = f;
    onChange(next);
  };
  const select = (axis: 0 | 1, label: string) => (
    <label className="ts-field ts-inline ts-small">
      <span>{label}</span>
      <select value={value[axis]} onChange={(e) => pick(axis, Number(e.target.value))} data-testid={`boundary-feature-${axis === 0 ? 'x' : 'y'}`}>
        {names.map((n, i) => (
          <option key={i} value={i}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="ts-boundary-features" role="group" aria-label="Features on the axes">
      {select(0, 'Across')}
      {select(1, 'Up')}
    </div>
  );
}

/** What the model says at one point of the plane, in words. */
function readout(grid: BoundaryGrid, ds: Dataset, x: number, y: number, names: [string, string]): string | null {
  const i = cellAt(grid, x, y);
  if (i === null) return null;
  const at = `${names[0]} ${fmt(x)}, ${names[1]} ${fmt(y)}`;
  if (grid.task === 'regression') return `${at}: predicted ${ds.targetName} ${fmt(grid.value[i])}`;
  const cls = ds.classNames[grid.label[i]] ?? `class ${grid.label[i]}`;
  return `${at}: ${cls}, ${Math.round((grid.confidence[i] / 255) * 100)}% sure, uncertainty ${Math.round((grid.uncertainty[i] / 255) * 100)}% of the maximum`;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toFixed(2)));
}

function BoundaryView({ ds }: { ds: Dataset }) {
  const grid = useStudio((s) => s.run.boundary ?? null);
  const setBoundaryFeatures = useStudio((s) => s.setBoundaryFeatures);
  const dims = boundaryDims(ds);
  const [asked, setAsked] = useState<[number, number]>(() => defaultFeatures(ds.x, dims));
  const shown = grid?.features ?? asked;
  const pending = grid !== null && (shown[0] !== asked[0] || shown[1] !== asked[1]);
  const names: [string, string] = [ds.featureNames[shown[0]] ?? `x${shown[0] + 1}`, ds.featureNames[shown[1]] ?? `x${shown[1] + 1}`];
  const [hover, setHover] = useState<string | null>(null);
  const split = useStudio((s) => s.run.split);
  const status = useStudio((s) => s.run.status);
  const theme = useThemeTokens();
  const [showUncertainty, setShowUncertainty] = useState(true);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scratch = useRef<{ cells: HTMLCanvasElement; shade: HTMLCanvasElement } | null>(null);
  const available = useElementWidth(wrap);
  // A square plot (both inputs on one scale), at most 400 px a side; the legend sits beside it when there is room.
  const side = Math.max(0, Math.min(available - 52, 400));
  const width = available > 0 ? side + 52 : 0;
  const height = available > 0 ? side + 42 : 0;
  const toggleId = useId();
  const classification = ds.task === 'classification';

  const points = useMemo<BoundaryPoints>(() => ({ x: ds.x, dims, y: classification ? ds.y : null, count: ds.count, indices: split?.train ?? null }), [ds, dims, split, classification]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !grid || width <= 0) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    scratch.current ??= { cells: document.createElement('canvas'), shade: document.createElement('canvas') };
    drawBoundary(ctx, { grid, points, xLabel: names[0], yLabel: names[1], showUncertainty, theme, width, height }, scratch.current);
    // names follow grid.features, so grid stands for them.
  }, [grid, points, showUncertainty, theme, width, height]);

  const colors = categoricalColors(theme.chart);
  const live = status === 'running' || status === 'starting';
  return (
    <div className="ts-boundary" ref={wrap}>
      <div className="ts-boundary-bar">
        <p className="ts-muted ts-small" data-testid="boundary-caption" aria-live="off">
          {grid
            ? `${live ? 'Live · ' : ''}epoch ${formatEpoch(grid.epoch)} · ${grid.size}×${grid.size} grid · ${grid.computeMs < 10 ? grid.computeMs.toFixed(1) : Math.round(grid.computeMs)} ms in the engine${classification ? ` · unsure on ${Math.round(unsureShare(grid) * 100)}% of the plane` : ''}${pending ? ' · drawing the new plane…' : ''}`
            : 'Train a model to see how it divides the plane; the map updates while it learns.'}
          {dims > 2 ? `${grid ? '. ' : ' '}The other ${dims - 2} features are held at their means over the data.` : ''}
        </p>
        {dims > 2 ? (
          <FeaturePicker
            names={Array.from({ length: dims }, (_, i) => ds.featureNames[i] ?? `x${i + 1}`)}
            value={asked}
            onChange={(v) => {
              setAsked(v);
              setBoundaryFeatures(v);
            }}
          />
        ) : null}
        {classification ? (
          <label className="ts-boundary-toggle" htmlFor={toggleId}>
            <input id={toggleId} type="checkbox" checked={showUncertainty} onChange={(e) => setShowUncertainty(e.target.checked)} data-testid="boundary-uncertainty" />
            Show uncertainty
          </label>
        ) : null}
      </div>
      <p className="ts-boundary-readout ts-small ts-mono" data-testid="boundary-readout" aria-live="off">
        {grid ? (hover ?? 'Point at the map to read the prediction there.') : ''}
      </p>
      <div className="ts-boundary-body">
      {grid ? (
        <canvas
          ref={canvas}
          style={{ width, height }}
          data-testid="boundary-canvas"
          data-epoch={grid.epoch}
          data-features={shown.join(',')}
          role="img"
          aria-label={`Decision boundary over ${names[0]} and ${names[1]} after epoch ${formatEpoch(grid.epoch)}${showUncertainty && classification ? ', with uncertain regions hatched' : ''}`}
          onMouseMove={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const at = planeAt(grid, width, height, e.clientX - r.left, e.clientY - r.top);
            setHover(at ? readout(grid, ds, at.x, at.y, names) : null);
          }}
          onMouseLeave={() => setHover(null)}
        />
      ) : (
        <div className="ts-chart-empty" style={{ height: Math.max(120, height * 0.5) }}>
          No boundary yet
        </div>
      )}
      {grid ? (
        <ul className="ts-boundary-legend" aria-label="Legend">
          {classification ? (
            <>
              {ds.classNames.slice(0, 8).map((name, k) => (
                <li key={name}>
                  <span className="ts-boundary-swatch" style={{ background: colors[k % colors.length] }} aria-hidden="true" />
                  {name}
                </li>
              ))}
              <li className="ts-boundary-legend-note">Region colour: the predicted class, stronger where the model is more confident.</li>
              {showUncertainty ? (
                <li>
                  <span className="ts-boundary-swatch ts-boundary-swatch-hatch" aria-hidden="true" />
                  Hatched grey: unsure (entropy of the prediction; darker is closer to a coin toss)
                </li>
              ) : null}
              <li>
                <span className="ts-boundary-swatch ts-boundary-swatch-dot" style={{ background: colors[0] }} aria-hidden="true" />
                Dots: training examples, coloured by their true class
              </li>
            </>
          ) : (
            <>
              <li>
                <span className="ts-boundary-swatch ts-boundary-swatch-ramp" aria-hidden="true" />
                predicted {ds.targetName}: low → high
              </li>
              <li>dots = training examples</li>
            </>
          )}
        </ul>
      ) : null}
      </div>
    </div>
  );
}

function formatEpoch(e: number): string {
  return Number.isInteger(e) ? String(e) : e.toFixed(1);
}
