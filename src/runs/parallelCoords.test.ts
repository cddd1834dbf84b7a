import { describe, expect, it } from 'vitest';
import { axisKind, categoryPosition, numericPosition, parallelLayout, runsParallel, sweepParallel, ticksFor, type PcAxisDef, type PcRun } from './parallelCoords';
import { makeEpoch, makeRun, makeSpec } from './testFixtures';

const OPT = { width: 400, height: 200, margin: { top: 10, right: 20, bottom: 30, left: 20 }, colorKey: 'metric', higherIsBetter: true };
const AXES: PcAxisDef[] = [
  { key: 'learningRate', label: 'learning rate', kind: 'log' },
  { key: 'optimizer', label: 'optimizer', kind: 'categorical' },
  { key: 'metric', label: 'test accuracy' },
];
const run = (id: string, lr: number | null, opt: string | null, metric: number | null): PcRun => ({ id, name: id, values: { learningRate: lr, optimizer: opt, metric } });

describe('parallel coordinates layout', () => {
  it('spreads the axes evenly across the width, first and last at the margins', () => {
    const { axes } = parallelLayout(AXES, [run('a', 0.1, 'adam', 0.9)], OPT);
    expect(axes.map((a) => a.x)).toEqual([20, 200, 380]);
  });

  it('log-scales a learning-rate axis: each decade takes the same height', () => {
    const { axes, lines } = parallelLayout(AXES, [run('a', 0.001, 'adam', 0.5), run('b', 0.01, 'adam', 0.6), run('c', 0.1, 'adam', 0.7)], OPT);
    expect(axes[0].kind).toBe('log');
    const ys = ['a', 'b', 'c'].map((id) => lines.find((l) => l.id === id)!.points[0]!.y);
    expect(ys[0] - ys[1]).toBeCloseTo(ys[1] - ys[2], 6);
    // Higher values sit higher (smaller y): 0.1 at the top of the plot, 0.001 at the bottom.
    expect(ys[2]).toBeCloseTo(10, 6);
    expect(ys[0]).toBeCloseTo(170, 6);
    expect(axes[0].ticks.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1']);
  });

  it('falls back to a linear scale when a log axis has a zero', () => {
    expect(axisKind({ key: 'l2', label: 'L2', kind: 'log' }, [0, 0.001, 0.01])).toBe('linear');
    expect(axisKind({ key: 'l2', label: 'L2', kind: 'log' }, [0.001, 0.01])).toBe('log');
    expect(axisKind({ key: 'x', label: 'x' }, [1, 'adam'])).toBe('categorical');
  });

  it('places categories evenly in order of first appearance, a lone one in the middle', () => {
    expect([0, 1, 2].map((i) => categoryPosition(i, 3))).toEqual([0, 0.5, 1]);
    expect(categoryPosition(0, 1)).toBe(0.5);
    const { axes, lines } = parallelLayout(AXES, [run('a', 0.1, 'sgd', 0.5), run('b', 0.1, 'adam', 0.6), run('c', 0.1, 'sgd', 0.7)], OPT);
    expect(axes[1].categories).toEqual(['sgd', 'adam']);
    expect(axes[1].ticks.map((t) => [t.label, t.y])).toEqual([['sgd', 170], ['adam', 10]]);
    expect(lines.find((l) => l.id === 'b')!.points[1]!.y).toBe(10);
    // Every run has the same learning rate: the value sits mid-axis.
    expect(lines[0].points[0]!.y).toBe(90);
  });

  it('breaks a line where a value is missing and writes it as a dash', () => {
    const { lines } = parallelLayout(AXES, [run('a', 0.1, null, 0.5), run('b', 0.01, 'adam', 0.6)], OPT);
    const a = lines.find((l) => l.id === 'a')!;
    expect(a.points[1]).toBeNull();
    expect(a.path.match(/M/g)).toHaveLength(2);
    expect(a.path).not.toContain('L');
    expect(a.labels).toEqual(['0.1', '—', '0.5']);
    const b = lines.find((l) => l.id === 'b')!;
    expect(b.path.match(/L/g)).toHaveLength(2);
  });

  it('colours by the final metric, best = 1, and draws the best last; lower-is-better flips it', () => {
    const runs = [run('best', 0.1, 'adam', 0.9), run('worst', 0.1, 'adam', 0.3), run('none', 0.1, 'adam', null), run('mid', 0.1, 'adam', 0.6)];
    const hi = parallelLayout(AXES, runs, OPT).lines;
    expect(hi.map((l) => l.id)).toEqual(['none', 'worst', 'mid', 'best']);
    expect(hi.map((l) => (l.colorT == null ? null : Number(l.colorT.toFixed(6))))).toEqual([null, 0, 0.5, 1]);
    const lo = parallelLayout(AXES, runs, { ...OPT, higherIsBetter: false }).lines;
    expect(lo[lo.length - 1].id).toBe('worst');
  });

  it('picks round linear ticks inside the domain and powers of ten on log axes', () => {
    expect(ticksFor([0, 1], 'linear')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticksFor([0.12, 0.93], 'linear')).toEqual([0.25, 0.5, 0.75]);
    expect(ticksFor([1e-4, 0.05], 'log')).toEqual([1e-4, 1e-3, 1e-2]);
    expect(ticksFor([0.002, 0.005], 'log')).toEqual([0.002, 0.005]);
    expect(numericPosition(5, [5, 5], 'linear')).toBe(0.5);
  });
});

describe('runs and sweeps as parallel coordinates', () => {
  it('stored runs: axes for the settings that differ, best validation loss and the final metric', () => {
    const a = makeRun('a', { name: 'a', finalMetric: 0.8, epochs: [makeEpoch(1, { valLoss: 0.5 }), makeEpoch(2, { valLoss: 0.4 })] });
    const b = makeRun('b', { name: 'b', finalMetric: 0.7, spec: makeSpec({ training: { ...makeSpec().training, learningRate: 0.1, optimizer: 'sgd' } }), epochs: [makeEpoch(1, { valLoss: 0.9 })] });
    const { axes, runs } = runsParallel([a, b]);
    expect(axes.map((x) => x.key)).toEqual(['learningRate', 'optimizer', 'valLoss', 'metric']);
    expect(axes[0].kind).toBe('log');
    expect(runs[0].values).toEqual({ learningRate: 0.001, optimizer: 'adam', valLoss: 0.4, metric: 0.8 });
    expect(runs[1].values.optimizer).toBe('sgd');
  });

  it('a sweep: its knobs, named by the stored run when known; configurations without a score are left out', () => {
    const results = [
      { index: 0, config: { learningRate: 0.1 }, valLoss: 0.5, valMetric: 0.8, testMetric: 0.79, runId: 'r0' },
      { index: 1, config: { learningRate: 0.01 }, valLoss: null, valMetric: null, testMetric: null, runId: 'r1' },
    ];
    const { axes, runs } = sweepParallel(results, ['learningRate'], 'regression', (id, i) => (id === 'r0' ? 'named-#1' : `#${i + 1}`));
    expect(axes.map((x) => x.label)).toEqual(['learning rate', 'val loss', 'test MAE']);
    expect(runs).toEqual([{ id: 'r0', name: 'named-#1', values: { learningRate: 0.1, valLoss: 0.5, metric: 0.79 } }]);
  });
});
