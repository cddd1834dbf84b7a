#!/usr/bin/env node
// Live chart benchmark: the cost of one streaming update of the app's BatchChart at 10k and 100k points, and the app's
// main-thread long tasks while it trains, on one build; two builds (before / after a chart change) side by side in
// BENCHMARKS.md. A measurement, not a test: it exits 0 whatever the numbers (non-zero only when the harness breaks).
//
// Usage: npm run bench:charts -- --dist DIR --label before|after [--root DIR] [--build] [--app | --app-only]
//                                [--sizes 10000,100000] [--repeats 3] [--seconds 10] [--hz 20] [--per-update 10]
//                                [--width 720] [--app-train-seconds 10] [--no-write]
//        npm run bench:charts -- --render        (BENCHMARKS.md section from bench-results/charts-{before,after}.json)
// --build builds --root (default: this checkout) into --dist with chartbench.html as an extra input (TS_CHART_BENCH=1);
// without it the build is made only when DIR has no chartbench.html. --app also runs `scripts/bench.mjs --app-only`
// on the same build for the app's long tasks while training; --app-only runs only that. Results go to
// bench-results/charts-<label>.json (a run keeps the other part of an existing file).
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgsFor, chromiumExecutable, cliArgs, gitDescribe, machineInfo, otherChromiums, serveDir } from './benchLib.mjs';
import { median, ratio, spread, summarize } from './benchStats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { argv, flag, opt } = cliArgs();
function die(message) {
  console.error(`bench-charts: ${message}`);
  process.exit(2);
}
const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const resultsDir = path.join(root, 'bench-results');
const resultFile = (label) => path.join(resultsDir, `charts-${label}.json`);

// ---------- render ----------
const START = '<!-- bench:charts -->';
const END = '<!-- bench:charts-end -->';

/** "3.1 (2.9–3.4)": the median over repeats and their range. */
const withRange = (s, d = 1) => (s.n === 0 ? '—' : s.n === 1 ? fmt(s.median, d) : `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`);

/** Per size: each statistic over the repeats of one label. */
function perSize(report, size) {
  const runs = (report?.runs ?? []).filter((r) => r.size === size);
  const of = (pick) => spread(runs.map(pick));
  return {
    n: runs.length,
    updates: runs.reduce((s, r) => s + r.summary.n, 0),
    median: of((r) => r.summary.median),
    p95: of((r) => r.summary.p95),
    max: of((r) => r.summary.max),
    sync: of((r) => r.components.syncMs),
    raf: of((r) => r.components.rafMs),
    render: of((r) => r.components.renderMs),
    longCount: of((r) => r.longTasks.count),
    longTotal: of((r) => r.longTasks.totalMs),
    mount: of((r) => r.mount.totalMs),
    shownOk: runs.every((r) => r.shownPoints == null || r.shownPoints === r.expectedPoints),
    shownUnknown: runs.some((r) => r.shownPoints == null),
    expected: runs[0]?.expectedPoints ?? null,
  };
}

function chartTable(before, after) {
  const sizes = [...new Set([...(before?.runs ?? []), ...(after?.runs ?? [])].map((r) => r.size))].sort((a, b) => a - b);
  const rows = [];
  for (const size of sizes) {
    const b = perSize(before, size);
    const a = perSize(after, size);
    const row = (what, pick, d = 1) => {
      const [sb, sa] = [pick(b), pick(a)];
      const r = ratio(sb.median, sa.median);
      return `| ${fmt(size)} | ${what} | ${withRange(sb, d)} | ${withRange(sa, d)} | ${r == null ? '—' : `**${fmt(r, 2)}**`} |`;
    };
    rows.push(row('update, median (ms)', (x) => x.median, 2));
    rows.push(row('update, p95 (ms)', (x) => x.p95, 2));
    rows.push(row('update, slowest (ms)', (x) => x.max, 1));
    rows.push(row('… React render + commit + effects + microtasks, median (ms)', (x) => x.sync, 2));
    rows.push(row('… frame callbacks (rAF), median (ms)', (x) => x.raf, 2));
    rows.push(row('… style + layout + paint, median (ms)', (x) => x.render, 2));
    rows.push(row('long tasks during the stream (count)', (x) => x.longCount, 0));
    rows.push(row('long tasks during the stream (total ms)', (x) => x.longTotal, 0));
    rows.push(row('first draw of the pre-filled chart (ms)', (x) => x.mount, 1));
  }
  return ['| points | measure | before | after | after / before |', '|--:|---|--:|--:|--:|', ...rows].join('\n');
}

