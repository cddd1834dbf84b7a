// The example page: embeds Tensorscope models in iframes and calls them with the typed client. Plain JavaScript, no
// framework, so it reads as a recipe. Everything shown comes from the model's replies and is set as text, never HTML.
import { Tensorscope, TensorscopeError } from '../client/tensorscope-client.js';

const params = new URLSearchParams(location.search);
/** ?backend=wasm|webgl|… is passed on to the example models' embeds. */
const backend = params.get('backend');
/** ?model=<embed url>: show that embed instead of the two example models. */
const customModel = params.get('model');

const EXAMPLES = [
  { file: 'models/mnist-keras-mlp.txt', title: 'Handwritten digits (Keras MLP trained on MNIST)' },
  { file: 'models/penguins.txt', title: 'Penguin species (a table model)' },
];
/** MC dropout passes for each answer's error bars. */
const PASSES = 30;

const main = document.getElementById('models');
const template = document.getElementById('model-card');

function embedAddress(fragment) {
  const query = backend ? `?backend=${encodeURIComponent(backend)}` : '';
  return `../embed.html${query}#${fragment.trim()}`;
}

/** A URL from the address bar is used only if it is http(s); anything else is refused with a message. */
function checkedModelUrl(raw) {
  try {
    const u = new URL(raw, location.href);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch {
    /* refused below */
  }
  return null;
}

async function loadSamples() {
  try {
    const r = await fetch('models/samples.json');
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

const percent = (p) => `${Math.round(p * 1000) / 10}%`;

// ---------------------------------------------------------------------------------------------------------------
// Drawing the answer: bars for the mean probabilities, whiskers for mean ± 2σ over the dropout passes.

function colours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return { text: v('--text'), muted: v('--muted'), grid: v('--track'), bar: v('--bar'), top: v('--bar-top'), whisker: v('--whisker') };
}

function drawClassification(canvas, result) {
  const ctx = canvas.getContext('2d');
  const c = colours();
  const { width: W, height: H } = canvas;
  const left = 36;
  const bottom = H - 40;
  const top = 12;
  const plotH = bottom - top;
  ctx.clearRect(0, 0, W, H);
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = c.muted;
  ctx.strokeStyle = c.grid;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of [0, 0.5, 1]) {
    const y = bottom - t * plotH;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(W - 4, y);
    ctx.stroke();
    ctx.fillText(`${t * 100}%`, left - 4, y);
  }
  const n = result.classes.length;
  const slot = (W - left - 4) / n;
  const barW = Math.max(2, Math.min(40, slot * 0.6));
  const best = result.probs.indexOf(Math.max(...result.probs));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  result.classes.forEach((name, i) => {
    const x = left + slot * (i + 0.5);
    const p = result.probs[i];
    ctx.fillStyle = i === best ? c.top : c.bar;
    ctx.fillRect(x - barW / 2, bottom - p * plotH, barW, p * plotH);
    if (result.interval) {
      // The whisker: from mean − 2σ to mean + 2σ (clipped to 0–1 by the embed), with caps.
      const [lo, hi] = result.interval[i];
      const y0 = bottom - lo * plotH;
      const y1 = bottom - hi * plotH;
      ctx.strokeStyle = c.whisker;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.moveTo(x - barW / 4, y0);
      ctx.lineTo(x + barW / 4, y0);
      ctx.moveTo(x - barW / 4, y1);
      ctx.lineTo(x + barW / 4, y1);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    ctx.fillStyle = c.text;
    const label = name.length > 10 ? `${name.slice(0, 9)}…` : name;
    ctx.fillText(label, x, bottom + 6);
  });
}

function drawRegression(canvas, result, target) {
  const ctx = canvas.getContext('2d');
  const c = colours();
  const { width: W, height: H } = canvas;
  ctx.clearRect(0, 0, W, H);
  const [lo, hi] = result.interval ?? [result.value, result.value];
  const pad = Math.max(hi - lo, Math.abs(result.value) * 0.1, 1e-6);
  const min = lo - pad;
  const max = hi + pad;
  const xOf = (v) => 20 + ((v - min) / (max - min)) * (W - 40);
  const y = H / 2;
  ctx.strokeStyle = c.grid;
  ctx.beginPath();
  ctx.moveTo(20, y);
  ctx.lineTo(W - 20, y);
  ctx.stroke();
  ctx.strokeStyle = c.whisker;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(xOf(lo), y - 10);
  ctx.lineTo(xOf(lo), y + 10);
  ctx.moveTo(xOf(lo), y);
  ctx.lineTo(xOf(hi), y);
  ctx.moveTo(xOf(hi), y - 10);
  ctx.lineTo(xOf(hi), y + 10);
  ctx.stroke();
  ctx.lineWidth = 1;
  ctx.fillStyle = c.top;
  ctx.beginPath();
  ctx.arc(xOf(result.value), y, 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = c.text;
  ctx.font = '13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText(`${target ?? 'value'} ≈ ${result.value.toPrecision(4)}`, W / 2, y + 36);
}

/** The answer as a sentence and a list (what the chart shows, for screen readers and for copying). */
function showResult(card, result, description) {
  const { chart, answer, list, error } = card.slots;
  card.last = { result, description };
  error.textContent = '';
  list.replaceChildren();
  if (result.task === 'classification') {
    drawClassification(chart, result);
    const k = result.classes.indexOf(result.label);
    const spread = result.sigma ? ` ± ${percent(2 * result.sigma[k])}` : '';
    answer.textContent = `Prediction: ${result.label} (${percent(result.probs[k])}${spread})`;
    chart.setAttribute('aria-label', `Bar chart of class probabilities; the highest is ${result.label} at ${percent(result.probs[k])}.`);
    const order = result.probs.map((p, i) => i).sort((a, b) => result.probs[b] - result.probs[a]);
    for (const i of order) {
      const s = result.sigma ? ` ± ${percent(2 * result.sigma[i])}` : '';
      list.append(el('li', { text: `${result.classes[i]}: ${percent(result.probs[i])}${s}` }));
    }
  } else {
    drawRegression(chart, result, description.target);
    const s = result.sigma !== null ? ` ± ${(2 * result.sigma).toPrecision(3)}` : '';
    answer.textContent = `Prediction: ${description.target ?? 'value'} = ${result.value.toPrecision(4)}${s}`;
    chart.setAttribute('aria-label', answer.textContent);
  }
}

function showError(card, err) {
  const code = err instanceof TensorscopeError ? `${err.code}: ` : '';
  card.slots.error.textContent = `${code}${err instanceof Error ? err.message : String(err)}`;
}

async function predictInto(card, input, options = {}) {
  try {
    const result = await card.model.predict(input, { passes: PASSES, ...options });
    showResult(card, result, card.model.describe());
  } catch (err) {
    showError(card, err);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs: a draw pad for image models, a form for table models, a text box for vector models.

/** 28×28 pixels, 0–255, from the pad: the ink's bounding box scaled into the middle 20×20, as MNIST digits are. */
function padPixels(pad) {
  const g = pad.getContext('2d');
  const { data } = g.getImageData(0, 0, pad.width, pad.height);
  let x0 = pad.width;
  let y0 = pad.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < pad.height; y++) {
    for (let x = 0; x < pad.width; x++) {
      if (data[(y * pad.width + x) * 4] > 20) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const s = small.getContext('2d');
  s.fillStyle = '#000';
  s.fillRect(0, 0, 28, 28);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const k = 20 / Math.max(w, h);
  s.drawImage(pad, x0, y0, w, h, 14 - (w * k) / 2, 14 - (h * k) / 2, w * k, h * k);
  const px = s.getImageData(0, 0, 28, 28).data;
  return Array.from({ length: 784 }, (_, i) => px[i * 4]);
}

/** Paints 28×28 pixels (0–255) onto the pad, so a chosen sample digit shows where drawings go. */
function paintPixels(pad, pixels) {
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const s = small.getContext('2d');
  const img = s.createImageData(28, 28);
  pixels.forEach((v, i) => {
    img.data.set([v, v, v, 255], i * 4);
  });
  s.putImageData(img, 0, 0);
  const g = pad.getContext('2d');
  g.imageSmoothingEnabled = false;
  g.drawImage(small, 0, 0, pad.width, pad.height);
}

function imageInput(card, samples) {
  const pad = el('canvas', { width: 224, height: 224, className: 'draw-pad', 'aria-label': 'Drawing pad: draw a digit with the mouse, a pen or a finger', 'data-testid': 'draw-pad' });
  const g = pad.getContext('2d');
  const clear = () => {
    g.fillStyle = '#000';
    g.fillRect(0, 0, pad.width, pad.height);
  };
  clear();
  let drawing = false;
  let last = null;
  const at = (e) => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * pad.width, ((e.clientY - r.top) / r.height) * pad.height];
  };
  pad.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = at(e);
    pad.setPointerCapture(e.pointerId);
  });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const p = at(e);
    g.strokeStyle = '#fff';
    g.lineWidth = 16;
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(...last);
    g.lineTo(...p);
    g.stroke();
    last = p;
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    const pixels = padPixels(pad);
    if (pixels) void predictInto(card, pixels, { scale: '0-255' });
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);

  const clearButton = el('button', { type: 'button', text: 'Clear the pad', 'data-testid': 'clear-pad' });
  clearButton.addEventListener('click', clear);
  const controls = [pad, el('div', { className: 'row' }, [clearButton])];

  if (samples?.digits?.length) {
    // A keyboard way in: pick one of the test digits the model was not trained on.
    const select = el('select', { id: `${card.id}-sample`, 'data-testid': 'sample-digit' });
    samples.digits.forEach((d, i) => select.append(el('option', { value: String(i), text: `Test digit ${i + 1} (labelled ${d.label})` })));
    const use = el('button', { type: 'button', className: 'primary', text: 'Predict this digit', 'data-testid': 'predict-sample' });
    use.addEventListener('click', () => {
      const d = samples.digits[Number(select.value)];
      paintPixels(pad, d.pixels);
      void predictInto(card, d.pixels, { scale: '0-255' });
    });
    const all = el('button', { type: 'button', text: `Predict all ${samples.digits.length} in one batch`, 'data-testid': 'predict-batch' });
    all.addEventListener('click', async () => {
      try {
        const results = await card.model.predictBatch(samples.digits.map((d) => d.pixels), { passes: PASSES, scale: '0-255' });
        const right = results.filter((r, i) => r.task === 'classification' && r.label === samples.digits[i].label).length;
        card.slots.error.textContent = '';
        card.slots.list.replaceChildren();
        card.slots.answer.textContent = `Batch of ${results.length}: ${right} predicted as labelled.`;
      } catch (err) {
        showError(card, err);
      }
    });
    controls.push(el('div', { className: 'row' }, [el('label', { for: select.id, text: 'Or pick a test digit:' }), select]), el('div', { className: 'row' }, [use, all]));
  }
  return controls;
}

function tableInput(card, description, samples) {
  const form = el('form', { className: 'table-form', 'data-testid': 'table-form' });
  const fields = [];
  for (const [i, col] of description.columns.entries()) {
    const id = `${card.id}-col-${i}`;
    let field;
    if (col.kind === 'category' || col.kind === 'boolean') {
      field = el('select', { id });
      if (col.optional) field.append(el('option', { value: '', text: '(leave out)' }));
      for (const c of col.kind === 'boolean' ? ['true', 'false'] : (col.categories ?? [])) field.append(el('option', { value: c, text: c }));
    } else {
      field = el('input', { id, type: col.kind === 'date' ? 'date' : col.kind === 'number' ? 'number' : 'text', step: 'any', required: !col.optional });
    }
    field.dataset.column = col.name;
    fields.push({ col, field });
    form.append(el('label', { for: id, text: col.name }), field);
  }
  const fill = (row) => {
    for (const { col, field } of fields) {
      const v = row[col.name];
      field.value = v === null || v === undefined ? '' : String(v);
    }
  };
  const rows = samples?.penguins?.filter((p) => fields.every(({ col }) => col.optional || col.name in p.row)) ?? [];
  if (rows.length) {
    const select = el('select', { id: `${card.id}-sample`, 'data-testid': 'sample-row' });
    rows.forEach((p, i) => select.append(el('option', { value: String(i), text: `Sample ${i + 1} (a ${p.species})` })));
    select.addEventListener('change', () => fill(rows[Number(select.value)].row));
    fill(rows[0].row);
    form.append(el('label', { for: select.id, text: 'Fill with' }), select);
  }
  const submit = el('button', { type: 'submit', className: 'primary', text: 'Predict', 'data-testid': 'table-submit' });
  form.append(el('div', { className: 'row' }, [submit]));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const row = {};
    for (const { col, field } of fields) {
      if (field.value === '') row[col.name] = null;
      else row[col.name] = col.kind === 'number' ? Number(field.value) : field.value;
    }
    void predictInto(card, row);
  });
  return [form];
}

