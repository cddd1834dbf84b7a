/**
 * Vitest setup: drops exactly the known, expected console messages that would otherwise bury the test report, and
 * nothing else (every other warning and error still prints):
 *
 * - tfjs's "Hi, looks like you are running TensorFlow.js in Node.js…" banner, printed by every test file that makes
 *   a tensor on the cpu backend (the tests run on it on purpose: it is the reference the app's kernels are checked against);
 * - the wasm backend failing to start in Node because its .wasm binaries live at the app's asset URLs
 *   (src/training/backends.test.ts expects exactly that, and checks it through console spies).
 *
 * A test that wants to see one of these messages spies on console itself (vi.spyOn): the spy replaces this filter.
 */

/** Each pattern matches the whole text of one console call (its arguments joined by spaces). */
export const KNOWN_NOISE: readonly RegExp[] = [
  /^\s*=+\s*Hi, looks like you are running TensorFlow\.js in Node\.js\. To speed things up dramatically, install our node backend, visit https:\/\/github\.com\/tensorflow\/tfjs-node for more details\.\s*=+\s*$/,
  /^Initialization of backend wasm failed$/,
  /^Make sure the server can serve the `\.wasm` file relative to the bundled js file\. For more details see https:\/\/github\.com\/tensorflow\/tfjs\/blob\/master\/tfjs-backend-wasm\/README\.md#using-bundlers$/,
  // tfjs logs the failed initialisation's stack: the module's RuntimeError and the lines under it.
  /^RuntimeError: Aborted\(Error: ENOENT: no such file or directory, open '[^']*\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm[\w-]*\.wasm'\)\. Build with -sASSERTIONS for more info\.(?:\n\s+at [^\n]*)*$/,
  /^(?:failed to asynchronously prepare wasm: RuntimeError: )?Aborted\((?:RuntimeError: Aborted\()?Error: ENOENT: no such file or directory, open '[^']*\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm[\w-]*\.wasm'\)(?:\. Build with -sASSERTIONS for more info\.\)?)?$/,
];

function text(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ');
}

/** Whether one console call is a known, expected message. */
export function isKnownNoise(args: readonly unknown[]): boolean {
  if (args.length === 0) return false;
  const t = text(args);
  return KNOWN_NOISE.some((re) => re.test(t));
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

for (const method of METHODS) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (!isKnownNoise(args)) original(...args);
  };
}
