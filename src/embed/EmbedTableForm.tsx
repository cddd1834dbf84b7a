import { useMemo, useState } from 'react';
import type { FittedTable } from '../core/tableTypes';
import { describeError } from '../core/errors';
import { encodeRecord, formFields } from '../data/table/encodeRecord';

/** Raw values by column, encoded by the model's fitted table exactly as the studio's prediction form does. */
export function EmbedTableForm({ table, onPredict, onError }: { table: FittedTable; onPredict: (features: Float32Array) => void; onError: (message: string) => void }) {
  const fields = useMemo(() => formFields(table), [table]);
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <form
      className="ts-embed-form"
      data-testid="embed-form"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          onPredict(encodeRecord(table, values));
        } catch (err) {
          onError(describeError(err));
        }
      }}
    >
      {fields.map((f) => (
        <label key={f.name}>
          <span>{f.name}</span>
          {f.kind === 'category' || f.kind === 'boolean' ? (
            <select data-field={f.name} value={values[f.name] ?? ''} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
              <option value="">(missing)</option>
              {(f.levels ?? []).map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          ) : (
            <input
              type="text"
              data-field={f.name}
              inputMode={f.kind === 'number' ? 'decimal' : undefined}
              placeholder={f.kind === 'date' ? 'e.g. 2012-06-30' : f.required ? 'required' : 'empty = missing'}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      <button type="submit" className="primary" data-testid="embed-predict">
        Predict {table.label.name}
      </button>
    </form>
  );
}
