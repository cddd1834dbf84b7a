import { isBusy } from '../../store/runLifecycle';
import { useEffect, useRef, useState } from 'react';
import { COLUMN_TYPES, DATE_PARTS, type ColumnProfile, type ColumnRecipe, type ColumnType, type DatePart, type MissingPolicy, type TableRecipe } from '../../core/tableTypes';
import type { Task } from '../../core/types';
import { labelWarning } from '../../data/table/recipe';
import { useStudio } from '../../store/context';
import type { TablePrep } from '../../store/types';
import { num } from '../format';
import { MiniHistogram } from './MiniHistogram';

const TYPE_TEXT: Record<ColumnType, string> = {
  numeric: 'number',
  'integer-categorical': 'category (integers)',
  'text-categorical': 'category (text)',
  boolean: 'yes / no',
  datetime: 'date / time',
  'free-text': 'free text',
  identifier: 'identifier',
};
/** Columns rendered at once in the preparation table; more on request. */
const COLUMN_PAGE = 50;
const DELIMITER_TEXT: Record<string, string> = { ',': 'comma-separated', ';': 'semicolon-separated', '\t': 'tab-separated', '|': 'pipe-separated', ' ': 'space-separated', json: 'JSON records', xlsx: 'Excel sheet', arff: 'ARFF', parquet: 'Parquet' };
/** Formats whose first row may be names or data (JSON, Excel and ARFF name their columns themselves). */
const HEADER_CHOICE = new Set([',', ';', '\t', '|', ' ']);
const PART_TEXT: Record<DatePart, string> = { year: 'year', month: 'month', dayOfYear: 'day of year', weekday: 'weekday', hour: 'hour' };
const isCategory = (t: ColumnType) => t === 'integer-categorical' || t === 'text-categorical' || t === 'boolean';
const policiesFor = (t: ColumnType): MissingPolicy[] => (isCategory(t) ? ['mode', 'constant', 'drop'] : ['median', 'mean', 'constant', 'drop']);
const POLICY_TEXT: Record<MissingPolicy, string> = { drop: 'drop the row', mean: 'fill: mean', median: 'fill: median', mode: 'fill: most frequent', constant: 'fill: constant' };

function fmtValue(v: number | null, type: ColumnType): string {
  if (v == null) return '—';
  if (type === 'datetime') return new Date(v).toISOString().slice(0, 10);
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Math.round(v * 1000) / 1000);
}

function ColumnSummaryCell({ p }: { p: ColumnProfile }) {
  const text =
    p.min != null && p.max != null && (p.inferred === 'numeric' || p.inferred === 'datetime')
      ? `${fmtValue(p.min, p.inferred)} … ${fmtValue(p.max, p.inferred)}`
      : p.top
          .slice(0, 3)
          .map((t) => `${t.value} (${num(t.count)})`)
          .join(', ');
  return (
    <td className="ts-small">
      <div className="ts-table-range" title={text}>
        {text}
      </div>
      <MiniHistogram counts={p.histogram} label={`Distribution of ${p.name}`} />
    </td>
  );
}

