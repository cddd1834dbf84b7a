/**
 * Tables separated by runs of spaces (UCI's .data files, R's write.table, numpy.savetxt, aligned report columns):
 * recognised from the first records and rewritten as tab-separated text, so the one CSV scanner reads them.
 * The exported Keras script reads the same files with pandas' sep=r"\s+".
 */
import { CR, LF, QUOTE, SPACE, TAB } from './charCodes';

/** Records sampled to decide: enough to see a ragged file, few enough to cost nothing on a large one. */
const SAMPLE_RECORDS = 40;

interface WhitespaceSample {
  /** Fields per sampled record when runs of spaces and tabs separate them (quotes respected). */
  counts: number[];
  /** Some run between two fields is two or more characters (aligned columns), or mixes a tab with spaces. */
  wideRun: boolean;
}

function sampleWhitespace(t: string, start: number): WhitespaceSample {
  const counts: number[] = [];
  let wideRun = false;
  let fields = 0;
  let inField = false;
  let inQuotes = false;
  let run = 0;
  let runHasTab = false;
  let runHasSpace = false;
  const n = t.length;
  for (let p = start; p < n && counts.length < SAMPLE_RECORDS; p++) {
    const c = t.charCodeAt(p);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false; // a doubled quote reopens at once, which nets out the same
      continue;
    }
    if (c === LF || c === CR) {
      if (fields > 0) counts.push(fields);
      fields = 0;
      inField = false;
      run = 0;
      continue;
    }
    if (c === SPACE || c === TAB) {
      if (inField) {
        run++;
        runHasTab ||= c === TAB;
        runHasSpace ||= c === SPACE;
      }
      continue;
    }
    if (!inField || run > 0) {
      if (run > 1 || (runHasTab && runHasSpace)) wideRun = true;
      fields++;
      inField = true;
      run = 0;
      runHasTab = runHasSpace = false;
      if (c === QUOTE) inQuotes = true;
    }
  }
  if (fields > 0 && counts.length < SAMPLE_RECORDS) counts.push(fields);
  return { counts, wideRun };
}

/**
 * Whether the file is whitespace-separated rather than split by `delimCount` occurrences of its usual delimiter on
 * the header line: every sampled record has the same number (≥ 2) of space-separated fields, more than the delimiter
 * gives, and either the delimiter never occurs or the runs are wide (so a tab file whose cells hold one space each,
 * "John Smith", stays a tab file).
 */
export function isWhitespaceSeparated(t: string, start: number, delimCount: number): boolean {
  const { counts, wideRun } = sampleWhitespace(t, start);
  if (counts.length === 0) return false;
  // The first record may be one short: R's write.table header has no name over the row names.
  const k = counts.length > 1 ? counts[1] : counts[0];
  if (k < 2 || counts.slice(1).some((x) => x !== k) || (counts[0] !== k && !(counts[0] === k - 1 && k >= 3))) return false;
  return k > delimCount + 1 && (delimCount === 0 || wideRun);
}

/**
 * The text with each run of spaces and tabs between fields made one tab, and runs at the start and end of a line
 * dropped; quoted fields are kept as they are and line breaks stay where they were, so line numbers still match.
 */
export function whitespaceToTabs(t: string, start: number): string {
  const out: string[] = [];
  const n = t.length;
  let from = start;
  let inQuotes = false;
  let lineHasField = false;
  let midField = false;
  for (let p = start; p < n; p++) {
    const c = t.charCodeAt(p);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false;
      continue;
    }
    if (c === LF || c === CR) {
      lineHasField = midField = false;
      continue;
    }
    if (c !== SPACE && c !== TAB) {
      // As in the CSV scanner, a quote opens a quoted field only at the start of a field.
      if (c === QUOTE && !midField) inQuotes = true;
      lineHasField = midField = true;
      continue;
    }
    midField = false;
    let q = p;
    while (q < n && (t.charCodeAt(q) === SPACE || t.charCodeAt(q) === TAB)) q++;
    const atEnd = q >= n || t.charCodeAt(q) === LF || t.charCodeAt(q) === CR;
    out.push(t.slice(from, p));
    if (lineHasField && !atEnd) out.push('\t');
    from = q;
    p = q - 1;
  }
  out.push(t.slice(from));
  return out.join('');
}
