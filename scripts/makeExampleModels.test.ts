/**
 * The example page's two models (public/examples/models/), made the way a person makes them in the app: the studio
 * store with the real engine (cpu backend) trains on the bundled data, and "Demo link with trained model" writes the
 * fragment. Regenerate with
 *
 *   MAKE_EXAMPLE_MODELS=1 npx vitest run scripts/makeExampleModels.test.ts
 *
 * Without the variable only the checks at the end run: the committed files decode, are the models they claim to be,
 * and give the answers recorded next to their sample inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MNIST_PATH } from '../src/data/bundledMnist';
import type { StudioStore } from '../src/store/studioStore';
import { storeWithHost, waitFor } from '../src/test/studioHarness';
import { decodeDemoLink, type DemoPayload } from '../src/share/link';
import { buildModel } from '../src/models/buildModel';
import { predictBatch } from '../src/training/predictBatch';
import { splitFor } from '../src/data/split';
import { splitConfigOf } from '../src/models/spec';
import { encodeRecord } from '../src/data/table/encodeRecord';
import type { Dataset } from '../src/core/types';
import type { RunStatus } from '../src/store/types';
import { modelTopology } from '../src/training/modelTransfer';
import { toTfjsArtifacts } from '../src/share/tfjsArtifacts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const MODELS = root('public/examples/models');
const MNIST_FILE = `${MODELS}/mnist-keras-mlp.txt`;
const PENGUINS_FILE = `${MODELS}/penguins.txt`;
const SAMPLES_FILE = `${MODELS}/samples.json`;
const make = !!process.env.MAKE_EXAMPLE_MODELS;
/** npm run bench:embed sets this to a folder: the example models as the app's TF.js export, for the plain-TF.js reference. */
const exportDir = process.env.EXPORT_EXAMPLE_MODELS ?? '';
const finished: RunStatus[] = ['done', 'error', 'stopped'];

