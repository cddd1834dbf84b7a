import { lazy, Suspense, type ReactNode } from 'react';
import { DatasetPanel } from '../ui/dataset/DatasetPanel';
import { DatasetInspector } from '../ui/dataset/DatasetInspector';
import { DropOverlay } from '../ui/dataset/DropOverlay';
import { TablePredictPanel } from '../ui/TablePredictPanel';
import { DrawPanel } from '../ui/DrawPanel';
import { ModelPanel } from '../ui/ModelPanel';
import { TrainingPanel } from '../ui/TrainingPanel';
import { Panel } from '../ui/Panel';
import { LinkNotice } from '../ui/share/LinkNotice';
import { DemoHeader, Header } from '../ui/shell/Header';
import { DemoView } from '../ui/demo/DemoView';
import { useStudio } from '../store/context';
import { useChartsOnRunStart } from '../ui/shell/useChartsOnRunStart';
import { useStartupStage } from './useStartupDone';

// The live charts carry uPlot (~20 KB gzip); fetched right after first paint instead of blocking it.
const ChartsPanel = lazy(() => import('../ui/ChartsPanel').then((m) => ({ default: m.ChartsPanel })));
// Inspection and sweeps are only needed once something has trained: kept out of the first page's bundle.
const EvaluationPanel = lazy(() => import('../ui/inspect/EvaluationPanel').then((m) => ({ default: m.EvaluationPanel })));
const RunsPanel = lazy(() => import('../ui/runs/RunsPanel').then((m) => ({ default: m.RunsPanel })));
const SharePanel = lazy(() => import('../ui/share/SharePanel').then((m) => ({ default: m.SharePanel })));
const SweepPanel = lazy(() => import('../ui/sweep/SweepPanel').then((m) => ({ default: m.SweepPanel })));
const PrunePanel = lazy(() => import('../ui/prune/PrunePanel').then((m) => ({ default: m.PrunePanel })));
const DecisionBoundary = lazy(() => import('../ui/inspect/DecisionBoundary').then((m) => ({ default: m.DecisionBoundary })));

export function App() {
  const mode = useStudio((s) => s.mode);
  useChartsOnRunStart('view-charts');
  // The panels below the fold mount after start-up (see useStartupDone); their anchors stay for the step links.
  // Each panel mounts in its own idle moment (see useStartupStage): two together made a ~60 ms layout on a 2-core
  // machine, a long task just after the first batch.
  const stage = useStartupStage(6);
  return (
    <div className="ts-app">
      <DropOverlay />
      {mode === 'studio' ? <Header /> : <DemoHeader />}
      <LinkNotice />
      {mode === 'demo' ? (
        <DemoView />
      ) : (
      <main className="ts-main" id="workspace" tabIndex={-1} aria-label="Workspace">
        <div className="ts-col ts-col-left">
          <div id="view-data">
            <DatasetPanel />
          </div>
          <div id="view-model">
            <ModelPanel />
          </div>
          <div id="view-train">
            <TrainingPanel />
          </div>
          <DrawPanel />
          <TablePredictPanel />
          <Later id="view-share" show={stage >= 1}>
            <SharePanel />
          </Later>
        </div>
        <div className="ts-col ts-col-right">
          <div id="view-charts">
            <Panel title="Live charts" testId="charts-panel">
              <Suspense fallback={<p className="ts-muted">Loading charts…</p>}>
                <ChartsPanel />
              </Suspense>
            </Panel>
          </div>
          <Later show={stage >= 3}>
            <DecisionBoundary />
          </Later>
          <Later id="view-inspect" show={stage >= 2} fallback={<div className="ts-panel ts-muted">Loading…</div>}>
            <EvaluationPanel />
          </Later>
          <Later show={stage >= 5}>
            <PrunePanel />
          </Later>
          <Later show={stage >= 6}>
            <SweepPanel />
          </Later>
          <Later id="view-runs" show={stage >= 4} fallback={<div className="ts-panel ts-muted">Loading…</div>}>
            <RunsPanel />
          </Later>
          {/* Below the fold in the right column too: its hundred thumbnails are decoded and laid out only when seen. */}
          <div className="ts-later">
            <DatasetInspector />
          </div>
        </div>
      </main>
      )}
    </div>
  );
}

/**
 * A group of panels that mounts after start-up (`show`), lazily, in a wrapper that skips off-screen layout
 * (.ts-later). A step link's anchor (`id`) stays in the page before the panels come; without one, nothing does.
 */
function Later({ id, show, fallback = null, children }: { id?: string; show: boolean; fallback?: ReactNode; children: ReactNode }) {
  if (!show && !id) return null;
  return (
    <div id={id} className="ts-later">
      {show ? <Suspense fallback={fallback}>{children}</Suspense> : null}
    </div>
  );
}
