import { useId, useMemo, useState } from 'react';
import { mixHex } from '../../charts/color';
import { toCsv } from '../../charts/inspect/exportChart';
import { contrastRatio } from '../../app/themeTokens';
import { useThemeTokens } from '../../charts/useThemeColors';
import { parallelLayout, type PcAxisDef, type PcLine, type PcRun } from '../../runs/parallelCoords';
import { ExportableCard } from '../inspect/ExportableCard';
import './parallel.css';

const AXIS_GAP = 120;
const HEIGHT = 250;
const MARGIN = { top: 44, right: 48, bottom: 24, left: 48 };

/** An axis title in up to two lines of about 16 characters (long knob names stay readable at 120 px apart). */
function titleLines(label: string): string[] {
  if (label.length <= 16) return [label];
  const words = label.split(' ');
  let first = '';
  while (words.length && (first + ' ' + words[0]).trim().length <= 16) first = `${first} ${words.shift()}`.trim();
  const rest = words.join(' ');
  return [first || label.slice(0, 16), rest.length > 18 ? `${rest.slice(0, 17)}…` : rest].filter(Boolean);
}

const describe = (line: PcLine, axes: PcAxisDef[]) => `${line.name}: ${axes.map((a, i) => `${a.label} ${line.labels[i]}`).join(', ')}`;

/**
 * Parallel coordinates: an axis per hyperparameter and final score, a line per run coloured from worse (pale) to better
 * (deep) on the last axis. Hovering a line, or focusing its entry in the list under the chart, highlights it and shows its values.
 */
