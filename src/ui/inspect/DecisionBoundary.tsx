import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Dataset } from '../../core/types';
import { categoricalColors } from '../../app/themeTokens';
import { drawBoundary, unsureShare, type BoundaryPoints } from '../../charts/boundary';
import { useElementWidth } from '../../charts/useElementWidth';
import { useThemeTokens } from '../../charts/useThemeColors';
import { useStudio } from '../../store/context';
import { isTwoDimensional } from '../../training/boundaryGrid';
import { Panel } from '../Panel';
import './boundary.css';

/**
 * Two-input data (the synthetic sets, a table with two feature columns): the model's prediction over the plane as a
 * heat map under the training points, redrawn whenever the engine sends a new grid (throttled there), with the
 * model's uncertainty (entropy) as a hatched layer that can be switched off.
 */
export function DecisionBoundary() {
  const ds = useStudio((s) => s.dataset.data);
  if (!ds || !isTwoDimensional(ds)) return null;
  return (
    <Panel title="Decision boundary" testId="boundary-panel">
      <BoundaryView ds={ds} />
    </Panel>
  );
}

function BoundaryView({ ds }: { ds: Dataset }) {
  const grid = useStudio((s) => s.run.boundary ?? null);
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

  const points = useMemo<BoundaryPoints>(() => ({ x: ds.x, y: classification ? ds.y : null, count: ds.count, indices: split?.train ?? null }), [ds, split, classification]);

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
    drawBoundary(ctx, { grid, points, xLabel: ds.featureNames[0] ?? 'x1', yLabel: ds.featureNames[1] ?? 'x2', showUncertainty, theme, width, height }, scratch.current);
  }, [grid, points, showUncertainty, theme, width, height, ds.featureNames]);

  const colors = categoricalColors(theme.chart);
  const live = status === 'running' || status === 'starting';
  return (
    <div className="ts-boundary" ref={wrap}>
      <div className="ts-boundary-bar">
        <p className="ts-muted ts-small" data-testid="boundary-caption" aria-live="off">
          {grid
            ? `${live ? 'Live · ' : ''}epoch ${formatEpoch(grid.epoch)} · ${grid.size}×${grid.size} grid · ${grid.computeMs < 10 ? grid.computeMs.toFixed(1) : Math.round(grid.computeMs)} ms in the engine${classification ? ` · unsure on ${Math.round(unsureShare(grid) * 100)}% of the plane` : ''}`
            : 'Train a model to see how it divides the plane; the map updates while it learns.'}
        </p>
        {classification ? (
          <label className="ts-boundary-toggle" htmlFor={toggleId}>
            <input id={toggleId} type="checkbox" checked={showUncertainty} onChange={(e) => setShowUncertainty(e.target.checked)} data-testid="boundary-uncertainty" />
            Show uncertainty
          </label>
        ) : null}
      </div>
      <div className="ts-boundary-body">
      {grid ? (
        <canvas
          ref={canvas}
          style={{ width, height }}
          data-testid="boundary-canvas"
          data-epoch={grid.epoch}
          role="img"
          aria-label={`Decision boundary over ${ds.featureNames[0] ?? 'x1'} and ${ds.featureNames[1] ?? 'x2'} after epoch ${formatEpoch(grid.epoch)}${showUncertainty && classification ? ', with uncertain regions hatched' : ''}`}
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
