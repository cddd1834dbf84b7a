import { useEffect, useRef } from 'react';
import { can, isBusy } from '../../store/runLifecycle';
import { useStudio, useStudioShallow } from '../../store/context';
import { useModelSummary } from '../../store/selectors';
import { useTrainBlocker } from '../training/useTrainBlocker';
import { currentStep, STEP_IDS, STEP_LABELS, STEP_VIEW, stepStates, type StepId, type StepStatus } from '../../store/steps';
import { estimateEtaMs, formatDuration } from '../../training/metrics';
import { BackendPicker, BackendStatus } from '../BackendPicker';
import { ProgressBar } from '../ProgressBar';
import { num, rate } from '../format';
import { LiveLearningRate } from '../training/LiveLearningRate';
import { Announcer } from './Announcer';
import { ThemeToggle } from './ThemeToggle';

/** Moves to a section (a step, or a share link's view) and, when asked, puts focus on its heading. */
export function goToSection(id: string, focus: boolean): void {
  const el = document.getElementById(`view-${id}`);
  if (!el) return;
  el.scrollIntoView({ behavior: 'smooth', block: 'start' });
  if (!focus) return;
  const heading = el.querySelector<HTMLElement>('h2') ?? el;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

/** Dataset and model in one line each: what the run will train on. */
function RunSummary() {
  const data = useStudio((s) => s.dataset.data);
  const datasetStatus = useStudio((s) => s.dataset.status);
  const modelName = useStudio((s) => s.spec.name);
  const summary = useModelSummary();
  // A stored run's checkpoint is the model while its engine run is the current one (a new run replaces it).
  const stored = useStudio((s) => (s.history.model && s.history.model.engineRunId === s.run.id ? s.history.model : null));
  const dataText = data
    ? /\d/.test(data.name)
      ? data.name
      : `${data.name} (${num(data.count)} ${data.kind === 'image' ? 'images' : 'rows'})`
    : datasetStatus === 'loading'
      ? 'loading…'
      : 'none yet';
  const modelText = stored
    ? `from run ${stored.name} (epoch ${stored.epoch}, ${stored.kind})`
    : `${modelName} · ${summary.valid ? `${num(summary.totalParams)} params` : 'shape error'}`;
  return (
    // A stored run's model names the run: the summary may take more room for it (it still shrinks on narrow headers).
    <div className="ts-run-summary" data-testid="run-summary" style={stored ? { flexBasis: 340 } : undefined}>
      <span className="ts-run-summary-line" title={`Data: ${dataText}`}>
        <span className="ts-run-summary-key">Data:</span> {dataText}
      </span>
      <span className="ts-run-summary-line" title={`Model: ${modelText}`} data-testid="run-summary-model">
        <span className="ts-run-summary-key">Model:</span> {modelText}
      </span>
    </div>
  );
}

/** Compact: epoch, batch and ETA beside a thin bar (samples/s in the tooltip). */
function HeaderProgress() {
  const { status, progress, info } = useStudioShallow((s) => ({ status: s.run.status, progress: s.run.progress, info: s.run.info }));
  if (status === 'idle') return null;
  if (!progress || !info) return <ProgressBar testId="run-progress" value={null} label={status === 'starting' ? 'Starting…' : ''} />;
  const total = info.batchesPerEpoch * info.totalEpochs;
  const done = (progress.epoch - 1) * info.batchesPerEpoch + progress.batch;
  const eta = status === 'running' ? estimateEtaMs(done, total, progress.elapsedMs) : null;
  // ETA before the batch count: where the header is narrow the label is cut from the end, and the ETA matters more.
  const label = `Epoch ${progress.epoch}/${info.totalEpochs}${eta != null ? ` · ETA ${formatDuration(eta)}` : ''} · batch ${num(progress.batch)}/${num(info.batchesPerEpoch)}`;
  return (
    <div className="ts-header-progress" title={`${label} · ${rate(progress.samplesPerSec)}`}>
      <ProgressBar testId="run-progress" value={done / total} label={label} />
    </div>
  );
}

function RunControls() {
  const status = useStudio((s) => s.run.status);
  const actions = useStudioShallow((st) => ({ start: st.startTraining, pause: st.pauseTraining, resume: st.resumeTraining, stop: st.stopTraining, reset: st.resetRun }));
  const { why } = useTrainBlocker();
  const busy = isBusy(status);
  return (
    <div className="ts-run-controls" role="group" aria-label="Run">
      {!busy ? (
        <button type="button" className="primary" data-testid="train-button" disabled={why != null || !can(status, 'train')} title={why ?? 'Train the model from fresh weights'} aria-describedby={why ? 'train-why' : undefined} onClick={actions.start}>
          {status === 'idle' ? 'Train' : 'Train again'}
        </button>
      ) : null}
      {can(status, 'pause') ? (
        <button type="button" data-testid="pause-button" onClick={actions.pause}>
          Pause
        </button>
      ) : null}
      {can(status, 'resume') ? (
        <button type="button" className="primary" data-testid="resume-button" onClick={actions.resume}>
          Resume
        </button>
      ) : null}
      {busy ? (
        <button type="button" data-testid="stop-button" disabled={!can(status, 'stop')} onClick={actions.stop}>
          {status === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
      ) : null}
      <button type="button" data-testid="reset-button" disabled={!can(status, 'reset')} onClick={actions.reset} title="Clear the charts and the trained model">
        Reset
      </button>
    </div>
  );
}

const STATUS_TEXT: Record<StepStatus, string> = { done: 'done', attention: 'needs attention', active: 'in progress', todo: 'not yet' };
const STATUS_MARK: Record<StepStatus, string> = { done: '✓', attention: '!', active: '…', todo: '' };

/**
 * The guided flow. "Current" is the first step not done (never the scroll position); a click moves to the step's
 * section and focuses its heading, and (for steps that are share-link views) the view travels in links.
 */
function StepNav() {
  const statuses = useStudioShallow((s) => stepStates(s).map((x) => `${x.status}|${x.note}`));
  const steps = STEP_IDS.map((id, i) => {
    const [status, note] = statuses[i].split('|') as [StepStatus, string];
    return { id, status, note };
  });
  const current = currentStep(steps);
  const view = useStudio((s) => s.share.view);
  const seq = useStudio((s) => s.share.viewSeq);
  const setView = useStudio((s) => s.setView);
  const focusNext = useRef(false);
  useEffect(() => {
    if (seq === 0) return;
    // The target may be a lazily loaded panel: try again shortly if it is not there yet.
    const focus = focusNext.current;
    focusNext.current = false;
    goToSection(view, focus);
    const t = setTimeout(() => goToSection(view, false), 600);
    return () => clearTimeout(t);
  }, [view, seq]);
  const open = (id: StepId) => {
    const v = STEP_VIEW[id];
    if (v) {
      focusNext.current = true;
      setView(v);
    } else goToSection(id, true);
  };
  return (
    <nav className="ts-steps" aria-label="Studio sections" data-view={view}>
      <ol>
        {steps.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={`ts-step ts-step-${s.status}${s.id === current ? ' current' : ''}`}
              data-testid={`step-${s.id}`}
              data-status={s.status}
              aria-current={s.id === current ? 'step' : undefined}
              title={`${STEP_LABELS[s.id]}: ${STATUS_TEXT[s.status]} (${s.note})`}
              onClick={() => open(s.id)}
            >
              <span className="ts-step-num" aria-hidden="true">
                {STATUS_MARK[s.status] || i + 1}
              </span>
              <span className="ts-step-label">{STEP_LABELS[s.id]}</span>
              <span className="ts-visually-hidden">, step {i + 1}, {STATUS_TEXT[s.status]}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Backend choice, its status and the theme switch: the same in the studio's and the demo's header. */
function HeaderTools() {
  return (
    <div className="ts-header-tools">
      <BackendPicker />
      <BackendStatus />
      <ThemeToggle />
    </div>
  );
}

/** The sticky header: skip link, run bar (summary, state, progress, controls, live learning rate), then the steps. */
export function Header() {
  const status = useStudio((s) => s.run.status);
  const ref = useRef<HTMLElement>(null);
  // The workspace's sticky column sits under the header: it reads the header's height from this variable. The
  // observer reports the size after the browser's own layout (its first report comes with the first frame); reading
  // it in a layout effect instead forced a layout of the whole page in the middle of start-up (~140 ms here).
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let last = '';
    const ro = new ResizeObserver(([entry]) => {
      const h = `${Math.ceil(entry.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height)}px`;
      // Only a new height: a property set on the root restyles the whole page (~50 ms here), and the observer also
      // reports width changes (a resize) and the run bar's content changing.
      if (h === last) return;
      last = h;
      document.documentElement.style.setProperty('--ts-header-h', h);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <header className="ts-header" ref={ref} data-testid="app-header">
      <a className="ts-skip-link" href="#workspace" data-testid="skip-link" onClick={(e) => {
        e.preventDefault();
        const main = document.getElementById('workspace');
        main?.focus();
        main?.scrollIntoView({ block: 'start' });
      }}>
        Skip to workspace
      </a>
      <div className="ts-header-row ts-command-row">
        <div className="ts-brand">
          <span className="ts-logo" aria-hidden="true" />
          <h1>Tensorscope</h1>
        </div>
        <RunSummary />
        <span className={`ts-chip ts-run-chip ts-run-${status}`} data-testid="run-status" title="Run state">
          {status}
        </span>
        <HeaderProgress />
        <RunControls />
        <LiveLearningRate />
      </div>
      <div className="ts-header-row ts-steps-row">
        <StepNav />
        <HeaderTools />
      </div>
      {/* Inside the banner landmark, so the announcements are never content outside a landmark. */}
      <Announcer />
    </header>
  );
}

/** The demo view's header: brand, backend and theme only. */
export function DemoHeader() {
  return (
    <header className="ts-header ts-header-demo" data-testid="app-header">
      <div className="ts-header-row ts-command-row">
        <div className="ts-brand">
          <span className="ts-logo" aria-hidden="true" />
          <h1>Tensorscope</h1>
          <span className="ts-tagline">train in your browser, on your GPU</span>
        </div>
        <HeaderTools />
      </div>
    </header>
  );
}
