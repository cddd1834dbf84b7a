import { formatDuration } from '../training/metrics';
import { useStudio } from '../store/context';
import { formatTaskMetric, metricName } from './taskMetric';

/** Every finished epoch's numbers, for reading exact values off what the charts show. */
export function EpochTable() {
  const epochs = useStudio((s) => s.run.epochs);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  if (epochs.length === 0) return null;
  return (
    <div className="ts-epoch-scroll">
    <table className="ts-table ts-epoch-table" data-testid="epoch-table">
      <thead>
        <tr>
          <th className="num">Epoch</th>
          <th className="num">Train loss</th>
          <th className="num">Val {metricName(task)}</th>
          <th className="num">Test {metricName(task)}</th>
          <th className="num">Time</th>
        </tr>
      </thead>
      <tbody>
        {epochs.map((e) => (
          <tr key={e.epoch}>
            <td className="num">{e.epoch}</td>
            <td className="num">{e.trainLoss.toFixed(4)}</td>
            <td className="num">{formatTaskMetric(task, e.valMetric)}</td>
            <td className="num">{formatTaskMetric(task, e.testMetric)}</td>
            <td className="num" title={`${Math.round(e.trainMs)} ms training, ${Math.round(e.evalMs)} ms evaluation`}>
              {formatDuration(e.trainMs + e.evalMs)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
