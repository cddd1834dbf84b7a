import type { FormField } from '../../data/table/encodeRecord';

/**
 * One raw column value of a table row, as typed in a file: a select of the levels seen in training for categories
 * (and booleans), else text (numbers and dates). Empty means missing; the fitted table fills it as training did.
 */
export function RawValueInput({ field, value, onChange, testId }: { field: FormField; value: string; onChange: (v: string) => void; testId?: string }) {
  if (field.kind === 'category' || field.kind === 'boolean') {
    return (
      <select data-testid={testId} data-field={field.name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(missing)</option>
        {(field.levels ?? []).map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      type="text"
      data-testid={testId}
      data-field={field.name}
      inputMode={field.kind === 'number' ? 'decimal' : undefined}
      placeholder={field.kind === 'date' ? 'e.g. 2012-06-30' : field.required ? 'required' : 'empty = missing'}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
