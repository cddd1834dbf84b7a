import { lazy, Suspense } from 'react';
import { BackendPicker, BackendStatus } from '../ui/BackendPicker';
import { ChartsPanel } from '../ui/ChartsPanel';
import { DatasetPanel } from '../ui/dataset/DatasetPanel';
import { DatasetInspector } from '../ui/dataset/DatasetInspector';
import { DropOverlay } from '../ui/dataset/DropOverlay';
import { DrawPanel } from '../ui/DrawPanel';
import { ModelPanel } from '../ui/ModelPanel';
import { TrainingPanel } from '../ui/TrainingPanel';
import { Panel } from '../ui/Panel';

// Inspection and sweeps are only needed once something has trained: kept out of the first page's bundle.
const EvaluationPanel = lazy(() => import('../ui/inspect/EvaluationPanel').then((m) => ({ default: m.EvaluationPanel })));
const SweepPanel = lazy(() => import('../ui/sweep/SweepPanel').then((m) => ({ default: m.SweepPanel })));

export function App() {
  return (
    <div className="ts-app">
      <DropOverlay />
      <header className="ts-topbar">
        <div className="ts-brand">
          <span className="ts-logo" aria-hidden="true" />
          <h1>Tensorscope</h1>
          <span className="ts-tagline">train in your browser, on your GPU</span>
        </div>
        <div className="ts-topbar-right">
          <BackendPicker />
          <BackendStatus />
        </div>
      </header>
      <main className="ts-main">
        <div className="ts-col ts-col-left">
          <DatasetPanel />
          <ModelPanel />
          <TrainingPanel />
          <DrawPanel />
        </div>
        <div className="ts-col ts-col-right">
          <Panel title="Live charts" testId="charts-panel">
            <ChartsPanel />
          </Panel>
          <Suspense fallback={<div className="ts-panel ts-muted">Loading…</div>}>
            <EvaluationPanel />
            <SweepPanel />
          </Suspense>
          <DatasetInspector />
        </div>
      </main>
    </div>
  );
}
