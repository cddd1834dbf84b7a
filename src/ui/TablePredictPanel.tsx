import { useMemo, useState } from 'react';
import { ProbabilityBars } from '../charts/ProbabilityBars';
import { ProbabilityErrorBars } from '../charts/inspect/ProbabilityErrorBars';
import { formFields } from '../data/table/encodeRecord';
import { useStudio } from '../store/context';
import { Panel } from './Panel';
import { RawValueInput } from './table/RawValueInput';

/**
 * Ask a table model about one row, typed as raw values (text categories, dates, numbers with gaps): the fitted table
 * turns them into the model's inputs exactly as in training, so nobody has to standardise anything by hand.
 */
/** Form fields rendered at once for a wide table; the rest through the filter or "Show all". */
const FIELD_PAGE = 40;

export function TablePredictPanel() {
  const table = useStudio((s) => (s.mode === 'demo' ? s.share.demoPayload?.table : s.dataset.data?.table) ?? null);
  const predict = useStudio((s) => s.predictRecord);
  const probabilities = useStudio((s) => (s.draw.features ? s.draw.probabilities : null));
  const mc = useStudio((s) => (s.draw.features ? s.draw.mc : null));
  const passes = useStudio((s) => s.inspect.passes);
  const message = useStudio((s) => s.draw.message);
  const pending = useStudio((s) => s.draw.pending);
  const hasModel = useStudio((s) => (s.mode === 'demo' ? s.demo?.status === 'ready' : s.run.epochs.length > 0 || (s.run.status === 'done' && s.run.evaluation != null)));
  const fields = useMemo(() => (table ? formFields(table) : []), [table]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  if (!table) return null;
  // A wide table's form shows a page of fields (and those already typed), with a filter: 2,000 inputs at once made
  // the page stall on every keystroke. Empty fields are filled as training filled gaps, so a few values are enough.
  const wide = fields.length > FIELD_PAGE;
  const needle = filter.trim().toLowerCase();
  const matching = needle ? fields.filter((f) => f.name.toLowerCase().includes(needle)) : fields;
  const visible = all || !wide ? matching : matching.filter((f, i) => i < FIELD_PAGE || (values[f.name] ?? '') !== '');
  const classNames = table.label.classNames;
  const regression = table.label.task === 'regression';
  const submit = () => predict(values);
  return (
    <Panel title={`Predict ${table.label.name}`} testId="table-predict">
      <form
        className="ts-predict-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="ts-small ts-muted">Type raw values as they appear in the file; a field left empty is filled the way training filled gaps.</p>
        {wide ? (
          <div className="ts-buttons ts-small">
            <label className="ts-field ts-column-filter">
              <span>Find fields</span>
              <input type="search" data-testid="predict-filter" value={filter} placeholder="part of a name" onChange={(e) => setFilter(e.target.value)} />
            </label>
            <span data-testid="predict-fields-shown">
              {visible.length.toLocaleString('en-US')} of {matching.length.toLocaleString('en-US')} {needle ? 'matching ' : ''}fields shown
            </span>
            {visible.length < matching.length ? (
              <button type="button" onClick={() => setAll(true)}>
                Show all
              </button>
            ) : null}
          </div>
        ) : null}
        <div className="ts-grid-fields">
          {visible.map((f) => (
            <label key={f.name} className="ts-field">
              <span>{f.name}</span>
              <RawValueInput field={f} value={values[f.name] ?? ''} onChange={(v) => setValues({ ...values, [f.name]: v })} testId="predict-field" />
            </label>
          ))}
        </div>
        <div className="ts-buttons">
          <button type="submit" className="primary" data-testid="predict-submit" disabled={!hasModel}>
            Predict
          </button>
          {!hasModel ? <span className="ts-small ts-muted">Train a model first.</span> : null}
        </div>
      </form>
      <div data-testid="predict-result" data-pending={pending ? 'true' : 'false'} aria-live="polite">
        {message ? <p className="ts-small ts-warn-text">{message}</p> : null}
        {probabilities && regression ? (
          <p data-testid="predict-value">
            Predicted {table.label.name}: <strong>{(mc ? mc.mean[0] : probabilities[0]).toPrecision(4)}</strong>
            {mc ? <> ± {mc.std[0].toPrecision(2)} (±1σ over {passes} MC-dropout passes)</> : null}
          </p>
        ) : null}
        {probabilities && !regression ? (
          mc ? (
            <ProbabilityErrorBars classNames={classNames} mean={mc.mean} std={mc.std} q05={mc.q05} q95={mc.q95} entropy={mc.predictiveEntropy[0]} passes={passes} />
          ) : (
            <ProbabilityBars probabilities={probabilities} classNames={classNames} />
          )
        ) : null}
      </div>
    </Panel>
  );
}