/** One column's row: its report, and the person's choices for it. */
function ColumnRow({ p, c, disabled, onChange }: { p: ColumnProfile; c: ColumnRecipe; disabled: boolean; onChange: (c: ColumnRecipe) => void }) {
  const isFeature = c.role === 'feature';
  const id = `col-${p.name}`;
  return (
    <tr data-testid="table-column" data-column={p.name} className={c.role === 'ignore' ? 'ts-col-ignored' : undefined}>
      <th scope="row" id={id}>
        <span className="ts-col-name">{p.name}</span>
        {c.role === 'ignore' && p.reason ? <div className="ts-small ts-muted">{p.reason}</div> : null}
        {p.mixed ? (
          <div className="ts-small ts-warn-text">
            {num(p.mixed.count)} text cell(s) among numbers (line {p.mixed.rows.join(', ')}: {p.mixed.examples.map((e) => JSON.stringify(e)).join(', ')})
          </div>
        ) : null}
      </th>
      <td>
        <select aria-labelledby={id} aria-label={`Role of ${p.name}`} data-testid="column-role" value={c.role} disabled={disabled} onChange={(e) => onChange({ ...c, role: e.target.value as ColumnRecipe['role'] })}>
          <option value="feature">feature</option>
          <option value="label">label</option>
          <option value="ignore">ignore</option>
        </select>
      </td>
      <td>
        <select aria-label={`Type of ${p.name}`} data-testid="column-type" value={c.type} disabled={disabled} onChange={(e) => {
          const type = e.target.value as ColumnType;
          const missing = policiesFor(type).includes(c.missing) ? c.missing : policiesFor(type)[0];
          onChange({ ...c, type, missing });
        }}>
          {COLUMN_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_TEXT[t]}
              {t === p.inferred ? ' (inferred)' : ''}
            </option>
          ))}
        </select>
      </td>
      <td className="num" data-testid="column-missing">{num(p.missing)}</td>
      <td>
        {isFeature && (p.missing > 0 || c.missing !== policiesFor(c.type)[0] || c.indicator) ? (
          <div className="ts-missing-policy">
            <select aria-label={`Missing values of ${p.name}`} data-testid="column-policy" value={c.missing} disabled={disabled} onChange={(e) => onChange({ ...c, missing: e.target.value as MissingPolicy })}>
              {policiesFor(c.type).map((m) => (
                <option key={m} value={m}>
                  {POLICY_TEXT[m]}
                </option>
              ))}
            </select>
            {c.missing === 'constant' ? <FillInput value={c.fill} name={p.name} disabled={disabled} onCommit={(fill) => onChange({ ...c, fill })} /> : null}
            <label className="ts-small ts-check">
              <input type="checkbox" data-testid="column-indicator" checked={c.indicator} disabled={disabled} onChange={(e) => onChange({ ...c, indicator: e.target.checked })} />
              add “was missing”
            </label>
          </div>
        ) : (
          <span className="ts-muted ts-small">—</span>
        )}
      </td>
      <td className="num">{num(p.distinct)}</td>
      <ColumnSummaryCell p={p} />
      <td>
        {isFeature && c.type === 'datetime' ? (
          <fieldset className="ts-date-parts">
            <legend className="ts-visually-hidden">Date parts of {p.name}</legend>
            {DATE_PARTS.map((part) => (
              <label key={part} className="ts-small ts-check">
                <input
                  type="checkbox"
                  data-testid={`date-part-${part}`}
                  checked={c.dateParts.includes(part)}
                  disabled={disabled}
                  onChange={(e) => onChange({ ...c, dateParts: e.target.checked ? DATE_PARTS.filter((x) => x === part || c.dateParts.includes(x)) : c.dateParts.filter((x) => x !== part) })}
                />
                {PART_TEXT[part]}
              </label>
            ))}
            <label className="ts-small ts-check">
              <input type="checkbox" checked={c.cyclic} disabled={disabled} onChange={(e) => onChange({ ...c, cyclic: e.target.checked })} />
              cyclic (sin/cos)
            </label>
          </fieldset>
        ) : isFeature && isCategory(c.type) && c.type !== 'boolean' ? (
          <span className="ts-small ts-muted">one-hot{p.distinct > 0 ? `, ${num(p.distinct)} level(s)` : ''}</span>
        ) : null}
      </td>
    </tr>
  );
}

function FillInput({ value, name, disabled, onCommit }: { value: string; name: string; disabled: boolean; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <input
      type="text"
      className="ts-fill-input"
      aria-label={`Constant for missing ${name}`}
      data-testid="column-fill"
      value={text}
      disabled={disabled}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text !== value && onCommit(text)}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(text)}
    />
  );
}

function MissingTokens({ recipe, disabled, onChange }: { recipe: TableRecipe; disabled: boolean; onChange: (tokens: string[]) => void }) {
  const joined = recipe.missingTokens.map((t) => (t === '' ? '(empty)' : t)).join(', ');
  const [text, setText] = useState(joined);
  useEffect(() => setText(joined), [joined]);
  const commit = () => {
    const tokens = text.split(',').map((t) => t.trim()).map((t) => (t === '(empty)' ? '' : t));
    if (!tokens.includes('')) tokens.unshift('');
    if (tokens.join('\u0000') !== recipe.missingTokens.join('\u0000')) onChange([...new Set(tokens)]);
  };
  return (
    <label className="ts-field ts-tokens">
      <span>Cells read as missing (comma-separated)</span>
      <input type="text" data-testid="table-missing-tokens" value={text} disabled={disabled} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </label>
  );
}