function appTable(before, after) {
  const lt = (app) => app?.longTasksWhileTraining;
  const rows = [
    ['first trained batch, first visit (ms from navigation)', (x) => x.firstBatchMs],
    ['long tasks while training, first visit (count)', (x) => lt(x)?.count],
    ['… total (ms)', (x) => lt(x)?.totalMs],
    ['… longest (ms)', (x) => lt(x)?.maxMs],
    ['… training window (s)', (x) => (lt(x) ? lt(x).windowMs / 1000 : null), 1],
    ['first trained batch, second visit (ms)', (x) => x.secondVisit?.firstBatchMs],
    ['long tasks while training, second visit (count; total ms)', (x) => (x.secondVisit?.longTasksWhileTraining ? `${x.secondVisit.longTasksWhileTraining.count}; ${fmt(x.secondVisit.longTasksWhileTraining.totalMs)}` : null)],
  ];
  const body = rows.map(([what, pick, d]) => {
    const c = (rep) => {
      const app = rep?.app?.result;
      if (!app) return rep?.app?.error ? `not measured (${rep.app.error})` : '—';
      const v = pick(app);
      return typeof v === 'string' ? v : fmt(v, d ?? 0);
    };
    return `| ${what} | ${c(before)} | ${c(after)} |`;
  });
  return ['| app, default Keras MLP preset, Train clicked when enabled | before | after |', '|---|--:|--:|', ...body].join('\n');
}

