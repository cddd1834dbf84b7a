import { isBusy } from '../store/runLifecycle';
import type { BackendChoice } from '../core/types';
import type { BackendInfo } from '../training/protocol';
import { useStudio, useStudioShallow } from '../store/context';

const LABELS: Record<BackendChoice, string> = {
  auto: 'Auto (the fastest, measured)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

export function BackendPicker() {
  const choice = useStudio((s) => s.engine.backendChoice);
  const setChoice = useStudio((s) => s.setBackendChoice);
  const busy = useStudio((s) => isBusy(s.run.status));
  return (
    <label className="ts-field ts-inline">
      <span>Backend</span>
      <select data-testid="backend-select" value={choice} disabled={busy} onChange={(e) => setChoice(e.target.value as BackendChoice)}>
        {(Object.keys(LABELS) as BackendChoice[]).map((b) => (
          <option key={b} value={b}>
            {LABELS[b]}
          </option>
        ))}
      </select>
    </label>
  );
}

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const perSec = (v: number): string => (v >= 10 ? wholeNumber.format(v) : v.toFixed(1));

/**
 * Why auto chose the backend, fastest first: "auto picked webgl: webgl 1,300/s · wasm 900/s · cpu 40/s" (training
 * examples per second of this model), and in `detail` every backend's time or the reason it has none.
 */
function probeSummary(info: BackendInfo): { text: string; detail: string } | null {
  const p = info.probe;
  if (!p) return null;
  const timed = p.results.filter((r) => r.samplesPerSec != null).sort((a, b) => b.samplesPerSec! - a.samplesPerSec!);
  const head = `auto picked ${info.name}${p.cached ? ' (measured earlier)' : ''}`;
  const text = timed.length ? `${head}: ${timed.map((r) => `${r.backend} ${perSec(r.samplesPerSec!)}/s`).join(' · ')}` : `${head}: the only backend that started`;
  const lines = p.results.map((r) => (r.samplesPerSec != null ? `${r.backend}: ${perSec(r.samplesPerSec)} samples/s` : `${r.backend}: ${r.reason ?? 'not timed'}`));
  const detail = [`${text}`, 'Training examples per second of this model, timed over a few steps on each backend:', ...lines].join('\n');
  return { text, detail };
}

export function BackendStatus() {
  const { backend, mode, fallbackReason, engineStatus } = useStudioShallow((s) => ({
    backend: s.engine.backend,
    mode: s.engine.mode,
    fallbackReason: s.engine.fallbackReason,
    engineStatus: s.engine.status,
  }));
  const skipped = backend?.attempts.filter((a) => !a.ok) ?? [];
  const probe = backend ? probeSummary(backend) : null;
  return (
    <div className="ts-status-chips">
      <span className={`ts-chip ${mode === 'main-thread' ? 'warn' : ''}`} title={fallbackReason ?? 'Training runs in a dedicated Web Worker, so the page stays responsive.'} data-testid="engine-mode">
        {engineStatus === 'starting' ? 'engine starting…' : mode === 'worker' ? 'worker' : mode === 'main-thread' ? 'main thread (fallback)' : 'engine failed'}
      </span>
      <span className="ts-chip" data-testid="active-backend" title={skipped.map((a) => `${a.backend} skipped: ${a.reason}`).join('\n') || undefined}>
        {backend ? `${backend.name}${backend.software ? ' (software)' : ''}` : 'backend: not started'}
      </span>
      {probe ? (
        <span className="ts-chip muted ts-adapter" title={probe.detail} data-testid="backend-probe">
          {probe.text}
        </span>
      ) : null}
      {backend?.adapter ? (
        <span className="ts-chip muted ts-adapter" title={backend.adapter} data-testid="adapter">
          {backend.adapter}
        </span>
      ) : null}
    </div>
  );
}
