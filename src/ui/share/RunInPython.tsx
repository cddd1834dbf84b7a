import { useState } from 'react';
import { formatBytes } from '../../runs/checkpointCodec';
import { useStudio } from '../../store/context';
import type { PythonPackageResult } from '../../store/pythonPackage';

/**
 * One button for the person who outgrows the browser: a zip with train.py, the browser's own data split
 * (data.npz), the trained weights, spec.json, requirements.txt and a README with the commands.
 */
export function RunInPython() {
  const download = useStudio((s) => s.downloadPythonPackage);
  const hasData = useStudio((s) => s.dataset.data != null);
  const busy = useStudio((s) => s.run.status === 'running' || s.run.status === 'paused' || s.run.status === 'starting');
  const [state, setState] = useState<{ working: boolean; result: PythonPackageResult | null }>({ working: false, result: null });
  const result = state.result;

  return (
    <div className="ts-run-in-python">
      <div className="ts-buttons">
        <button
          type="button"
          disabled={!hasData || busy || state.working}
          data-testid="run-in-python"
          title={busy ? 'Wait for the run to finish' : 'A zip to train this experiment with TensorFlow: one device, every local GPU, or a cluster; and serve it'}
          onClick={() => {
            setState({ working: true, result: null });
            void download().then((r) => setState({ working: false, result: r }));
          }}
        >
          {state.working ? 'Packing…' : 'Run in Python (.zip)'}
        </button>
      </div>
      {result ? (
        result.ok ? (
          <p className="ts-muted ts-small" role="status" data-testid="run-in-python-status">
            Downloaded {result.fileName} ({formatBytes(result.bytes)}): train.py, data.npz{result.withWeights ? ', weights.npz' : ''}, spec.json, requirements.txt and a README with the
            commands. Unzip it and run <code>python3 train.py --strategy default</code>.
          </p>
        ) : (
          <p className="ts-field-error" role="alert" data-testid="run-in-python-status">
            {result.error}
          </p>
        )
      ) : null}
    </div>
  );
}
