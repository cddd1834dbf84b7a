/**
 * When and how much to prune, as the TensorFlow Model Optimization toolkit's `PolynomialDecay` does it: sparsity rises
 * from `initial` to `final` between `beginStep` and `endStep` along 1 − (1 − t)^power (fast at first, gentle at the
 * end, so the network can recover), and masks are recomputed every `frequency` steps.
 */
export interface PruneSchedule {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  /** 3 in TF MOT. */
  power: number;
  /** Steps between mask updates (100 in TF MOT; fine-tuning here is short, so fewer). */
  frequency: number;
}

/** Why a target cannot be pruned to, in words, or null when it can (0 < s < 1). */
export function pruneTargetProblem(sparsity: number): string | null {
  if (!Number.isFinite(sparsity)) return 'The pruning target must be a number between 0 % and 100 %.';
  if (sparsity <= 0) return `A pruning target of ${formatPct(sparsity)} removes nothing: pick more than 0 %.`;
  if (sparsity >= 1) return `A pruning target of ${formatPct(sparsity)} would remove every weight: pick less than 100 %.`;
  return null;
}

function formatPct(s: number): string {
  return `${Number((s * 100).toPrecision(4))} %`;
}

/** Why a schedule is unusable, or null. */
export function scheduleProblem(s: PruneSchedule): string | null {
  const target = pruneTargetProblem(s.finalSparsity);
  if (target) return target;
  if (!(s.initialSparsity >= 0 && s.initialSparsity <= s.finalSparsity)) return 'The starting sparsity must be between 0 and the target.';
  if (!Number.isInteger(s.beginStep) || !Number.isInteger(s.endStep) || s.beginStep < 0 || s.endStep <= s.beginStep) return 'Pruning must end after it begins (whole steps).';
  if (!(s.power > 0)) return 'The schedule power must be positive.';
  if (!Number.isInteger(s.frequency) || s.frequency < 1) return 'Masks must be updated every whole number of steps (at least 1).';
  return null;
}

/** The sparsity the schedule asks for at `step` (0-based optimizer steps). */
export function sparsityAt(step: number, s: PruneSchedule): number {
  if (step <= s.beginStep) return s.initialSparsity;
  if (step >= s.endStep) return s.finalSparsity;
  const t = (step - s.beginStep) / (s.endStep - s.beginStep);
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * (1 - t) ** s.power;
}

/** Whether masks are recomputed at `step`: every `frequency` steps inside [begin, end], and at the end itself. */
export function updatesMaskAt(step: number, s: PruneSchedule): boolean {
  if (step < s.beginStep || step > s.endStep) return false;
  return step === s.endStep || (step - s.beginStep) % s.frequency === 0;
}