/** How a file was decoded and which dropped files are not used, said before anything is committed. */
function FileNotes({ notes }: { notes: TablePrep['fileNotes'] }) {
  if (!notes.warnings.length && !notes.skipped.length) return null;
  return (
    <ul className="ts-callout ts-warnings" data-testid="table-file-notes">
      {notes.warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
      {notes.skipped.map((f) => (
        <li key={f.path}>
          <code>{f.path}</code>: {f.reason}
        </li>
      ))}
    </ul>
  );
}

function Outcome() {
  const prep = useStudio((s) => s.dataset.table)!;
  const st = prep.stage.stats;
  const dropped = st ? st.rows - st.kept : 0;
  const filled = st ? Object.entries(st.filledByColumn).filter(([, n]) => n > 0) : [];
  const byColumn = st ? Object.entries(st.droppedByColumn).filter(([, n]) => n > 0) : [];
  return (
    <div className="ts-table-outcome" aria-live="polite">
      {st ? (
        <p data-testid="table-summary">
          Input width <strong data-testid="table-width">{num(st.inputWidth)}</strong> feature{st.inputWidth === 1 ? '' : 's'} ·{' '}
          <strong data-testid="table-kept">{num(st.kept)}</strong> of {num(st.rows)} rows kept
          {dropped ? (
            <>
              {' '}· <span data-testid="table-dropped">{num(dropped)}</span> dropped ({[st.droppedLabel ? `${num(st.droppedLabel)} with no label` : '', ...byColumn.map(([c, n]) => `${num(n)} missing ${c}`)].filter(Boolean).join(', ')})
            </>
          ) : null}
          {filled.length ? <> · filled: {filled.map(([c, n]) => `${num(n)} in ${c}`).join(', ')}</> : null}
        </p>
      ) : null}
      {prep.stage.error ? (
        <div className="ts-alert" role="alert" data-testid="table-error">
          <p>{prep.stage.error}</p>
        </div>
      ) : null}
      {prep.stage.warnings.length ? (
        <ul className="ts-callout ts-warnings" data-testid="table-warnings">
          {prep.stage.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {prep.note ? <p className="ts-small" data-testid="table-note">{prep.note}</p> : null}
    </div>
  );
}

/**
 * The table preparation dialog (native <dialog>: focus stays inside, Esc closes it and keeps its state). It opens
 * when a table is loaded; "Edit preprocessing" in the dataset panel opens it again.
 */
export function TablePrepDialog() {
  const open = useStudio((s) => !!s.dataset.table?.open);
  const setOpen = useStudio((s) => s.setTableOpen);
  const ref = useRef<HTMLDialogElement>(null);
  // The control that had the focus when the dialog opened ("Edit preprocessing", the file picker): it gets it back.
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      const a = document.activeElement;
      opener.current = a instanceof HTMLElement && a !== document.body && !d.contains(a) ? a : null;
      d.showModal();
    }
    if (!open && d.open) d.close();
    if (!open && wasOpen.current) {
      const back = opener.current;
      opener.current = null;
      (back?.isConnected ? back : document.querySelector<HTMLElement>('[data-testid="table-edit"]'))?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  return (
    <dialog ref={ref} className="ts-table-dialog" aria-labelledby="table-prep-title" onClose={() => setOpen(false)} data-testid="table-dialog">
      {open ? <TablePrep /> : null}
    </dialog>
  );
}

/** Reopens the dialog for the table in use (or one waiting). */
export function EditTableButton() {
  const prep = useStudio((s) => s.dataset.table);
  const setOpen = useStudio((s) => s.setTableOpen);
  if (!prep || prep.open) return null;
  return (
    <button type="button" data-testid="table-edit" onClick={() => setOpen(true)}>
      {prep.applied ? 'Edit table preprocessing' : `Prepare ${prep.stage.profile.fileName}`}
    </button>
  );
}

/**
 * How the file is read: which Excel sheet, whether the first row holds the names. A change reads the file again;
 * the control shows the choice at once (the answer replaces the whole report when it comes).
 */
function ReadAs({ prep, disabled }: { prep: TablePrep; disabled: boolean }) {
  const load = useStudio((s) => s.loadDataset);
  const { profile } = prep.stage;
  // A failed read (an empty sheet) leaves this table in place and sets the dataset's error: say it here, in the dialog.
  const error = useStudio((s) => s.dataset.error);
  const [pending, setPending] = useState<{ sheet?: string; header?: boolean } | null>(null);
  useEffect(() => setPending(null), [profile, error]);
  const reread = (csv: { sheet?: string; header?: boolean }) => {
    setPending(csv);
    void load({ ...prep.source, options: { ...prep.source.options, csv } });
  };
  return (
    <>
      {profile.sheets && profile.sheets.length > 1 ? (
        <label className="ts-small">
          Sheet{' '}
          <select data-testid="table-sheet" value={pending?.sheet ?? profile.sheet} disabled={disabled} onChange={(e) => reread({ sheet: e.target.value })}>
            {profile.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {HEADER_CHOICE.has(profile.delimiter) ? (
        <label className="ts-small ts-check">
          <input type="checkbox" data-testid="table-has-header" checked={pending?.header ?? profile.hasHeader !== false} disabled={disabled} onChange={(e) => reread({ header: e.target.checked })} />
          The first row holds the column names
        </label>
      ) : null}
      {error ? (
        <div className="ts-alert" role="alert" data-testid="table-reread-error">
          {error}
        </div>
      ) : null}
    </>
  );
}

/** The table inference report and recipe editor: nothing becomes the dataset until "Use this table". */
function TablePrep() {
  const prep = useStudio((s) => s.dataset.table);
  const setRecipe = useStudio((s) => s.setTableRecipe);
  const commitTable = useStudio((s) => s.useTable);
  const discard = useStudio((s) => s.discardTable);
  const setOpen = useStudio((s) => s.setTableOpen);
  const running = useStudio((s) => isBusy(s.run.status));
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(COLUMN_PAGE);
  if (!prep) return null;
  const { profile, recipe } = prep.stage;
  const disabled = running;
  const change = (next: Partial<TableRecipe>) => void setRecipe({ ...recipe, ...next });
  const setColumn = (c: ColumnRecipe) => {
    let columns = recipe.columns.map((x) => (x.name === c.name ? c : x));
    let label = recipe.label;
    if (c.role === 'label' && c.name !== recipe.label) {
      // One label: the old one becomes a feature, or is ignored when it cannot be one (free text, an identifier).
      const back = profile.columns.find((p) => p.name === recipe.label)?.defaultRole === 'ignore' ? 'ignore' : 'feature';
      columns = columns.map((x) => (x.name === recipe.label ? { ...x, role: back } : x));
      label = c.name;
    }
    change({ columns, label });
  };
  const setLabel = (name: string) => {
    const c = recipe.columns.find((x) => x.name === name);
    if (c) setColumn({ ...c, role: 'label' });
  };
  const warning = labelWarning(profile, recipe);
  // A wide table (gene panels, sensor dumps: thousands of columns) shows its columns a page at a time, with a filter:
  // rendering 2,000 rows of controls at once held the page for 1.7 s (measured; 0.27 s with a page of 100).
  const wide = profile.columns.length > COLUMN_PAGE;
  const byName = new Map(recipe.columns.map((c) => [c.name, c]));
  const needle = filter.trim().toLowerCase();
  const matching = needle ? profile.columns.filter((p) => p.name.toLowerCase().includes(needle) || p.name === recipe.label) : profile.columns;
  const rows = matching.slice(0, shown);
  const applied = !prep.pending && !!prep.applied;
  return (
    <section className="ts-table-prep" data-testid="table-prep" aria-label="Prepare the table">
      <div className="ts-dialog-head">
      <h2 className="ts-subhead" id="table-prep-title">
        Prepare the table: {profile.fileName}{' '}
        <span className="ts-muted ts-small" data-testid="table-format">
          {num(profile.rows)} rows · {num(profile.columns.length)} columns · {DELIMITER_TEXT[profile.delimiter] ?? profile.delimiter}
          {profile.decimal === ',' ? ', decimal comma' : ''}
          {profile.dayFirst ? ', dates day first (31/12)' : ''}
        </span>
      </h2>
        <button type="button" className="ts-dialog-close" aria-label="Close (keeps your choices)" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <p className="ts-small ts-muted">
        Check what each column holds and choose what it becomes. Nothing changes in the studio until you press “{prep.applied ? 'Apply changes' : 'Use this table'}”; fill
        values and categories are learned from the training split only.
      </p>
      <FileNotes notes={prep.fileNotes} />
      <ReadAs prep={prep} disabled={disabled || prep.busy} />
      <div className="ts-grid-fields">
        <label className="ts-field">
          <span>Label column</span>
          <select data-testid="csv-label" value={recipe.label} disabled={disabled} onChange={(e) => setLabel(e.target.value)}>
            {profile.columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="ts-field">
          <span>Task</span>
          <select data-testid="csv-task" value={recipe.task} disabled={disabled} onChange={(e) => change({ task: e.target.value as Task })}>
            <option value="classification">classification (label is a class)</option>
            <option value="regression">regression (label is a number)</option>
          </select>
        </label>
        <MissingTokens recipe={recipe} disabled={disabled} onChange={(missingTokens) => change({ missingTokens })} />
      </div>
      {warning ? (
        <p className="ts-callout" data-testid="label-warning">
          {warning.text}{' '}
          <button type="button" data-testid="label-switch" onClick={() => change({ task: warning.suggestTask })}>
            Switch to {warning.suggestTask}
          </button>
        </p>
      ) : null}
      {wide ? (
        <label className="ts-field ts-column-filter">
          <span>Find columns</span>
          <input
            type="search"
            data-testid="table-column-filter"
            value={filter}
            placeholder="part of a name"
            onChange={(e) => {
              setFilter(e.target.value);
              setShown(COLUMN_PAGE);
            }}
          />
        </label>
      ) : null}
      <div className="ts-table-scroll" role="region" aria-label="Columns" tabIndex={0}>
        <table className="ts-table ts-columns-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Role</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">Missing</th>
              <th scope="col">When missing</th>
              <th scope="col" className="num">Distinct</th>
              <th scope="col">Range / top values</th>
              <th scope="col">Encoding</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const c = byName.get(p.name);
              return c ? <ColumnRow key={p.name} p={p} c={c} disabled={disabled} onChange={setColumn} /> : null;
            })}
          </tbody>
        </table>
      </div>
      {matching.length > rows.length || wide ? (
        <p className="ts-small ts-buttons" data-testid="table-columns-shown">
          <span>
            Showing {num(rows.length)} of {num(matching.length)} {filter ? 'matching ' : ''}columns{filter ? ` (${num(profile.columns.length)} in all)` : ''}.
          </span>
          {matching.length > rows.length ? (
            <>
              <button type="button" data-testid="table-columns-more" onClick={() => setShown((n) => n + COLUMN_PAGE)}>
                Show {num(Math.min(COLUMN_PAGE, matching.length - rows.length))} more
              </button>
              <button type="button" onClick={() => setShown(matching.length)}>
                Show all
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      <Outcome />
      <div className="ts-buttons">
        <button type="button" className="primary" data-testid="table-use" disabled={disabled || prep.busy || !prep.pending?.dataset} onClick={commitTable}>
          {prep.applied ? 'Apply changes' : 'Use this table'}
        </button>
        {!applied ? (
          <button type="button" data-testid="table-discard" disabled={prep.busy} onClick={discard}>
            {prep.applied ? 'Undo changes' : 'Discard'}
          </button>
        ) : (
          <span className="ts-small ts-muted" data-testid="table-applied">
            In use{prep.busy ? ' · updating…' : ''}
          </span>
        )}
        {prep.busy ? <span className="ts-small ts-muted">Applying…</span> : null}
      </div>
    </section>
  );
}