function describeRun(rep) {
  if (!rep) return 'not measured';
  const busy = rep.busy ? `; load average at start ${rep.busy.loadavg.map((l) => l.toFixed(2)).join(' / ')}${rep.busy.count > 0 ? `, ${rep.busy.count} other Chromium processes` : ''}` : '';
  return `${rep.generatedAt ?? '—'}, built from ${rep.root ?? '—'} (git ${rep.git ?? '—'}) — \`${rep.command}\`${busy}${rep.app ? `; app part ${rep.app.generatedAt} (\`${rep.app.command}\`)` : ''}`;
}

function sectionMarkdown(before, after) {
  const any = after ?? before;
  const o = any?.options;
  const m = any?.machine;
  const checks = [before, after].filter(Boolean).flatMap((rep) => {
    const sizes = [...new Set(rep.runs.map((r) => r.size))];
    return sizes.map((s) => {
      const p = perSize(rep, s);
      return `${rep.label} ${fmt(s)}: ${p.shownUnknown ? 'the chart does not report its point count' : p.shownOk ? `the chart reported all ${fmt(p.expected)} points at the end` : '**the chart showed fewer points than it was given**'}`;
    });
  });
  const effects = [before, after].filter(Boolean).map((rep) => `${rep.label} ${fmt(100 * median(rep.runs.map((r) => r.effectsInSync)))} %`).join(', ');
  return `${START}
## Live chart update cost (before / after the uPlot move)

Generated by \`npm run bench:charts\` (scripts/bench-charts.mjs, page \`chartbench.html\` → \`src/bench/chartBench.tsx\`).
The page mounts the app's own \`BatchChart\` (\`metric: 'loss'\`, \`smoothing: 0.6\`, one marker), ${o ? `${o.width} px wide,` : ''} pre-filled
with N batches, then streams ${o ? `${o.perUpdate} new batches per update at ${o.hz} Hz for ${o.seconds} s` : 'new batches'} the way a run does (an external
store concatenates; the chart gets a new array through \`useSyncExternalStore\`, as from zustand). **An update's cost** is the
main thread's work from handing over the new points until the frame showing them is drawn, without the idle wait for that
frame: the update inside \`flushSync\` (React render, commit and effects: the canvas kit draws in a \`useEffect\`, which React
runs before \`flushSync\` returns for a synchronous update — checked on every update: ${effects || '—'} of updates) plus the
microtasks it queued (uPlot commits its redraw in one), plus the next frame's animation-frame callbacks (from a callback
registered before the update, which runs first, to one registered after it, which runs last), plus the frame's style,
layout and paint (from that last callback to a \`MessageChannel\` message it posts, which runs after the rendering step).
Median and p95 are over the ${o ? fmt(o.seconds * o.hz) : '—'} updates of one run; each cell is the median over ${o?.repeats ?? '—'} repeats (fresh page each)
with their range in brackets. Long tasks: \`PerformanceObserver('longtask')\` (> 50 ms) during the stream. The same harness
page is built into both trees (\`--root\`), so only the chart code differs. Timers are coarsened to 0.1 ms (the page is
not cross-origin isolated, like the app), so "0.00" frame callbacks means neither chart defers work to an animation frame.
The points carry \`epoch\` (313 batches an epoch) and \`timeMs\`, so a chart that draws epoch lines draws them here too
(~320 at 100k points).

\`\`\`sh
# the "before" tree: a worktree of the old commit (node_modules linked, public/data copied) plus this harness page:
# chartbench.html, src/bench/chartBench.tsx, src/bench/chartBenchData.ts and vite.config.ts's chartbench input
npm run bench:charts -- --root /tmp/before --dist /tmp/dist-before --label before --build --app
npm run bench:charts -- --dist /tmp/dist-B --label after --build --app
npm run bench:charts -- --render          # this section, from bench-results/charts-{before,after}.json
\`\`\`

- Machine: ${m ? `${m.cpu}, ${m.cores} logical cores, ${m.ramGB} GB RAM; ${m.platform}; Node ${m.node}` : '—'}; headless ${any?.browser?.version ?? 'Chromium'} with software graphics (SwiftShader), device pixel ratio 1
- Charts compared: before, the hand-written canvas kit (\`CanvasPlot\`, commit 812370f); after, the uPlot charts (\`src/charts/live/\`).
- Before: ${describeRun(before)}
- After: ${describeRun(after)}
- Shared machine: other people's builds and tests ran on the same 2 cores during these runs, so read ratios within ~±20 % as level.

${chartTable(before, after)}

After / before < 1 means the after build is cheaper. Point counts: ${checks.join('; ') || '—'}.

### App: long tasks while training

\`scripts/bench.mjs --app-only\` (the "App" part of \`npm run bench\`) on each build: a fresh page clicks Train on the default
preset as soon as it is enabled; when that short run ends it sets Epochs to 1,000, clicks Train again and trains for
${any?.app?.trainSeconds ?? '—'} s with the charts live (runs of bench.mjs before 12-07: ${any?.app?.trainSeconds ?? '—'} s after the first batch, of which the
default run trained ~3 s); main-thread long tasks are counted from the first run's first trained batch on. The second visit is the same browser profile.

${appTable(before, after)}
${END}`;
}