export function ParallelCoords({ title, axes, runs, higherIsBetter, fileName, testId = 'parallel-coords' }: { title: string; axes: PcAxisDef[]; runs: PcRun[]; higherIsBetter: boolean; fileName: string; testId?: string }) {
  const theme = useThemeTokens();
  const c = theme.chart;
  const panel = theme.ui.panel;
  // The scale's faint end is as faint as stays visible on this theme's panel (≥ 2.5:1), so no run's line disappears.
  const low = useMemo(() => {
    for (let t = 0.2; t < 0.9; t += 0.05) if (contrastRatio(mixHex(c['heat-from'], c['heat-to'], t), panel) >= 2.5) return t;
    return 0.9;
  }, [c, panel]);
  const gradientId = `pc-grad-${useId().replace(/:/g, '')}`;
  const [active, setActive] = useState<string | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const width = MARGIN.left + MARGIN.right + Math.max(1, axes.length - 1) * AXIS_GAP;
  const colorKey = axes[axes.length - 1]?.key ?? 'metric';
  const layout = useMemo(() => parallelLayout(axes, runs, { width, height: HEIGHT, margin: MARGIN, colorKey, higherIsBetter }), [axes, runs, width, colorKey, higherIsBetter]);
  const colorOf = (t: number | null) => (t == null ? c.grey : mixHex(c['heat-from'], c['heat-to'], low + (1 - low) * t));
  const focus = active ?? pinned;
  const shown = layout.lines.find((l) => l.id === focus) ?? null;
  const csv = () => toCsv(['run', ...axes.map((a) => a.label)], runs.map((r) => [r.name, ...axes.map((a) => { const v = r.values[a.key]; return v == null ? null : v; })]));
  const metricLabel = axes[axes.length - 1]?.label ?? 'metric';

  return (
    <ExportableCard title={title} fileName={fileName} csv={csv}>
      <div className="ts-pc" data-testid={testId} data-lines={layout.lines.length}>
        <p className="ts-small ts-pc-readout" aria-live="polite" data-testid="pc-readout">
          {shown ? describe(shown, axes) : `Hover a line, or focus a run below, to read its values. Colour: ${metricLabel} (scale below the chart).`}
        </p>
        <div className="ts-pc-scroll">
          <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={`${title}: ${runs.length} runs across ${axes.map((a) => a.label).join(', ')}`} onMouseLeave={() => setActive(null)}>
            <defs>
              <linearGradient id={gradientId} x1="0" x2="1" y1="0" y2="0">
                <stop offset="0" stopColor={colorOf(0)} />
                <stop offset="1" stopColor={colorOf(1)} />
              </linearGradient>
            </defs>
            {layout.axes.map((a) => (
              <g key={a.key} data-testid="pc-axis">
                <title>{`${a.label}${a.kind === 'log' ? ' (log scale)' : ''}`}</title>
                <line x1={a.x} x2={a.x} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} stroke={c['axis-line']} />
                <text x={a.x} y={12} textAnchor="middle" fontSize={11} fontWeight={600} fill={c['axis-text']} data-testid="pc-axis-title">
                  {titleLines(a.label).map((t, i) => (
                    <tspan key={i} x={a.x} dy={i === 0 ? 0 : 12}>
                      {t}
                    </tspan>
                  ))}
                </text>
              </g>
            ))}
            {layout.lines.map((l) => {
              const on = focus === l.id;
              return (
                <g key={l.id} onMouseEnter={() => setActive(l.id)} onClick={() => setPinned(pinned === l.id ? null : l.id)}>
                  <path d={l.path} fill="none" stroke="transparent" strokeWidth={10} />
                  <path
                    d={l.path}
                    fill="none"
                    stroke={colorOf(l.colorT)}
                    strokeWidth={on ? 3.5 : 2}
                    strokeDasharray={l.colorT == null ? '4 3' : undefined}
                    strokeOpacity={focus && !on ? 0.25 : 1}
                    data-testid="pc-line"
                    data-run-name={l.name}
                  >
                    <title>{describe(l, axes)}</title>
                  </path>
                  {l.points.map((p, i) => (p ? <circle key={i} cx={p.x} cy={p.y} r={on ? 3.5 : 2.5} fill={colorOf(l.colorT)} fillOpacity={focus && !on ? 0.25 : 1} /> : null))}
                </g>
              );
            })}
            {/* Tick labels over the lines, with a halo of the panel colour so a crossing line never hides them. */}
            {layout.axes.map((a) => (
              <g key={a.key} aria-hidden="true">
                {a.ticks.map((t, i) => (
                  <g key={i}>
                    <line x1={a.x - 3} x2={a.x + 3} y1={t.y} y2={t.y} stroke={c['axis-line']} />
                    <text x={a.x - 5} y={t.y + 3.5} textAnchor="end" fontSize={10} fill={c['axis-text']} stroke={panel} strokeWidth={3} paintOrder="stroke">
                      {t.label}
                    </text>
                  </g>
                ))}
              </g>
            ))}
          </svg>
        </div>
        <div className="ts-pc-legend ts-small">
          <span>worse</span>
          <svg width={80} height={10} aria-hidden="true">
            <rect width={80} height={10} rx={2} fill={`url(#${gradientId})`} />
          </svg>
          <span>better {metricLabel}</span>
        </div>
        <ul className="ts-pc-runs" aria-label="Runs in the chart">
          {[...layout.lines].reverse().map((l, i) => (
            <li key={l.id}>
              <span id={`${gradientId}-d${i}`} className="ts-visually-hidden">
                {describe(l, axes)}
              </span>
              <button
                type="button"
                className="ts-pc-run"
                aria-pressed={pinned === l.id}
                aria-describedby={`${gradientId}-d${i}`}
                data-testid="pc-run"
                onMouseEnter={() => setActive(l.id)}
                onMouseLeave={() => setActive(null)}
                onFocus={() => setActive(l.id)}
                onBlur={() => setActive(null)}
                onClick={() => setPinned(pinned === l.id ? null : l.id)}
              >
                <span className="ts-pc-swatch" style={{ background: colorOf(l.colorT) }} aria-hidden="true" />
                {l.name}
                <span className="ts-muted"> · {l.labels[l.labels.length - 1]}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </ExportableCard>
  );
}
