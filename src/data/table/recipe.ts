import type { Task } from '../../core/types';
import {
  DATE_PARTS,
  DEFAULT_MAX_LEVELS,
  DEFAULT_MISSING_TOKENS,
  MISSING_POLICIES,
  type ColumnProfile,
  type ColumnRecipe,
  type ColumnType,
  type DatePart,
  type MissingPolicy,
  type TableProfile,
  type TableRecipe,
} from '../../core/tableTypes';
import { parseDateCell, parseNumberCell } from './cells';
import { profileExtras } from './profile';

/**
 * Column names that usually hold the label (compared case-insensitively), in order of preference: the generic ones,
 * then the labels of the tables people most often start with (Kaggle's Titanic, Spaceship Titanic and House Prices,
 * the Wisconsin breast-cancer table, churn and fraud sets), whose label is not their last column.
 */
export const LABEL_NAMES = ['label', 'labels', 'class', 'target', 'y', 'species', 'category', 'digit', 'outcome', 'survived', 'transported', 'saleprice', 'diagnosis', 'churn', 'exited', 'is_fraud', 'fraud'];
/** A label with at most this many distinct integers is a class label by default. */
export const MAX_DEFAULT_CLASSES = 20;

const isCategorical = (t: ColumnType): boolean => t === 'integer-categorical' || t === 'text-categorical' || t === 'boolean';
/** Whether a profiled column holds words rather than numbers (a 0/1 boolean or integer ids do not). */
const holdsText = (p: ColumnProfile): boolean =>
  p.mixed !== null || (p.inferred !== 'numeric' && p.inferred !== 'integer-categorical' && p.top.some((t) => Number.isNaN(parseNumberCell(t.value))));

export function defaultMissing(t: ColumnType): MissingPolicy {
  return t === 'numeric' || t === 'datetime' ? 'median' : 'mode';
}

function defaultTask(c: ColumnProfile): Task {
  if (c.inferred === 'numeric' || c.inferred === 'datetime') {
    return profileExtras(c).integer && c.distinct <= MAX_DEFAULT_CLASSES ? 'classification' : 'regression';
  }
  return 'classification';
}

export function defaultRecipe(profile: TableProfile, choice?: { label?: string; task?: Task }, missingTokens?: readonly string[]): TableRecipe {
  const names = profile.columns.map((c) => c.name);
  let label = choice?.label && names.includes(choice.label) ? choice.label : undefined;
  for (const want of LABEL_NAMES) {
    if (label) break;
    label = names.find((n) => n.trim().toLowerCase() === want);
  }
  // Else the last column that could be one: UCI's auto-mpg.data ends in the car's name (free text, 300 levels).
  label ??= [...profile.columns].reverse().find((c) => c.defaultRole !== 'ignore')?.name ?? names[names.length - 1] ?? '';
  const labelProfile = profile.columns.find((c) => c.name === label);
  const task = choice?.task ?? (labelProfile ? defaultTask(labelProfile) : 'classification');
  const columns: ColumnRecipe[] = profile.columns.map((c) => ({
    name: c.name,
    role: c.name === label ? 'label' : c.defaultRole === 'label' ? 'feature' : c.defaultRole,
    type: c.inferred,
    missing: defaultMissing(c.inferred),
    fill: '',
    indicator: false,
    dateParts: defaultDateParts(c),
    cyclic: false,
  }));
  return {
    version: 1,
    columns,
    label,
    task,
    missingTokens: [...(missingTokens ?? DEFAULT_MISSING_TOKENS)],
    maxLevels: DEFAULT_MAX_LEVELS,
  };
}

/** Shared wording, also used by applyRecipe when it sees many numeric classes. */
export const manyClassesText = (n: number, name: string): string => `${n.toLocaleString('en-US')} distinct values in “${name}”: did you mean regression?`;

/** A label/task mismatch worth showing before training (a text label for regression should be refused). */
export function labelWarning(profile: TableProfile, recipe: TableRecipe): { text: string; suggestTask: Task } | null {
  const c = profile.columns.find((p) => p.name === recipe.label);
  if (!c) return null;
  const numericLike = c.inferred === 'numeric' || c.inferred === 'integer-categorical' || c.inferred === 'datetime';
  if (recipe.task === 'classification' && numericLike && c.distinct > MAX_DEFAULT_CLASSES) {
    return { text: manyClassesText(c.distinct, c.name), suggestTask: 'regression' };
  }
  if (recipe.task === 'regression') {
    if (c.mixed) return { text: `“${c.name}” holds some text (e.g. ${JSON.stringify(c.mixed.examples[0] ?? '')}): regression needs numbers in every row.`, suggestTask: 'classification' };
    if (holdsText(c)) {
      const ex = c.top[0]?.value;
      return { text: `“${c.name}” holds text${ex ? ` (e.g. ${JSON.stringify(ex)})` : ''}: regression needs numbers — use classification.`, suggestTask: 'classification' };
    }
    if (c.inferred === 'integer-categorical') {
      return { text: `Only ${c.distinct} distinct values in “${c.name}”: did you mean classification?`, suggestTask: 'classification' };
    }
  }
  return null;
}

/**
 * Problems that make a recipe unusable whatever the data, for the given column names. applyRecipe throws these;
 * validateRecipe adds the ones it can see in a profile.
 */