/** Raw inputs with their true answers and the answers the app's own model gave (so a page can check it gets the same). */
interface Samples {
  digits: { label: string; predicted: string; pixels: number[] }[];
  penguins: { species: string; predicted: string; row: Record<string, string | number | null> }[];
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The studio with the real engine in-process and the real loader; the bundled MNIST is the committed asset. */
function studio(copied: string[]): StudioStore {
  return storeWithHost(
    { share: { pageUrl: () => 'http://localhost/', download: () => {}, copyText: async (t) => (copied.push(t), true), replaceFragment: () => {}, fetch: () => Promise.reject(new Error('offline')) } },
    { bundled: () => readFileSync(root(`public/${BUNDLED_MNIST_PATH}`)), loopOptions: {} },
  );
}

async function trainAndLink(store: StudioStore, copied: string[]): Promise<string> {
  store.getState().setBackendChoice('cpu');
  store.getState().startTraining();
  await waitFor(store, () => finished.includes(store.getState().run.status), 600_000);
  expect(store.getState().run.status).toBe('done');
  await store.getState().makeDemoLink();
  const url = copied.at(-1) ?? '';
  expect(url).toMatch(/#d1\./);
  return url.slice(url.indexOf('#') + 1);
}

/** The app's batch prediction (the engine's predictBatch, one pass) of the model a link carries. */
async function predictWith(payload: DemoPayload, raw: Float32Array, count: number): Promise<number[]> {
  const model = buildModel(payload.spec, payload.inputShape);
  model.setWeights(payload.weights.map((w) => tf.tensor(w.values, w.shape)));
  const shift = tf.tensor1d(payload.normalization.mean ?? [0]);
  const scale = tf.tensor1d((payload.normalization.std ?? [1]).map((s) => (s === 0 ? 0 : 1 / s)));
  const r = await predictBatch(model, { shift, scale }, raw, count, payload.inputShape, 1);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = Array.from(r.mean.subarray(i * r.outputs, (i + 1) * r.outputs));
    out.push(row.indexOf(Math.max(...row)));
  }
  model.dispose();
  return out;
}

function testDigits(ds: Dataset, fragment: string, take: number): number[] {
  const payload = decodeDemoLink(fragment);
  if (!payload.ok) throw new Error(payload.message);
  return Array.from(splitFor(ds, splitConfigOf(payload.payload.spec)).test.slice(0, take));
}

describe.runIf(make)('make the example models', () => {
  it('a Keras MLP on the bundled MNIST and a penguin species table model', async () => {
    mkdirSync(MODELS, { recursive: true });
    // MNIST: the app's "Keras MLP" preset (Dense 128 → Dropout 0.2 → Dense 10), briefly trained.
    const copied: string[] = [];
    const a = studio(copied);
    await a.getState().init();
    await waitFor(a, () => a.getState().dataset.status === 'ready', 60_000);
    a.getState().selectPreset('keras-mlp');
    a.getState().updateTraining({ epochs: 3 });
    const mnist = await trainAndLink(a, copied);
    writeFileSync(MNIST_FILE, `${mnist}\n`);

    // Penguins: the table pipeline's default recipe (Species from the rest), the small MLP with a dropout layer so
    // the example can show error bars for rows too.
    const b = studio(copied);
    await b.getState().init();
    await waitFor(b, () => b.getState().dataset.status === 'ready', 60_000);
    const json = readFileSync(root('node_modules/vega-datasets/data/penguins.json'));
    await b.getState().loadFiles([{ path: 'penguins.json', file: new Blob([json]) }]);
    await waitFor(b, () => !!b.getState().dataset.table?.pending?.dataset, 60_000);
    b.getState().useTable();
    await waitFor(b, () => !!b.getState().dataset.data?.table, 60_000);
    b.getState().selectPreset('mlp-small');
    const layers = b.getState().spec.model.layers;
    b.getState().setLayers([layers[0], { type: 'dropout', rate: 0.2 }, ...layers.slice(1)]);
    b.getState().applySpec({ ...b.getState().spec, name: 'Small MLP with dropout' });
    const penguins = await trainAndLink(b, copied);
    writeFileSync(PENGUINS_FILE, `${penguins}\n`);

    // Samples: the first 16 test-split digits, and 9 penguins (3 of each species), with the model's answers.
    const ds = a.getState().dataset.data!;
    const idx = testDigits(ds, mnist, 16);
    const raw = new Float32Array(idx.length * 784);
    idx.forEach((k, i) => raw.set(ds.x.subarray(k * 784, (k + 1) * 784), i * 784));
    const mp = decodeDemoLink(mnist);
    const pp = decodeDemoLink(penguins);
    if (!mp.ok || !pp.ok) throw new Error('the links just made do not decode');
    const digitPreds = await predictWith(mp.payload, raw, idx.length);
    const rows = (JSON.parse(json.toString()) as Record<string, string | number | null>[]).filter((r) => r.Sex !== null && r['Beak Length (mm)'] !== null);
    const picked = ['Adelie', 'Chinstrap', 'Gentoo'].flatMap((s) => rows.filter((r) => r.Species === s).filter((_, i) => i % 17 === 5).slice(0, 3));
    const features = picked.map((r) => {
      const { Species: _s, ...row } = r;
      return encodeRecord(pp.payload.table!, row as Record<string, string>);
    });
    const width = features[0].length;
    const flat = new Float32Array(features.length * width);
    features.forEach((f, i) => flat.set(f, i * width));
    const penguinPreds = await predictWith(pp.payload, flat, features.length);
    const classes = pp.payload.classNames!;
    const samples: Samples = {
      digits: idx.map((k, i) => ({ label: String(ds.y[k]), predicted: String(digitPreds[i]), pixels: Array.from(ds.x.subarray(k * 784, (k + 1) * 784)) })),
      penguins: picked.map((r, i) => {
        const { Species, ...row } = r;
        return { species: String(Species), predicted: classes[penguinPreds[i]], row };
      }),
    };
    writeFileSync(SAMPLES_FILE, `${JSON.stringify(samples)}\n`);
  }, 900_000);
});

describe('the committed example models', () => {
  // Read when the checks run, after the maker above (when asked for) has written them.
  const committed = () => ({
    mnist: decodeDemoLink(readFileSync(MNIST_FILE, 'utf8').trim()),
    penguins: decodeDemoLink(readFileSync(PENGUINS_FILE, 'utf8').trim()),
    samples: JSON.parse(readFileSync(SAMPLES_FILE, 'utf8')) as Samples,
  });

  it('are demo links of the models they claim to be, with dropout for error bars', () => {
    const { mnist, penguins } = committed();
    if (!mnist.ok || !penguins.ok) throw new Error('an example model does not decode');
    expect(mnist.payload.spec.name).toBe('Keras MLP');
    expect(mnist.payload.inputShape).toEqual([28, 28, 1]);
    expect(mnist.payload.spec.model.layers.some((l) => l.type === 'dropout')).toBe(true);
    expect(penguins.payload.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(penguins.payload.table?.recipe.label).toBe('Species');
    expect(penguins.payload.spec.model.layers.some((l) => l.type === 'dropout')).toBe(true);
  });

  it('give the answers recorded with their samples, and most of them are right', async () => {
    const { mnist, penguins, samples } = committed();
    if (!mnist.ok || !penguins.ok) throw new Error('an example model does not decode');
    const raw = Float32Array.from(samples.digits.flatMap((d) => d.pixels));
    const preds = await predictWith(mnist.payload, raw, samples.digits.length);
    expect(preds.map(String)).toEqual(samples.digits.map((d) => d.predicted));
    // Better than a guess by far (chance is 1 in 10): the weights in the file are trained ones.
    expect(samples.digits.filter((d) => d.predicted === d.label).length).toBeGreaterThan(samples.digits.length / 2);

    const features = samples.penguins.map((p) => encodeRecord(penguins.payload.table!, p.row as Record<string, string>));
    const flat = Float32Array.from(features.flatMap((f) => Array.from(f)));
    const classes = penguins.payload.classNames!;
    const pp = await predictWith(penguins.payload, flat, features.length);
    expect(pp.map((k) => classes[k])).toEqual(samples.penguins.map((p) => p.predicted));
    expect(samples.penguins.filter((p) => p.predicted === p.species).length).toBeGreaterThan(samples.penguins.length / 2);
  });
});

describe.runIf(!!exportDir)('export the example models for the latency benchmark', () => {
  it('writes model.json + weights.bin (the app\'s TF.js export, float32) and the inputs the benchmark sends', async () => {
    const samples = JSON.parse(readFileSync(SAMPLES_FILE, 'utf8')) as Samples;
    const out: Record<string, unknown> = {};
    for (const [name, file] of [['mnist', MNIST_FILE], ['penguins', PENGUINS_FILE]] as const) {
      const link = decodeDemoLink(readFileSync(file, 'utf8').trim());
      if (!link.ok) throw new Error(link.message);
      const p = link.payload;
      const model = buildModel(p.spec, p.inputShape);
      const art = toTfjsArtifacts(await modelTopology(model), p.weights, 'float32');
      model.dispose();
      mkdirSync(`${exportDir}/${name}`, { recursive: true });
      writeFileSync(`${exportDir}/${name}/model.json`, JSON.stringify(art.modelJson));
      writeFileSync(`${exportDir}/${name}/weights.bin`, new Uint8Array(art.weightData));
      // The reference normalises as the engine does: (x − shift) · scale, with shift = mean and scale = 1 / std.
      const shift = p.normalization.mean ?? [0];
      const scale = (p.normalization.std ?? [1]).map((v) => (v === 0 ? 0 : 1 / v));
      if (name === 'mnist') {
        out.mnist = { shape: p.inputShape, shift, scale, embedInputs: samples.digits.map((d) => d.pixels), referenceInputs: samples.digits.map((d) => d.pixels) };
      } else {
        // The embed takes raw rows and encodes them itself; the reference gets them already encoded.
        const encoded = samples.penguins.map((r) => Array.from(encodeRecord(p.table!, r.row as Record<string, string>)));
        out.penguins = { shape: p.inputShape, shift, scale, embedInputs: samples.penguins.map((r) => r.row), referenceInputs: encoded };
      }
    }
    writeFileSync(`${exportDir}/inputs.json`, JSON.stringify(out));
  });
});
