import { OPTIMIZERS, type LossName, type OptimizerName, type ScheduleSpec, type TrainingSpec } from '../../models/spec';
import { useStudio } from '../../store/context';
import { NumberField, SelectField } from '../fields';
import { num } from '../format';

const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  rmsprop: 'RMSProp',
  adagrad: 'AdaGrad',
  adadelta: 'Adadelta',
};

const SCHEDULES: readonly (readonly [ScheduleSpec['kind'], string])[] = [
  ['constant', 'constant'],
  ['step', 'step decay'],
  ['exponential', 'exponential decay'],
  ['cosine', 'cosine'],
];

export function Hyperparameters({ busy }: { busy: boolean }) {
  const t = useStudio((s) => s.spec.training);
  const seed = useStudio((s) => s.spec.seed);
  const task = useStudio((s) => s.dataset.data?.task ?? 'classification');
  const trainCount = useStudio((s) => s.dataset.data?.count ?? 0);
  const update = useStudio((s) => s.updateTraining);
  const setSeed = useStudio((s) => s.setSeed);
  const sched = (patch: Partial<ScheduleSpec>) => update({ schedule: { ...t.schedule, ...patch } });
  const early = (patch: Partial<TrainingSpec['earlyStopping']>) => update({ earlyStopping: { ...t.earlyStopping, ...patch } });
  const losses: readonly (readonly [LossName, string])[] =
    task === 'classification'
      ? [['sparseCategoricalCrossentropy', 'cross-entropy']]
      : [
          ['meanSquaredError', 'mean squared error'],
          ['meanAbsoluteError', 'mean absolute error'],
          ['huber', 'Huber (δ = 1)'],
        ];
  return (
    <div data-testid="hyperparameters">
      <div className="ts-grid-fields">
        <SelectField label="Optimizer" testId="optimizer-select" value={t.optimizer} disabled={busy} options={OPTIMIZERS.map((o) => [o, OPTIMIZER_LABELS[o]] as const)} onChange={(optimizer) => update({ optimizer })} />
        <NumberField label="Learning rate" testId="lr-input" value={t.learningRate} min={1e-6} max={10} onChange={(learningRate) => update({ learningRate })} disabled={busy} />
        {t.optimizer === 'momentum' ? <NumberField label="Momentum" value={t.momentum} min={0} max={0.999} step={0.05} onChange={(momentum) => update({ momentum })} disabled={busy} /> : null}
        <NumberField label="Epochs" testId="epochs-input" value={t.epochs} min={1} max={1000} integer onChange={(epochs) => update({ epochs })} disabled={busy} />
        <NumberField label="Batch size" testId="batch-input" value={t.batchSize} min={1} max={8192} integer onChange={(batchSize) => update({ batchSize })} disabled={busy} />
        <SelectField label="Loss" testId="loss-select" value={t.loss} disabled={busy} options={losses} onChange={(loss) => update({ loss })} />
        <label className="ts-field" title="Train on a subset of the train split for a quick look; the validation and test sets stay whole.">
          <span>Train on</span>
          <select data-testid="subset-select" disabled={busy} value={t.maxTrainSamples ?? 0} onChange={(e) => update({ maxTrainSamples: Number(e.target.value) || null })}>
            <option value={0}>all examples</option>
            {[256, 512, 1000, 2000, 4000, 10000].filter((n) => !trainCount || n < trainCount).map((n) => (
              <option key={n} value={n}>
                first {num(n)}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="Seed" testId="seed-input" value={seed} min={0} max={2 ** 31 - 1} integer onChange={setSeed} disabled={busy} hint="Initial weights, dropout masks and batch order all follow it" />
      </div>
      <details className="ts-small">
        <summary>Schedule, regularisation, early stopping</summary>
        <div className="ts-section-title">Learning-rate schedule</div>
        <div className="ts-grid-fields">
          <SelectField label="Schedule" testId="schedule-select" value={t.schedule.kind} disabled={busy} options={SCHEDULES} onChange={(kind) => sched({ kind })} />
          <NumberField label="Warm-up epochs" value={t.schedule.warmupEpochs} min={0} max={1000} onChange={(warmupEpochs) => sched({ warmupEpochs })} disabled={busy} />
          {t.schedule.kind === 'step' ? <NumberField label="Every (epochs)" value={t.schedule.stepEpochs} min={1} max={1000} integer onChange={(stepEpochs) => sched({ stepEpochs })} disabled={busy} /> : null}
          {t.schedule.kind === 'step' || t.schedule.kind === 'exponential' ? (
            <NumberField label="Factor" value={t.schedule.factor} min={0.0001} max={1} step={0.05} onChange={(factor) => sched({ factor })} disabled={busy} />
          ) : null}
          {t.schedule.kind === 'cosine' ? <NumberField label="Minimum rate" value={t.schedule.minLearningRate} min={0} max={10} onChange={(minLearningRate) => sched({ minLearningRate })} disabled={busy} /> : null}
        </div>
        <div className="ts-section-title">Weight penalties</div>
        <div className="ts-grid-fields">
          <NumberField label="L1" testId="l1-input" value={t.l1} min={0} max={1} step={0.0001} onChange={(l1) => update({ l1 })} disabled={busy} />
          <NumberField label="L2" testId="l2-input" value={t.l2} min={0} max={1} step={0.0001} onChange={(l2) => update({ l2 })} disabled={busy} />
        </div>
        <div className="ts-section-title">Gradient clipping</div>
        <div className="ts-grid-fields">
          <label className="ts-field ts-check" title="Before every optimizer step, all gradients together are scaled down to this global L2 norm when they exceed it (Keras global_clipnorm): a guard against divergence at high learning rates.">
            <input type="checkbox" checked={t.clipNorm != null} disabled={busy} data-testid="clip-enabled" onChange={(e) => update({ clipNorm: e.target.checked ? 1 : null })} />
            <span>Clip gradients by global norm</span>
          </label>
          {t.clipNorm != null ? (
            <NumberField label="Max global norm" testId="clipnorm-input" value={t.clipNorm} min={0.0001} max={1_000_000} step={0.1} onChange={(clipNorm) => update({ clipNorm })} disabled={busy} hint="All gradients are scaled by min(1, this / their global L2 norm)" />
          ) : null}
        </div>
        <div className="ts-section-title">Early stopping</div>
        <div className="ts-grid-fields">
          <label className="ts-field ts-check">
            <input type="checkbox" checked={t.earlyStopping.enabled} disabled={busy} data-testid="early-stopping" onChange={(e) => early({ enabled: e.target.checked })} />
            <span>Stop when validation stops improving</span>
          </label>
          <SelectField
            label="Monitor"
            value={t.earlyStopping.monitor}
            disabled={busy || !t.earlyStopping.enabled}
            options={[
              ['valLoss', 'validation loss'],
              ['valMetric', task === 'classification' ? 'validation accuracy' : 'validation MAE'],
            ]}
            onChange={(monitor) => early({ monitor })}
          />
          <NumberField label="Patience (epochs)" value={t.earlyStopping.patience} min={1} max={1000} integer onChange={(patience) => early({ patience })} disabled={busy || !t.earlyStopping.enabled} />
          <label className="ts-field ts-check">
            <input type="checkbox" checked={t.earlyStopping.restoreBest} disabled={busy || !t.earlyStopping.enabled} onChange={(e) => early({ restoreBest: e.target.checked })} />
            <span>Restore the best weights</span>
          </label>
        </div>
      </details>
    </div>
  );
}
