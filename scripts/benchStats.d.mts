// Types of benchStats.mjs, for its test (and any TypeScript caller).
export declare function percentile(xs: readonly number[], p: number): number;
export declare function median(xs: readonly number[]): number;
export declare function summarize(xs: readonly number[]): { n: number; median: number; p95: number; mean: number; max: number };
export declare function spread(xs: readonly number[]): { median: number; min: number; max: number; n: number };
export declare function ratio(before: number, after: number): number | null;
