import { isBusy } from '../../store/runLifecycle';
import { useRef, useState } from 'react';
import { SYNTHETIC_DATASETS, SYNTHETIC_CLASS_RANGE, type SyntheticId } from '../../data/synthetic';
import { fetchDeadlineMs, formatSeconds } from '../../core/fetchBytes';
import { MAX_FILE_BYTES } from '../../data/loader/types';
import { useStudio } from '../../store/context';
import { collectPicked } from './collectDropped';
import { Tabs, type TabItem } from '../Tabs';

type Tab = 'mnist' | 'synthetic' | 'files' | 'url';

function SyntheticForm({ disabled }: { disabled: boolean }) {
  const load = useStudio((s) => s.loadDataset);
  const [id, setId] = useState<SyntheticId>('spiral');
  const info = SYNTHETIC_DATASETS.find((d) => d.id === id)!;
  const [count, setCount] = useState(info.defaults.count);
  const [noise, setNoise] = useState(info.defaults.noise);
  const [seed, setSeed] = useState(1);
  const [classes, setClasses] = useState<number>(info.defaults.classes ?? 2);
  const range = SYNTHETIC_CLASS_RANGE[id];
  const pick = (next: SyntheticId) => {
    const d = SYNTHETIC_DATASETS.find((x) => x.id === next)!;
    setId(next);
    setCount(d.defaults.count);
    setNoise(d.defaults.noise);
    setClasses(d.defaults.classes ?? 2);
  };
  return (
    <div className="ts-source-form">
      <label className="ts-field">
        <span>Generator</span>
        <select data-testid="synthetic-select" value={id} onChange={(e) => pick(e.target.value as SyntheticId)}>
          {SYNTHETIC_DATASETS.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label} ({d.task})
            </option>
          ))}
        </select>
      </label>
      <p className="ts-muted ts-small">{info.description}</p>
      <div className="ts-grid-fields">
        <label className="ts-field">
          <span>Points</span>
          <input type="number" min={10} max={200000} value={count} onChange={(e) => setCount(Number(e.target.value))} />
        </label>
        <label className="ts-field">
          <span>Noise</span>
          <input type="number" min={0} max={2} step={0.05} value={noise} onChange={(e) => setNoise(Number(e.target.value))} />
        </label>
        <label className="ts-field">
          <span>Seed</span>
          <input type="number" step={1} value={seed} onChange={(e) => setSeed(Math.trunc(Number(e.target.value)))} />
        </label>
        {range && range.max > range.min ? (
          <label className="ts-field">
            <span>Classes</span>
            <input type="number" min={range.min} max={range.max} value={classes} onChange={(e) => setClasses(Number(e.target.value))} />
          </label>
        ) : null}
      </div>
      <button
        type="button"
        className="primary"
        data-testid="synthetic-load"
        disabled={disabled}
        onClick={() => void load({ type: 'synthetic', id, options: { count, noise, seed, ...(range && range.max > range.min ? { classes } : {}) } })}
      >
        Generate
      </button>
    </div>
  );
}

