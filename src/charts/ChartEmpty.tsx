import './charts.css';

/** Placeholder of the chart's height, so the layout does not jump when data arrives. */
export function ChartEmpty({ message, height }: { message: string; height: number }) {
  return (
    <div className="ts-chart-empty" style={{ height }}>
      {message}
    </div>
  );
}
