export function ProgressBar({ value, label, testId }: { value: number | null; label: string; testId?: string }) {
  const pct = value == null ? null : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div className="ts-progress" data-testid={testId}>
      <div
        className={`ts-progress-track${pct == null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct == null ? undefined : Math.round(pct)}
      >
        <div className="ts-progress-fill" style={{ width: pct == null ? '30%' : `${pct}%` }} />
      </div>
      <div className="ts-progress-label">{label}</div>
    </div>
  );
}