function FilesForm({ disabled }: { disabled: boolean }) {
  const loadFiles = useStudio((s) => s.loadFiles);
  const opts = useStudio((s) => s.loadOptions);
  const setOpts = useStudio((s) => s.setLoadOptions);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const onPick = (list: FileList | null) => {
    if (list && list.length) void loadFiles(collectPicked(list));
  };
  return (
    <div className="ts-source-form">
      <p className="ts-small">
        Drop files or folders anywhere on the page, or pick them: IDX image + label files (raw or .gz, with an optional test pair), a
        table (CSV, TSV or space-separated, an Excel .xlsx, Parquet, JSON records or JSON Lines, ARFF; a Kaggle folder or .zip works too), a folder or .zip
        with one sub-folder of PNG/JPEG images per class, or the MNIST sprite PNG with its labels file.
      </p>
      <div className="ts-buttons">
        <button type="button" className="primary" disabled={disabled} onClick={() => filesRef.current?.click()}>
          Choose files…
        </button>
        <button type="button" disabled={disabled} onClick={() => folderRef.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <input ref={filesRef} data-testid="file-input" type="file" multiple hidden onChange={(e) => onPick(e.target.files)} />
      <input
        ref={folderRef}
        type="file"
        hidden
        {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
        onChange={(e) => onPick(e.target.files)}
      />
      <details className="ts-small">
        <summary>Options for images and class names</summary>
        <div className="ts-grid-fields">
          <label className="ts-field">
            <span>Resize to (px)</span>
            <input
              type="number"
              min={8}
              max={128}
              value={opts.images.width}
              onChange={(e) => {
                const v = Math.max(8, Math.min(128, Math.trunc(Number(e.target.value)) || 28));
                setOpts({ images: { ...opts.images, width: v, height: v } });
              }}
            />
          </label>
          <label className="ts-field">
            <span>Colour</span>
            <select value={opts.images.mode} onChange={(e) => setOpts({ images: { ...opts.images, mode: e.target.value as 'grayscale' | 'rgb' } })}>
              <option value="grayscale">grayscale</option>
              <option value="rgb">RGB</option>
            </select>
          </label>
        </div>
        <label className="ts-field">
          <span>Class names (one per line or comma-separated; a names .txt file among the files does the same)</span>
          <textarea
            rows={2}
            value={opts.classNames.join(', ')}
            onChange={(e) =>
              setOpts({
                classNames: e.target.value
                  .split(/[\n,]/)
                  .map((s) => s.trim())
                  .filter((s) => s),
              })
            }
          />
        </label>
      </details>
    </div>
  );
}

function UrlForm({ disabled }: { disabled: boolean }) {
  const loadUrls = useStudio((s) => s.loadUrls);
  const [text, setText] = useState('');
  const urls = text
    .split(/\s+/)
    .map((s) => s.trim())
    .filter((s) => s);
  return (
    <div className="ts-source-form">
      <label className="ts-field">
        <span>URLs, one per line (the server must allow cross-origin requests)</span>
        <textarea data-testid="url-input" rows={3} value={text} placeholder="https://example.org/train-images-idx3-ubyte.gz" onChange={(e) => setText(e.target.value)} />
      </label>
      <p className="ts-muted ts-small" data-testid="url-deadline-note">
        Each download gives up after {formatSeconds(fetchDeadlineMs())} (connecting and receiving together) and may be at most {MAX_FILE_BYTES / 1024 / 1024 / 1024} GB; Cancel stops it sooner.
      </p>
      <button type="button" className="primary" data-testid="url-load" disabled={disabled || urls.length === 0} onClick={() => void loadUrls(urls)}>
        Download
      </button>
    </div>
  );
}

export function SourcePicker() {
  const [tab, setTab] = useState<Tab>('mnist');
  const load = useStudio((s) => s.loadDataset);
  const busy = useStudio((s) => s.dataset.status === 'loading' || isBusy(s.run.status));
  const currentId = useStudio((s) => s.dataset.data?.id);
  const tabs: TabItem<Tab>[] = (
    [
      ['mnist', 'MNIST'],
      ['synthetic', 'Synthetic'],
      ['files', 'Your files'],
      ['url', 'URL'],
    ] as const
  ).map(([key, label]) => ({ key, label, testId: `source-tab-${key}` }));
  return (
    <div className="ts-source">
      <Tabs label="Dataset source" items={tabs} selected={tab} onSelect={setTab}>
      {tab === 'mnist' ? (
        <div className="ts-source-form">
          <p className="ts-small">10,000 real handwritten digits (28×28), bundled with Tensorscope.</p>
          <button type="button" className="primary" disabled={busy || currentId === 'mnist-bundled'} onClick={() => void load({ type: 'bundled', baseUrl: document.baseURI })}>
            {currentId === 'mnist-bundled' ? 'Loaded' : 'Load MNIST'}
          </button>
        </div>
      ) : null}
      {tab === 'synthetic' ? <SyntheticForm disabled={busy} /> : null}
      {tab === 'files' ? <FilesForm disabled={busy} /> : null}
      {tab === 'url' ? <UrlForm disabled={busy} /> : null}
      </Tabs>
    </div>
  );
}
