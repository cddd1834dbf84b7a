import { TensorscopeError } from '../../core/errors';

/** More names than any classifier here can have (labels are uint8); stops a wrong file becoming a huge list. */
const MAX_NAMES = 256;

/** Removes one pair of surrounding double quotes, so `"cat", "dog"` and a quoted-per-line file read naturally. */
function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).trim() : s;
}

/**
 * Class names: one per line, or a single comma-separated line. Names are trimmed; trailing blank lines are dropped.
 * Errors on an empty file, an empty name, a duplicate, more than 256 names, and (when `expected` is given) a count
 * that differs from the data's class count.
 */
export function parseClassNames(text: string, fileName: string, expected?: number): string[] {
  const name = String(fileName);
  const fail = (why: string) => new TensorscopeError('dataset-format', `${name}${why}`);
  if (typeof text !== 'string') throw fail(': expected the file contents as text.');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const lines = body.split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw fail(': the file is empty (expected one class name per line).');

  // Each entry remembers where it came from, for messages.
  let names: { value: string; where: string }[];
  if (lines.length === 1 && lines[0].includes(',')) {
    names = lines[0].split(',').map((s, i) => ({ value: unquote(s.trim()), where: `name ${i + 1}` }));
  } else {
    names = lines.map((s, i) => ({ value: unquote(s.trim()), where: `line ${i + 1}` }));
  }
  if (names.length > MAX_NAMES) throw fail(`: lists ${names.length.toLocaleString('en-US')} class names; at most ${MAX_NAMES} are supported.`);

  const seen = new Map<string, string>();
  for (const { value, where } of names) {
    if (value === '') throw fail(` ${where}: the class name is empty.`);
    const prev = seen.get(value);
    if (prev !== undefined) throw fail(`: the class name ${JSON.stringify(value)} is listed twice (${prev} and ${where}).`);
    seen.set(value, where);
  }
  const result = names.map((n) => n.value);
  if (expected !== undefined && result.length !== expected) {
    throw fail(` lists ${result.length} class name${result.length === 1 ? '' : 's'} but the data has ${String(expected)} classes.`);
  }
  return result;
}
