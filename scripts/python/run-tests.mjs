#!/usr/bin/env node
// npm run test:python — the Python side of Tensorscope, really run: every preset's exported Keras script for one
// short epoch, the Keras MLP package for 5 epochs on one device and on two local workers (compared with the
// browser engine on the same data), a worker killed and resumed from its checkpoint, and the SavedModel export
// compared with the browser model. It needs Python with TensorFlow:
//   1. $PYTHON, or python3, when it already imports tensorflow and numpy: used as it is (no venv);
//   2. else a virtual environment in node_modules/.cache/tensorscope-python (made once, --system-site-packages,
//      from scripts/python/requirements.txt through pip's configured index), reused afterwards;
//   3. else it skips, saying why, and exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const venv = join(root, 'node_modules', '.cache', 'tensorscope-python');
const requirements = join(root, 'scripts', 'python', 'requirements.txt');
const PROBE = 'import numpy, tensorflow as tf; print(tf.__version__)';

function probe(python) {
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  return r.status === 0 ? r.stdout.trim().split('\n').pop() : null;
}

function findPython() {
  const base = process.env.PYTHON || 'python3';
  const tf = probe(base);
  if (tf) return { python: base, how: `${base} (TensorFlow ${tf}, no virtual environment needed)` };
  const venvPython = join(venv, 'bin', 'python');
  if (existsSync(venvPython)) {
    const again = probe(venvPython);
    if (again) return { python: venvPython, how: `the virtual environment ${venv} (TensorFlow ${again})` };
  }
  console.log(`[test:python] ${base} does not import tensorflow; making a virtual environment in ${venv} …`);
  const made = spawnSync(base, ['-m', 'venv', '--system-site-packages', venv], { stdio: 'inherit' });
  if (made.status !== 0) return { skip: `${base} -m venv failed (is Python 3 with venv installed?)` };
  const pip = spawnSync(venvPython, ['-m', 'pip', 'install', '-r', requirements], { stdio: 'inherit', timeout: 1_800_000 });
  if (pip.status !== 0) return { skip: `pip could not install ${requirements} (no network or no index with TensorFlow?)` };
  const installed = probe(venvPython);
  return installed ? { python: venvPython, how: `the new virtual environment ${venv} (TensorFlow ${installed})` } : { skip: 'TensorFlow installed but does not import' };
}

const found = findPython();
if (found.skip) {
  console.log(`[test:python] SKIPPED: Python TensorFlow is not available: ${found.skip}.`);
  process.exit(0);
}
console.log(`[test:python] Python: ${found.how}`);
// The browser's bundled MNIST (gitignored, made by npm run prepare-data): the Keras MLP check trains on it.
spawnSync(process.execPath, [join(root, 'scripts', 'pack-mnist.mjs'), '--if-missing'], { cwd: root, stdio: 'inherit' });
const started = Date.now();
// Every *.python.test.ts (the package's checks here, and e.g. the Vision Transformer layers' in kerasVit.python.test.ts).
const r = spawnSync('npx', ['vitest', 'run', 'python.test', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TENSORSCOPE_PYTHON: found.python },
});
console.log(`[test:python] ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(r.status ?? 1);
