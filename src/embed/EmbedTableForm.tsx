import { useMemo, useState } from 'react';
import type { FittedTable } from '../core/tableTypes';
import { describeError } from '../core/errors';
import { encodeRecord, formFields } from '../data/table/encodeRecord';
import { RawValueInput } from '../ui/table/RawValueInput';

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
          <RawValueInput field={f} value={values[f.name] ?? ''} onChange={(v) => setValues({ ...values, [f.name]: v })} />
        </label>
      ))}
      <button type="submit" className="primary" data-testid="embed-predict">
        Predict {table.label.name}
      </button>
    </form>
  );
}
