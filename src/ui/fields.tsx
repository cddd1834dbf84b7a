import { useEffect, useState, type ReactNode } from 'react';

/**
 * A number input that lets a person type freely (including an empty or half-typed value) and commits
 * only values that parse and fall within the limits; out-of-range text is shown in red and not applied.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  onChange,
  disabled,
  testId,
  hint,
  integer,
}: {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
  disabled?: boolean;
  testId?: string;
  hint?: string;
  integer?: boolean;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const parsed = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(parsed) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed));
  return (
    <label className="ts-field" title={hint}>
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        className={ok ? undefined : 'ts-invalid'}
        aria-invalid={!ok}
        value={text}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) onChange(v);
        }}
      />
    </label>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  testId,
}: {
  label: ReactNode;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <label className="ts-field">
      <span>{label}</span>
      <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
