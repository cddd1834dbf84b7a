import { lazy, Suspense, useId } from 'react';
import { formatBytes } from '../../runs/checkpointCodec';
import type { PruneCurvePoint } from '../../store/pruneTypes';
import './prune.css';

const PruneCharts = lazy(() => import('./PruneCharts').then((m) => ({ default: m.PruneCharts })));

export const PRUNE_TARGET_CHOICES = [0.5, 0.7, 0.8, 0.9, 0.95] as const;

export interface PruneOptionsView {
  targets: number[];
  scope: 'layer' | 'global';
  steps: number;
}

export interface PrunePanelViewProps {
  /** Why pruning cannot run now (no trained model, a run training …), or null. */
  blocked: string | null;
  options: PruneOptionsView;
  onOptions: (o: Partial<PruneOptionsView>) => void;
  status: 'idle' | 'running' | 'done' | 'error';
  progress: { done: number; total: number } | null;
  message: string | null;
  points: PruneCurvePoint[];
  /** The target whose weights the studio's model holds now (null: the model as trained). */
  inUse: number | null;
  metricLabel: string;
  percent: boolean;
  onRun: () => void;
  onStop: () => void;
  onUse: (target: number) => void;
}

const pct = (v: number, digits = 3) => `${Number((v * 100).toPrecision(digits))}%`;

/** Prune the trained model at several sparsities, see what each costs in accuracy and saves in size, and keep one. */
export function PrunePanelView(p: PrunePanelViewProps) {
  const id = useId();
  const running = p.status === 'running';
  const fmt = (v: number) => (p.percent ? `${(v * 100).toFixed(2)}%` : v.toPrecision(4));
  const toggle = (t: number) => p.onOptions({ targets: p.options.targets.includes(t) ? p.options.targets.filter((x) => x !== t) : [...p.options.targets, t].sort((a, b) => a - b) });
  return (
    <div className="ts-prune" data-testid="prune-panel" data-status={p.status}>
      <p className="ts-muted ts-small">
        Magnitude pruning as TensorFlow Model Optimization does it: the smallest weights of each Dense, Conv2D, recurrent or attention kernel are set to 0
        on a polynomial schedule while the model is fine-tuned briefly, and stay 0. Zeros shrink a model only once compressed, so sizes are gzip of the weights.
      </p>
      <fieldset className="ts-prune-targets" disabled={running}>
        <legend>Sparsity targets</legend>
        {PRUNE_TARGET_CHOICES.map((t) => (
          <label key={t} className="ts-inline">
            <input type="checkbox" checked={p.options.targets.includes(t)} onChange={() => toggle(t)} data-testid={`prune-target-${Math.round(t * 100)}`} /> {pct(t)}
          </label>
        ))}
      </fieldset>
      <div className="ts-prune-row">
        <label className="ts-field ts-inline" htmlFor={`${id}-scope`}>
          <span>Scope</span>
          <select id={`${id}-scope`} value={p.options.scope} disabled={running} onChange={(e) => p.onOptions({ scope: e.target.value as 'layer' | 'global' })} data-testid="prune-scope">
            <option value="layer">each layer to the target</option>
            <option value="global">one threshold over all layers</option>
          </select>
        </label>
        <label className="ts-field ts-inline" htmlFor={`${id}-steps`}>
          <span>Fine-tuning steps</span>
          <input id={`${id}-steps`} type="number" min={1} max={5000} step={10} value={p.options.steps} disabled={running} onChange={(e) => p.onOptions({ steps: Number(e.target.value) })} data-testid="prune-steps" />
        </label>
        {running ? (
          <>
            <span role="status" data-testid="prune-progress">
              Pruning… {p.progress ? `${p.progress.done} of ${p.progress.total} measured` : ''}
            </span>
            <button type="button" onClick={p.onStop} data-testid="prune-stop">
              Stop
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={p.blocked !== null || p.options.targets.length === 0} onClick={p.onRun} data-testid="prune-run">
            Prune and measure
          </button>
        )}
      </div>
      {p.blocked && <p className="ts-muted ts-small" data-testid="prune-blocked">{p.blocked}</p>}
      {p.message && (
        <p className={p.status === 'error' ? 'ts-alert' : 'ts-muted ts-small'} role={p.status === 'error' ? 'alert' : 'status'} data-testid="prune-message">
          {p.message}
        </p>
      )}
      {p.points.length > 0 && (
        <>
          <table className="ts-table ts-prune-table" data-testid="prune-table">
            <caption className="ts-visually-hidden">Pruned models: sparsity, {p.metricLabel}, sizes</caption>
            <thead>
              <tr>
                <th scope="col">Pruned</th>
                <th scope="col">{p.metricLabel}</th>
                <th scope="col">gzip float32</th>
                <th scope="col">gzip uint8</th>
                <th scope="col">Demo link</th>
                <th scope="col">
                  <span className="ts-visually-hidden">Model</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.points.map((pt) => (
                <tr key={pt.target} data-target={pt.target} data-metric={pt.metric}>
                  <td className="num">{pt.target === 0 ? 'none (as trained)' : pct(pt.reached)}</td>
                  <td className="num">
                    {fmt(pt.metric)}
                    {pt.interval && <span className="ts-muted"> ({fmt(pt.interval[0])}–{fmt(pt.interval[1])})</span>}
                  </td>
                  <td className="num">{formatBytes(pt.sizes.float32Gzip)}</td>
                  <td className="num">{formatBytes(pt.sizes.uint8Gzip)}</td>
                  <td className="num" data-testid="prune-link">
                    {pt.sizes.demoLinkChars === null ? '—' : `${Math.round(pt.sizes.demoLinkChars / 1000).toLocaleString('en-US')}k chars`}
                    {pt.sizes.demoLinkChars === null ? null : pt.sizes.demoLinkFits ? <span className="ts-muted"> · fits</span> : <span className="ts-muted"> · too long</span>}
                  </td>
                  <td>
                    {(p.inUse ?? 0) === pt.target ? (
                      <span className="ts-muted" data-testid="prune-in-use">in use</span>
                    ) : (
                      <button type="button" disabled={running} onClick={() => p.onUse(pt.target)} data-testid={`prune-use-${Math.round(pt.target * 100)}`} aria-label={`Use the model ${pt.target === 0 ? 'as trained' : `pruned to ${pct(pt.reached)}`}`}>
                        Use
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="ts-muted ts-small">Intervals: 95 % Wilson interval on the {p.points[0].testCount.toLocaleString('en-US')} test items. Demo link: the length of the Share link that would carry those weights (uint8 codes, deflated; a link holds at most 200,000 characters). "Use" makes that model the studio's: evaluate it, draw on it, export it or share it as a demo link.</p>
          <Suspense fallback={<p className="ts-muted">Loading charts…</p>}>
            <PruneCharts points={p.points} metricLabel={p.metricLabel} percent={p.percent} />
          </Suspense>
        </>
      )}
    </div>
  );
}