function render() {
  const read = (label) => (existsSync(resultFile(label)) ? JSON.parse(readFileSync(resultFile(label), 'utf8')) : null);
  const before = read('before');
  const after = read('after');
  if (!before && !after) die('no bench-results/charts-before.json or charts-after.json to render');
  const mdPath = path.join(root, 'BENCHMARKS.md');
  let md = readFileSync(mdPath, 'utf8');
  const section = sectionMarkdown(before, after);
  const s = md.indexOf(START);
  const e = md.indexOf(END);
  if (s >= 0 && e > s) md = md.slice(0, s) + section + md.slice(e + END.length);
  else if (md.includes('<!-- bench:sections -->')) md = md.replace('<!-- bench:sections -->', `${section}\n\n<!-- bench:sections -->`);
  else md = `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(mdPath, md);
  console.log(`bench-charts: wrote the "Live chart update cost" section of ${path.relative(process.cwd(), mdPath)}`);
}

// ---------- measure ----------
function build(srcRoot, dist) {
  console.log(`bench-charts: building ${srcRoot} into ${dist} (TS_CHART_BENCH=1 vite build) …`);
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: srcRoot, stdio: 'inherit', env: { ...process.env, TS_CHART_BENCH: '1' } });
  if (r.status !== 0) die(`vite build in ${srcRoot} failed (exit ${r.status})`);
  if (!existsSync(path.join(dist, 'chartbench.html'))) die(`${dist} has no chartbench.html: is chartbench.html and its vite.config.ts input in ${srcRoot}?`);
}

async function measureCharts(dist, cfg) {
  const { server, base } = await serveDir(dist);
  const args = chromiumArgsFor();
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args });
  const version = `Chromium ${browser.version()}`;
  const runs = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });
    for (let repeat = 1; repeat <= cfg.repeats; repeat++)
      for (const size of cfg.sizes) {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(new URL('chartbench.html', base).toString());
        await page.waitForFunction(() => window.tsChartBench?.ready === true, null, { timeout: 30_000 });
        const options = { prefill: size, perUpdate: cfg.perUpdate, hz: cfg.hz, seconds: cfg.seconds, settleMs: 500, width: cfg.width };
        const r = await page.evaluate((o) => window.tsChartBench.run(o), options);
        await page.close();
        const summary = summarize(r.samples.totalMs);
        const components = { syncMs: median(r.samples.syncMs), rafMs: median(r.samples.rafMs), renderMs: median(r.samples.renderMs) };
        runs.push({ size, repeat, summary, components, mount: r.mount, longTasks: r.longTasks, streamMs: r.streamMs, shownPoints: r.shownPoints, expectedPoints: r.expectedPoints, effectsInSync: r.effectsInSync, pageErrors: errors, samples: r.samples });
        console.log(
          `bench-charts: ${fmt(size).padStart(7)} points · repeat ${repeat}/${cfg.repeats}: update median ${fmt(summary.median, 2)} ms, p95 ${fmt(summary.p95, 2)} ms, max ${fmt(summary.max, 1)} ms ` +
            `(sync ${fmt(components.syncMs, 2)} / rAF ${fmt(components.rafMs, 2)} / paint ${fmt(components.renderMs, 2)}); long tasks ${r.longTasks.count} (${fmt(r.longTasks.totalMs)} ms); first draw ${fmt(r.mount.totalMs, 1)} ms` +
            `${r.shownPoints != null && r.shownPoints !== r.expectedPoints ? `; chart shows ${r.shownPoints} of ${r.expectedPoints} points` : ''}${errors.length ? `; page errors: ${errors.join(' | ').slice(0, 200)}` : ''}`,
        );
      }
    await context.close();
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  return { runs, browser: { version, executable: chromiumExecutable(), args } };
}

/** The app part: bench.mjs --app-only on the same build, its report read back from a temporary JSON file. */
function measureApp(dist, trainSeconds) {
  const out = path.join(os.tmpdir(), `bench-charts-app-${process.pid}.json`);
  const args = ['scripts/bench.mjs', '--no-build', '--app-only', '--no-write', '--dist', dist, '--app-train-seconds', String(trainSeconds), '--json-out', out];
  console.log(`bench-charts: app long tasks: node ${args.join(' ')}`);
  const r = spawnSync('node', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  // Only bench.mjs's app lines: the rest (empty training table, goals about training) is not this benchmark's.
  for (const line of (r.stdout ?? '').split('\n')) if (/bench: app \(/.test(line)) console.log(`  ${line.replace(/; the document fetched.*$/, '')}`);
  if (r.status !== 0 || !existsSync(out)) return { error: `bench.mjs exited ${r.status}`, generatedAt: new Date().toISOString(), command: `node ${args.join(' ')}`, trainSeconds };
  const report = JSON.parse(readFileSync(out, 'utf8'));
  return { generatedAt: report.generatedAt, command: `node ${args.slice(0, -2).join(' ')}`, trainSeconds, result: report.app, busy: report.busy };
}

async function main() {
  if (flag('render')) return render();
  const label = opt('label', 'after');
  if (!/^[A-Za-z0-9._-]+$/.test(label)) die('--label: letters, digits, . _ - only');
  const dist = path.resolve(root, opt('dist', 'dist'));
  const srcRoot = path.resolve(root, opt('root', '.'));
  const appOnly = flag('app-only');
  const cfg = {
    sizes: opt('sizes', '10000,100000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
    repeats: Number(opt('repeats', 3)),
    seconds: Number(opt('seconds', 10)),
    hz: Number(opt('hz', 20)),
    perUpdate: Number(opt('per-update', 10)),
    width: Number(opt('width', 720)),
  };
  if (!cfg.sizes.length || !(cfg.repeats >= 1) || !(cfg.seconds > 0) || !(cfg.hz > 0) || !(cfg.perUpdate >= 1)) die('bad --sizes/--repeats/--seconds/--hz/--per-update');
  if (flag('build') || !existsSync(path.join(dist, 'chartbench.html')) || !existsSync(path.join(dist, 'index.html'))) build(srcRoot, dist);

  mkdirSync(resultsDir, { recursive: true });
  const previous = existsSync(resultFile(label)) ? JSON.parse(readFileSync(resultFile(label), 'utf8')) : null;
  const busy = { ...otherChromiums(), loadavg: os.loadavg() };
  if (busy.count > 0) console.warn(`bench-charts: warning: ${busy.count} other Chromium processes are running (${busy.cpuPercent.toFixed(0)} % CPU): timings may be disturbed`);
  const command = `npm run bench:charts -- ${argv.join(' ')}`;
  let report = { ...(previous ?? {}), label, dist, root: srcRoot, git: gitDescribe(srcRoot), machine: machineInfo() };
  if (!appOnly) {
    console.log(`bench-charts: ${label}: BatchChart, ${cfg.sizes.map((s) => fmt(s)).join(' and ')} points, ${cfg.perUpdate} more per update at ${cfg.hz} Hz for ${cfg.seconds} s, ${cfg.repeats} repeats`);
    const { runs, browser } = await measureCharts(dist, cfg);
    report = { ...report, generatedAt: new Date().toISOString(), command, busy, loadavgAtEnd: os.loadavg(), browser, options: cfg, runs };
  }
  if (appOnly || flag('app')) report.app = measureApp(dist, Number(opt('app-train-seconds', 10)));

  for (const size of cfg.sizes) {
    const p = perSize(report, size);
    if (p.n) console.log(`bench-charts: ${label} ${fmt(size)} points over ${p.n} repeats: update median ${withRange(p.median, 2)} ms, p95 ${withRange(p.p95, 2)} ms, long tasks ${withRange(p.longCount, 0)}`);
  }
  const lt = report.app?.result?.longTasksWhileTraining;
  if (report.app) console.log(`bench-charts: ${label} app: first batch ${fmt(report.app.result?.firstBatchMs)} ms; long tasks while training ${lt ? `${lt.count} (${fmt(lt.totalMs)} ms, longest ${fmt(lt.maxMs)} ms in ${fmt(lt.windowMs / 1000, 1)} s)` : (report.app.error ?? '—')}`);
  if (flag('no-write')) console.log('bench-charts: --no-write: results not written');
  else {
    writeFileSync(resultFile(label), `${JSON.stringify(report)}\n`);
    console.log(`bench-charts: wrote ${path.relative(process.cwd(), resultFile(label))} (then: npm run bench:charts -- --render)`);
  }
}

try {
  await main();
  process.exit(0);
} catch (err) {
  console.error(`bench-charts: the harness failed: ${err?.stack ?? err}`);
  process.exit(1);
}
