/** A column's distribution in a 60×16 sparkline of bars: enough to spot skew, gaps and constant columns at a glance. */
export function MiniHistogram({ counts, label }: { counts: number[]; label: string }) {
  if (!counts.length) return null;
  const max = Math.max(...counts, 1);
  const w = 60 / counts.length;
  return (
    <svg className="ts-mini-hist" width={60} height={16} viewBox="0 0 60 16" role="img" aria-label={`${label}: ${counts.join(', ')}`}>
      {counts.map((c, i) => {
        const h = c > 0 ? Math.max(1, (c / max) * 16) : 0;
        return <rect key={i} x={i * w + 0.5} y={16 - h} width={Math.max(1, w - 1)} height={h} />;
      })}
    </svg>
  );
}