function vectorInput(card, description) {
  const id = `${card.id}-vector`;
  const box = el('textarea', { id, rows: 4, cols: 30, value: new Array(description.shape[0] ?? 1).fill(0).join(', ') });
  const go = el('button', { type: 'button', className: 'primary', text: 'Predict' });
  go.addEventListener('click', () => {
    const xs = box.value.split(/[\s,]+/).filter(Boolean).map(Number);
    void predictInto(card, xs);
  });
  return [el('label', { for: id, text: `${description.shape[0]} numbers, separated by commas:` }), box, el('div', { className: 'row' }, [go])];
}

// ---------------------------------------------------------------------------------------------------------------

async function addCard(title, address, samples, index) {
  const card = template.content.firstElementChild.cloneNode(true);
  card.id = `model-${index}`;
  card.dataset.status = 'connecting';
  main.append(card);
  const slot = (name) => card.querySelector(`[data-slot="${name}"]`);
  card.slots = { title: slot('title'), status: slot('status'), meta: slot('meta'), input: slot('input'), chart: slot('chart'), answer: slot('answer'), list: slot('list'), error: slot('error') };
  card.slots.title.textContent = title;

  // The iframe is put on the page first, then handed to connect (connect can also make one from an address).
  const frame = el('iframe', { title: `Embedded model: ${title}`, src: address, 'data-testid': 'model-frame' });
  slot('frame').append(frame);
  try {
    card.model = await Tensorscope.connect(frame, { timeoutMs: 90_000 });
  } catch (err) {
    card.dataset.status = 'error';
    card.slots.status.textContent = 'The model could not be reached.';
    showError(card, err);
    return;
  }
  const d = card.model.describe();
  card.dataset.status = 'ready';
  card.dataset.kind = d.input;
  card.slots.status.textContent = `Ready: ${d.name}.`;
  const metric = d.testMetric === null ? '' : d.task === 'classification' ? ` · test accuracy ${percent(d.testMetric)}` : ` · test RMSE ${d.testMetric.toPrecision(3)}`;
  const takes = d.input === 'image' ? '28×28 pixels' : d.input === 'table' ? `a row of ${d.columns.length} columns` : `${d.shape[0]} numbers`;
  const answers = d.task === 'classification' ? `${d.classes.length} classes` : (d.target ?? 'a number');
  card.slots.meta.textContent = `Takes ${takes}; answers ${answers}${metric} · ${d.uncertainty ? `error bars from ${PASSES} dropout passes` : 'no dropout, so no error bars'}.`;
  const inputs = d.input === 'image' ? imageInput(card, samples) : d.input === 'table' ? tableInput(card, d, samples) : vectorInput(card, d);
  card.slots.input.replaceChildren(...inputs);
}

