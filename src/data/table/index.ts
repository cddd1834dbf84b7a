export { profileTable, profileExtras, MAX_INTEGER_LEVELS, type ProfileExtras } from './profile';
export { defaultRecipe, defaultMissing, labelWarning, validateRecipe, recipeProblems } from './recipe';
export { applyRecipe, type TableApplied } from './apply';
export { formFields, encodeRecord, type FormField, type RawRecord } from './encodeRecord';
export { parseDateCell, parseNumberCell, isMissingCell, missingSet, boolToken, datePart, cyclicAngle, type SourceTable } from './cells';
export type { RawValue } from './codec';
