import { isBusy } from '../../store/runLifecycle';
import { useMemo, useState } from 'react';
import { KNOBS, knobInfo, parseKnobValues, sweepConfigs, type KnobId, type SweepAxis, type SweepDef } from '../../models/sweep';
import { useStudio } from '../../store/context';
import type { SweepResult } from '../../store/types';
import { formatDuration } from '../../training/metrics';
import { Panel } from '../Panel';
import { formatTaskMetric, metricName } from '../taskMetric';
import { sweepParallel } from '../../runs/parallelCoords';
import { ParallelCoords } from './ParallelCoords';
import { SweepChart } from './SweepChart';

const DEFAULT_VALUES: Record<KnobId, string> = {
  learningRate: '0.1, 0.01, 0.001, 0.0001',
  batchSize: '16, 32, 64, 128',
  epochs: '1, 2, 4',
  l1: '0, 0.0001, 0.001',
  l2: '0, 0.0001, 0.001',
  optimizer: 'sgd, momentum, adam, rmsprop',
  seed: '1, 2, 3',
  hiddenUnits: '32, 64, 128, 256',
  dropoutRate: '0, 0.2, 0.5',
};

type SortKey = 'index' | 'valMetric' | 'testMetric' | 'valLoss' | 'ms';

function KnobRow({ label, knob, text, onKnob, onText, optional }: { label: string; knob: KnobId | ''; text: string; onKnob: (k: KnobId | '') => void; onText: (t: string) => void; optional?: boolean }) {
  return (
    <div className="ts-grid-fields">
      <label className="ts-field">
        <span>{label}</span>
        <select value={knob} onChange={(e) => onKnob(e.target.value as KnobId | '')} data-testid={`sweep-knob-${optional ? 2 : 1}`}>
          {optional ? <option value="">none</option> : null}
          {KNOBS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {knob ? (
        <label className="ts-field">
          <span>Values</span>
          <input value={text} onChange={(e) => onText(e.target.value)} data-testid={`sweep-values-${optional ? 2 : 1}`} />
        </label>
      ) : null}
    </div>
  );
}

export function SweepPanel() {
  const sweep = useStudio((s) => s.sweep);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  const start = useStudio((s) => s.startSweep);
  const stop = useStudio((s) => s.stopSweep);
  const busy = useStudio((s) => isBusy(s.run.status));
  const [k1, setK1] = useState<KnobId>('learningRate');
  const [t1, setT1] = useState(DEFAULT_VALUES.learningRate);
  const [k2, setK2] = useState<KnobId | ''>('');
  const [t2, setT2] = useState('');
  const [mode, setMode] = useState<'grid' | 'random'>('grid');
  const [samples, setSamples] = useState(8);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'index', desc: false });

  const parsed = useMemo((): { def: SweepDef } | { error: string } => {
    const axes: SweepAxis[] = [];
    for (const [k, t] of [[k1, t1], [k2, t2]] as const) {
      if (!k) continue;
      const r = parseKnobValues(k, t);
      if ('error' in r) return { error: r.error };
      if (mode === 'random' && knobInfo(k).numeric && r.values.length !== 2) return { error: `Random search draws from a range: give the ${knobInfo(k).label} as "min, max".` };
      axes.push({ knob: k, values: r.values });
    }
    if (k2 && k1 === k2) return { error: 'Pick two different knobs.' };
    const def: SweepDef = { mode, axes, samples, seed: 1 };
    const n = sweepConfigs(def).length;
    if (n > 64) return { error: `That is ${n} runs; keep a sweep to 64 at most.` };
    return { def };
  }, [k1, t1, k2, t2, mode, samples]);

  const count = 'def' in parsed ? sweepConfigs(parsed.def).length : 0;
  const knobs = (sweep.def?.axes ?? []).map((a) => a.knob);
  const better = task === 'classification' ? 1 : -1;
  const best = sweep.results.filter((r) => r.valMetric != null).sort((a, b) => better * ((b.valMetric as number) - (a.valMetric as number)))[0];
  const rows = [...sweep.results].sort((a, b) => {
    const va = a[sort.key] ?? -Infinity;
    const vb = b[sort.key] ?? -Infinity;
    return (sort.desc ? -1 : 1) * ((va as number) - (vb as number));
  });
  const header = (key: SortKey, text: string) => (
    <th className="num" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="ts-sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : true }))}>
        {text} {sort.key === key ? (sort.desc ? '▼' : '▲') : ''}
      </button>
    </th>
  );
  const running = sweep.status === 'running';
  const stored = useStudio((s) => s.history.runs);
  const parallel = useMemo(() => {
    const names = new Map(stored.map((r) => [r.id, r.name]));
    const swept = (sweep.def?.axes ?? []).map((a) => a.knob);
    return sweepParallel(sweep.results, swept, task, (id, i) => (id && names.get(id)) || `configuration ${i + 1}`);
  }, [sweep.results, sweep.def, task, stored]);

  return (
    <Panel title="Hyperparameter sweep" testId="sweep-panel">
      <p className="ts-small ts-muted">Runs the current model once per configuration, one after another, and compares their final validation scores.</p>
      <KnobRow label="Knob" knob={k1} text={t1} onKnob={(k) => { if (k) { setK1(k); setT1(DEFAULT_VALUES[k]); } }} onText={setT1} />
      <KnobRow label="Second knob" knob={k2} text={t2} optional onKnob={(k) => { setK2(k); if (k) setT2(DEFAULT_VALUES[k]); }} onText={setT2} />
      <div className="ts-grid-fields">
        <label className="ts-field">
          <span>Search</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'grid' | 'random')}>
            <option value="grid">grid: every combination</option>
            <option value="random">random: draws from each range</option>
          </select>
        </label>
        {mode === 'random' ? (
          <label className="ts-field">
            <span>Draws</span>
            <input type="number" min={1} max={64} value={samples} onChange={(e) => setSamples(Math.max(1, Math.min(64, Math.trunc(Number(e.target.value)) || 1)))} />
          </label>
        ) : null}
      </div>
      {'error' in parsed ? <p className="ts-field-error" role="alert">{parsed.error}</p> : null}
      <div className="ts-buttons">
        {running ? (
          <button type="button" onClick={stop} data-testid="sweep-stop">
            Stop sweep
          </button>
        ) : (
          <button type="button" className="primary" data-testid="sweep-start" disabled={busy || !('def' in parsed)} onClick={() => 'def' in parsed && start(parsed.def)}>
            Run {count} configuration{count === 1 ? '' : 's'}
          </button>
        )}
        <span className="ts-run-status" data-testid="sweep-status">
          {sweep.status === 'idle' ? '' : `${sweep.status}${running ? ` · ${sweep.current + 1}/${sweep.results.length}` : ''}`}
        </span>
      </div>
      {sweep.results.length ? (
        <>
          {best ? (
            <p className="ts-small" data-testid="sweep-best">
              Best so far: {Object.entries(best.config).map(([k, v]) => `${knobInfo(k as KnobId).label} ${v}`).join(', ')} — validation {metricName(task)} {formatTaskMetric(task, best.valMetric)}
            </p>
          ) : null}
          <SweepChart results={sweep.results} knobs={knobs} metricLabel={`final validation ${metricName(task)}`} percent={task === 'classification'} />
          {parallel.runs.length ? (
            <ParallelCoords title="Hyperparameters → final score" axes={parallel.axes} runs={parallel.runs} higherIsBetter={task === 'classification'} fileName="sweep-parallel-coordinates" testId="sweep-parallel" />
          ) : null}
          <table className="ts-table" data-testid="sweep-table">
            <thead>
              <tr>
                {header('index', '#')}
                {knobs.map((k) => (
                  <th key={k}>{knobInfo(k).label}</th>
                ))}
                {header('valMetric', `val ${metricName(task)}`)}
                {header('valLoss', 'val loss')}
                {header('testMetric', `test ${metricName(task)}`)}
                {header('ms', 'time')}
                <th>status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r: SweepResult) => (
                <tr key={r.index} className={r === best ? 'ts-row-best' : undefined}>
                  <td className="num">{r.index + 1}</td>
                  {knobs.map((k) => (
                    <td key={k}>{String(r.config[k])}</td>
                  ))}
                  <td className="num">{formatTaskMetric(task, r.valMetric)}</td>
                  <td className="num">{r.valLoss == null ? '—' : r.valLoss.toFixed(4)}</td>
                  <td className="num">{formatTaskMetric(task, r.testMetric)}</td>
                  <td className="num">{r.ms ? formatDuration(r.ms) : '—'}</td>
                  <td title={r.error}>{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Panel>
  );
}
