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
        {/* scaleX, not width: the compositor moves it without a page layout. */}
        <div className="ts-progress-fill" style={pct == null ? undefined : { transform: `scaleX(${pct / 100})` }} />
      </div>
      <div className="ts-progress-label">{label}</div>
    </div>
  );
}