async function start() {
  const note = document.getElementById('source-note');
  if (customModel) {
    const address = checkedModelUrl(customModel);
    if (!address) {
      note.textContent = 'The ?model= address is refused: only http(s) addresses of a Tensorscope embed can be used.';
      return;
    }
    note.textContent = `Showing the model at ${address} (from ?model= in this page's address).`;
    await addCard('Your model', address, null, 0);
    return;
  }
  note.replaceChildren(
    'The two models here were trained in Tensorscope and ship as demo-link files under examples/models/. Add ',
    el('code', { text: '?model=<embed address>' }),
    ' to this page’s address to try your own.',
  );
  const samples = await loadSamples();
  const fragments = await Promise.all(
    EXAMPLES.map(async (ex) => {
      const r = await fetch(ex.file);
      if (!r.ok) throw new Error(`${ex.file} could not be fetched (HTTP ${r.status})`);
      return r.text();
    }),
  );
  await Promise.all(EXAMPLES.map((ex, i) => addCard(ex.title, embedAddress(fragments[i]), samples, i)));
}

// Canvas colours are read when drawn: draw the last answers again when the colour scheme changes.
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const card of main.querySelectorAll('[data-testid="model-card"]')) if (card.last) showResult(card, card.last.result, card.last.description);
});

start().catch((err) => {
  document.getElementById('source-note').textContent = `This example could not start: ${err instanceof Error ? err.message : String(err)}`;
});