export function recipeProblems(recipe: TableRecipe, columnNames: readonly string[]): string[] {
  const out: string[] = [];
  const known = new Set(columnNames);
  const seen = new Set<string>();
  for (const c of recipe.columns) {
    if (seen.has(c.name)) out.push(`“${c.name}” appears twice in the recipe.`);
    seen.add(c.name);
    if (!known.has(c.name)) out.push(`the file has no column “${c.name}”.`);
  }
  const labels = recipe.columns.filter((c) => c.role === 'label');
  if (labels.length !== 1) out.push(labels.length === 0 ? 'no column is the label: choose exactly one.' : `${labels.length} columns are labels (${labels.map((c) => `“${c.name}”`).join(', ')}): choose exactly one.`);
  else if (labels[0].name !== recipe.label) out.push(`the label is “${recipe.label}” but the column marked as label is “${labels[0].name}”.`);
  if (!(Number.isInteger(recipe.maxLevels) && recipe.maxLevels >= 1)) out.push('the number of levels kept per column must be a whole number of at least 1.');
  if (recipe.task !== 'classification' && recipe.task !== 'regression') out.push(`unknown task “${String(recipe.task)}”.`);
  for (const c of recipe.columns) {
    if (c.role !== 'feature') continue;
    if (!MISSING_POLICIES.includes(c.missing)) out.push(`“${c.name}”: unknown missing-value policy “${String(c.missing)}”.`);
    if (c.type === 'free-text' || c.type === 'identifier') {
      out.push(`“${c.name}” is ${c.type === 'free-text' ? 'free text' : 'an identifier'}: ignore it, or treat it as categorical.`);
    }
    if (isCategorical(c.type) && (c.missing === 'mean' || c.missing === 'median')) {
      out.push(`“${c.name}” is categorical: its missing cells can be filled with the most frequent value or a constant, not the ${c.missing}.`);
    }
    if (c.missing === 'constant') {
      if (c.type === 'numeric' && !Number.isFinite(parseNumberCell(c.fill))) out.push(`“${c.name}”: the fill ${JSON.stringify(c.fill)} is not a number.`);
      if (c.type === 'datetime' && Number.isNaN(parseDateCell(c.fill)) && Number.isNaN(parseDateCell(c.fill, true))) out.push(`“${c.name}”: the fill ${JSON.stringify(c.fill)} is not a date (e.g. 2020-01-31).`);
      if (isCategorical(c.type) && c.fill.trim() === '') out.push(`“${c.name}”: choose the constant that fills missing cells.`);
    }
    if (c.type === 'datetime') {
      if (c.dateParts.length === 0) out.push(`“${c.name}”: choose at least one date part (year, month, …).`);
      for (const p of c.dateParts) if (!DATE_PARTS.includes(p)) out.push(`“${c.name}”: unknown date part “${String(p)}”.`);
      if (new Set(c.dateParts).size !== c.dateParts.length) out.push(`“${c.name}”: a date part is listed twice.`);
    }
  }
  return out;
}

/** Everything wrong with a recipe for this profile, in words (empty when it can be applied). */
export function validateRecipe(recipe: TableRecipe, profile: TableProfile): string[] {
  const names = profile.columns.map((c) => c.name);
  const out = recipeProblems(recipe, names);
  const inRecipe = new Set(recipe.columns.map((c) => c.name));
  for (const n of names) if (!inRecipe.has(n)) out.push(`the recipe says nothing about column “${n}”.`);
  if (!recipe.columns.some((c) => c.role === 'feature')) out.push('no column is a feature: choose at least one.');
  const byName = new Map(profile.columns.map((c) => [c.name, c] as [string, ColumnProfile]));
  for (const c of recipe.columns) {
    const p = byName.get(c.name);
    if (!p || c.role === 'ignore') continue;
    if (c.role === 'feature' && c.type === 'numeric' && p.mixed) {
      out.push(`“${c.name}” holds text in ${p.mixed.count.toLocaleString('en-US')} cells (e.g. ${JSON.stringify(p.mixed.examples[0] ?? '')}): make it categorical, add the text to the missing-value list, or ignore it.`);
    } else if (c.role === 'feature' && c.type === 'numeric' && holdsText(p)) {
      out.push(`“${c.name}” holds text (e.g. ${JSON.stringify(p.top[0]?.value ?? '')}), so it cannot be numeric.`);
    }
    if (c.role === 'label' && recipe.task === 'regression' && holdsText(p)) {
      out.push(`the label “${c.name}” holds text: regression needs numbers — use classification.`);
    }
    if (c.role === 'label' && p.missing === profile.rows) out.push(`the label “${c.name}” is empty in every row.`);
  }
  return out;
}

/** Year, month, day of year and weekday (and hour when times vary), minus parts that never change in this column. */
function defaultDateParts(c: ColumnProfile): DatePart[] {
  const base: DatePart[] = profileExtras(c).hasTime ? ['year', 'month', 'dayOfYear', 'weekday', 'hour'] : ['year', 'month', 'dayOfYear', 'weekday'];
  if (!c.varyingParts) return base;
  const varying = base.filter((p) => c.varyingParts!.includes(p));
  return varying.length ? varying : ['year'];
}
