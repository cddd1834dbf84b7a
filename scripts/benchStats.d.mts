// Types of benchStats.mjs, for its test (and any TypeScript caller).
export declare function percentile(xs: readonly number[], p: number): number;
export declare function median(xs: readonly number[]): number;
export declare function summarize(xs: readonly number[]): { n: number; median: number; p95: number; mean: number; max: number };
export declare function spread(xs: readonly number[]): { median: number; min: number; max: number; n: number };
export declare function ratio(before: number, after: number): number | null;
export declare const NOISY_SPREAD: number;
export declare function repeatSpread(xs: readonly number[], limit?: number): { median: number; min: number; max: number; n: number; relSpread: number; noisy: boolean };
export interface GoalOnRepeats {
  median: number;
  worst: number;
  n: number;
  metOnMedian: boolean | null;
  metOnWorst: boolean | null;
}
export declare function goalOnRepeats(xs: readonly number[], bound: { atLeast: number; below?: undefined } | { below: number; atLeast?: undefined }): GoalOnRepeats;
export declare function allOf(results: readonly Pick<GoalOnRepeats, 'metOnMedian' | 'metOnWorst'>[]): { metOnMedian: boolean | null; metOnWorst: boolean | null };
