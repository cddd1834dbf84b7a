import { useState } from 'react';
import { formatBytes } from '../../runs/checkpointCodec';
import { fetchDeadlineMs, formatSeconds } from '../../core/fetchBytes';
import { useStudio, useStudioShallow } from '../../store/context';
import { ProgressBar } from '../ProgressBar';
import { Panel } from '../Panel';
import { formatTaskMetric } from '../taskMetric';
import { EmbedCode } from './EmbedCode';
import { RunInPython } from './RunInPython';

const VARIANT_LABEL = { float32: 'float32 (exact)', float16: 'float16', uint8: 'uint8 (affine)' } as const;

/** Links that reproduce the experiment or show the trained model, exports that leave the browser, imports. */
export function SharePanel() {
  const link = useStudio((s) => s.share.link);
  const exports = useStudio((s) => s.share.exports);
  const importStatus = useStudio((s) => s.share.importStatus);
  const demoLinkError = useStudio((s) => s.share.demoLinkError);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  // A diverged run has a model too (with NaN weights): the buttons stay on so the exports can say why they refuse.
  const hasModel = useStudio((s) => (s.run.evaluation != null || s.run.status === 'diverged') && s.run.status !== 'running' && s.run.status !== 'paused' && s.run.status !== 'starting');
  const hasMetrics = useStudio((s) => s.run.epochs.length > 0);
  const a = useStudioShallow((s) => ({
    copyLink: s.copyLink,
    makeDemoLink: s.makeDemoLink,
    prepareExport: s.prepareExport,
    downloadModel: s.downloadModel,
    downloadKerasScript: s.downloadKerasScript,
    downloadMetrics: s.downloadMetrics,
    importModelFiles: s.importModelFiles,
    importModelUrl: s.importModelUrl,
    cancelModelImport: s.cancelModelImport,
  }));
  const [url, setUrl] = useState('');
  const signed = (d: number) => (!Number.isFinite(d) ? '—' : task === 'classification' ? `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pts` : `${d >= 0 ? '+' : '−'}${Math.abs(d).toPrecision(3)}`);

  return (
    <Panel title="Share & export" testId="share-panel">
      <div className="ts-buttons">
        <button type="button" className="primary" onClick={() => void a.copyLink()} data-testid="copy-link">
          Copy link
        </button>
        <button type="button" disabled={!hasModel} onClick={() => void a.makeDemoLink()} data-testid="demo-link" aria-describedby={demoLinkError ? 'demo-link-error' : undefined} title={hasModel ? 'A link that carries the trained weights (uint8) and opens a draw-and-predict demo' : 'Train a model first'}>
          Demo link with trained model
        </button>
      </div>
      {demoLinkError ? (
        <p className="ts-field-error" role="alert" id="demo-link-error" data-testid="demo-link-error">
          {demoLinkError}
        </p>
      ) : null}
      {link ? (
        <div className="ts-link-out">
          <input readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} data-testid="link-url" aria-label={`${link.kind} link`} />
          <p className="ts-muted ts-small" data-testid="link-info">
            {link.kind === 'demo' ? 'Demo link' : 'Experiment link'}: {link.chars.toLocaleString('en-US')} characters · {link.copied ? 'copied to the clipboard' : 'select it and copy it (the browser refused clipboard access)'}
          </p>
        </div>
      ) : (
        <p className="ts-muted ts-small">The link holds the whole experiment (data reference and fingerprint, model, training settings, seed, open view); opened anywhere, Train reproduces the run.</p>
      )}

      <EmbedCode hasModel={hasModel} />

      <h3 className="ts-subhead">Export the trained model</h3>
      <div className="ts-buttons">
        <button type="button" disabled={!hasModel || exports.status === 'measuring'} onClick={() => void a.prepareExport()} data-testid="prepare-export">
          {exports.status === 'measuring' ? 'Measuring…' : 'Measure TF.js exports'}
        </button>
        <button type="button" onClick={() => void a.downloadKerasScript()} data-testid="keras-script" title="A Python script that rebuilds this model and trains it with tf.distribute on one or many GPUs">
          Keras script (.py)
        </button>
        <button type="button" disabled={!hasMetrics} onClick={() => void a.downloadMetrics('csv')} data-testid="metrics-csv">
          Metrics CSV
        </button>
        <button type="button" disabled={!hasMetrics} onClick={() => void a.downloadMetrics('json')} data-testid="metrics-json">
          Metrics JSON
        </button>
      </div>
      <RunInPython />
      {exports.error ? <p className="ts-field-error">{exports.error}</p> : null}
      {exports.variants.length ? (
        <table className="ts-table" data-testid="export-table">
          <thead>
            <tr>
              <th>Weights</th>
              <th className="num">Size</th>
              <th className="num">Test {task === 'classification' ? 'accuracy' : 'MAE'}</th>
              <th className="num">Change</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {exports.variants.map((v) => (
              <tr key={v.kind} data-testid={`export-${v.kind}`}>
                <td>{VARIANT_LABEL[v.kind]}</td>
                <td className="num">{v.error ? '—' : formatBytes(v.bytes)}</td>
                <td className="num">{v.metric != null ? formatTaskMetric(task, v.metric) : '—'}</td>
                <td className="num">{v.delta != null && v.kind !== 'float32' ? signed(v.delta) : ''}</td>
                <td>
                  {v.error ? (
                    <span className="ts-field-error">{v.error}</span>
                  ) : (
                    <button type="button" onClick={() => void a.downloadModel(v.kind)} data-testid={`download-${v.kind}`}>
                      Download
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h3 className="ts-subhead">Import a TF.js model</h3>
      <div className="ts-buttons">
        <label className="ts-file-button">
          <input
            type="file"
            multiple
            accept=".json,.bin,.zip"
            data-testid="import-files"
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
              if (files.length) void a.importModelFiles(files);
            }}
          />
          <span>model.json + weights (.bin), or .zip…</span>
        </label>
      </div>
      <form
        className="ts-buttons"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void a.importModelUrl(url.trim());
        }}
      >
        <input className="ts-grow" type="url" placeholder="https://…/model.json" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="model.json URL" data-testid="import-url" />
        <button type="submit" disabled={!url.trim()} data-testid="import-url-button">
          Import URL
        </button>
      </form>
      <p className="ts-muted ts-small" data-testid="import-deadline-note">
        The download gives up after {formatSeconds(fetchDeadlineMs())} (model.json and its weights together); Cancel stops it sooner.
      </p>
      {importStatus.status === 'loading' && importStatus.loaded != null ? (
        <>
          <ProgressBar testId="import-progress" value={importStatus.total ? importStatus.loaded / importStatus.total : null} label={importStatus.message ?? 'Fetching…'} />
          <div className="ts-buttons">
            <button type="button" data-testid="import-cancel" onClick={a.cancelModelImport}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
      {importStatus.message ? (
        <p className={importStatus.status === 'error' ? 'ts-field-error' : 'ts-muted ts-small'} role={importStatus.status === 'error' ? 'alert' : 'status'} data-testid="import-status">
          {importStatus.message}
        </p>
      ) : null}
    </Panel>
  );
}
