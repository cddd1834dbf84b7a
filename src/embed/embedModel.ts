import type { FittedTable } from '../core/tableTypes';
import { formFields } from '../data/table/encodeRecord';
import { MAX_BATCH, MAX_REQUEST_BYTES, MAX_REQUESTS_PER_SECOND, type ModelDescription, type TableColumnDescription } from '../client/protocol';

/** What the embed knows about its loaded model: the description it publishes, plus what checking inputs needs. */
export interface EmbedModel {
  description: ModelDescription;
  /** Numbers per example in the engine's raw units (784 for 28×28 images; the encoded width for tables). */
  size: number;
  /** Table models: the fitted pipeline that turns raw values into features (as the studio's prediction form). */
  table: FittedTable | null;
}

const LIMITS = { maxBatch: MAX_BATCH, maxRequestBytes: MAX_REQUEST_BYTES, maxRequestsPerSecond: MAX_REQUESTS_PER_SECOND };

/** 28×28 single-channel inputs are drawn and read as images; anything else without a table is a flat vector. */
export const isImageShape = (shape: readonly number[]): boolean => shape[0] === 28 && shape[1] === 28 && (shape.length === 2 || (shape.length === 3 && shape[2] === 1));

export interface ModelFacts {
  name: string;
  inputShape: number[];
  outputUnits: number;
  classNames: string[] | null;
  table: FittedTable | null;
  /** The spec's loss when known (a demo link): 'mse'/'mae'/'huber' mean regression. */
  loss: string | null;
  hasDropout: boolean;
  /** A demo link's test metric (accuracy for classification). */
  metric: number | null;
}

/** The model's description and input checks, from a demo link's payload or an imported model's shape. */
export function embedModelOf(f: ModelFacts): EmbedModel {
  const size = f.inputShape.reduce((a, b) => a * b, 1);
  const task: ModelDescription['task'] = f.table ? f.table.label.task : f.loss && /mse|mae|huber|squared|absolute/i.test(f.loss) ? 'regression' : f.outputUnits === 1 ? 'regression' : 'classification';
  const classes = task === 'classification' ? (f.table?.label.classNames ?? f.classNames ?? Array.from({ length: f.outputUnits }, (_, i) => String(i))) : null;
  const columns: TableColumnDescription[] | null = f.table
    ? formFields(f.table).map((c) => ({ name: c.name, kind: c.kind, ...(c.levels ? { categories: c.levels } : {}), optional: !c.required }))
    : null;
  return {
    size,
    table: f.table,
    description: {
      name: f.name,
      input: f.table ? 'table' : isImageShape(f.inputShape) ? 'image' : 'vector',
      shape: f.inputShape.slice(),
      task,
      classes: classes && classes.length === f.outputUnits ? classes : task === 'classification' ? Array.from({ length: f.outputUnits }, (_, i) => String(i)) : null,
      columns,
      target: task === 'regression' ? (f.table?.label.name ?? 'value') : null,
      uncertainty: f.hasDropout,
      // The demo link's metric is accuracy for classification; for regression it is the MAE, not the RMSE the contract names.
      testMetric: task === 'classification' ? f.metric : null,
      limits: LIMITS,
    },
  };
}
