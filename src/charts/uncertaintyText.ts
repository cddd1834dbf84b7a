/**
 * What every error bar, band and interval in the app is, in words, with the real numbers filled in.
 * One pure module, so each chart's caption and its "?" help say the same thing and are unit-tested.
 */
import { formatCount } from '../core/numberFormat';

/** A caption shown under/over the chart, and 2–3 plain sentences behind its "?" button. */
export interface UncertaintyText {
  caption: string;
  help: string;
}

/** 2000 → "2,000". */
export const count = formatCount;

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** MC-dropout error bars on class probabilities (the draw pad, an example's detail, the table predictor). */
export function mcDropoutBarsText(passes: number, withRange: boolean): UncertaintyText {
  const t = plural(passes, 'MC-dropout pass', 'MC-dropout passes');
  return {
    caption: `Error bars: ±1σ over ${t}${withRange ? `; thin whiskers: 5–95 % range of the ${count(passes)} passes` : ''}.`,
    help:
      `The model predicted this input ${count(passes)} times with dropout left on; each bar is the mean probability and its error bar one standard deviation of the ${count(passes)} answers. ` +
      `A long error bar means the model is unsure about that class. If two classes' bars overlap, the model cannot tell them apart for this input.`,
  };
}

export type ClassMetricName = 'precision' | 'recall' | 'f1';

/** What n each per-class interval rests on, by metric. */
const TRIALS: Record<ClassMetricName, string> = {
  recall: "that class's test items",
  precision: 'the test items predicted as that class',
  f1: "that class's true and predicted test items",
};

/** Per-class precision / recall / F1 whiskers (Wilson score intervals). */
export function wilsonClassText(metric: ClassMetricName, testItems: number): UncertaintyText {
  const label = metric === 'f1' ? 'F1' : metric;
  return {
    caption: `Whiskers: 95 % Wilson interval for each class's ${label}, on ${TRIALS[metric]} (${plural(testItems, 'test item')} in all).`,
    help:
      `The interval is the range of ${label} values that fit what was seen on these ${count(testItems)} test items: drawn this way on many test sets of the same size, it would hold the model's true ${label} 95 times in 100. ` +
      `Classes with few items get wide whiskers${metric === 'f1' ? ' (for F1 the interval is an approximation)' : ''}. If two classes' whiskers overlap, the test set cannot tell which one the model handles better.`,
  };
}

/** Reliability diagram whiskers: Wilson interval on each confidence bin's accuracy. */
export function wilsonCalibrationText(testItems: number, bins: number): UncertaintyText {
  return {
    caption: `Whiskers: 95 % Wilson interval on each bin's accuracy (${plural(bins, 'confidence bin')}, ${plural(testItems, 'test item')} in all).`,
    help:
      `Each bar is how often the model was right for test items whose confidence fell in that bin; the whisker shows how sure we can be of that rate given how many items the bin holds. ` +
      `If the whisker crosses the dashed diagonal, the gap between confidence and accuracy there may be chance.`,
  };
}

/** Regression: the shaded band from test residuals (empirical 90 % prediction interval). */
export function residualBandText(testItems: number, binsUsed: number, binsTotal: number): UncertaintyText {
  return {
    caption:
      `Shaded band: 90 % prediction interval from residuals — the curve plus the 5th–95th percentile of (actual − predicted) ` +
      `in the nearest x bin (${count(binsUsed)} of ${plural(binsTotal, 'bin')} with ≥ 3 items, ${plural(testItems, 'test item')}).`,
    help:
      `About 9 in 10 test points near each x fell inside the band: it shows the noise in the data the model cannot explain. ` +
      `A wide band where data are sparse rests on few points. It says nothing about how sure the model itself is; switch to MC dropout for that.`,
  };
}

/** Regression: the shaded band from MC dropout (model uncertainty). */
export function mcBandText(passes: number): UncertaintyText {
  return {
    caption: `Shaded band: mean ± 2σ over ${plural(passes, 'MC-dropout pass', 'MC-dropout passes')} at each x.`,
    help:
      `The model predicted each x ${count(passes)} times with dropout left on; the line is the mean and the band two standard deviations either side. ` +
      `A wide band means the model is unsure there, often where there was little training data. It does not include the noise in the data itself.`,
  };
}
